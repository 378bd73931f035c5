"""The exercise catalog: the shipped exercises (read-only) and the person's own."""

from __future__ import annotations

import uuid

from dashboard_tui.account.auth import Login
from dashboard_tui.db import audit_chain
from dashboard_tui.gym import CATALOG_EXERCISE
from dashboard_tui.gym.dto import CatalogExercise
from dashboard_tui.gym.services.base import GymServiceBase, GymWork, InUse, catalog_exercise
from dashboard_tui.kit.edit import Form, apply_edit, need
from dashboard_tui.kit.errors import PermissionDenied, ValidationError
from dashboard_tui.kit.paging import Cursor, Page, check_page_size, split_page
from dashboard_tui.kit.query import name_key
from dashboard_tui.kit.validation import LABEL_MAX, clean_name, clean_text
from dashboard_tui.models.shared import CatalogItem

MODES = ("strength", "cardio", "mobility")
# Suggestions for forms (the shipped catalog's values); any short text is accepted.
MUSCLE_GROUPS = ("chest", "back", "legs", "shoulders", "arms", "core", "full_body")
EQUIPMENT = ("barbell", "dumbbell", "machine", "cable", "bodyweight", "kettlebell", "band", "other")
SHIPPED_READ_ONLY = "Exercises shipped with the app cannot be changed; create your own instead."


def _mode(value: str) -> str:
    mode = value.strip().lower()
    if mode not in MODES:
        raise ValidationError.one("mode", "Choose strength, cardio or mobility.")
    return mode


def _label(field: str, value: str) -> str | None:
    return clean_text(field, value, max_len=LABEL_MAX, required=False).lower() or None


class ExerciseCatalogService(GymServiceBase):
    def list_exercises(
        self,
        login: Login,
        *,
        text: str = "",
        mode: str | None = None,
        own_only: bool = False,
        page_size: int = 50,
        cursor: Cursor | None = None,
    ) -> Page[CatalogExercise]:
        """Shipped and own exercises by name (any case), keyset-paged; `text` filters
        names (contains), `mode` strength|cardio|mobility."""
        limit = check_page_size(page_size)
        mode_ = _mode(mode) if mode else None

        def work(uow: GymWork) -> Page[CatalogExercise]:
            rows = uow.catalog.page(
                limit=limit + 1,
                after=cursor,
                text=text.strip()[:120],
                mode=mode_,
                own_only=own_only,
            )
            rows, next_cursor = split_page(rows, limit, name_key)
            return Page(tuple(catalog_exercise(r) for r in rows), next_cursor)

        return self._read(login, work)

    def get_exercise(self, login: Login, item_id: uuid.UUID) -> CatalogExercise:
        return self._read(
            login, lambda u: catalog_exercise(need(u.catalog.get(item_id), "exercise"))
        )

    def create_exercise(
        self,
        login: Login,
        *,
        name: str,
        muscle_group: str = "",
        equipment: str = "",
        mode: str = "strength",
    ) -> CatalogExercise:
        def work(uow: GymWork) -> CatalogExercise:
            values = _validated(uow, name, muscle_group, equipment, mode, None)
            row = uow.catalog.add(CatalogItem(**values))
            uow.audit(CATALOG_EXERCISE, "created", row.id, after=audit_chain.snapshot(row))
            return catalog_exercise(row)

        return self._write(login, work)

    def edit_exercise(
        self,
        login: Login,
        item_id: uuid.UUID,
        *,
        name: str | None = None,
        muscle_group: str | None = None,
        equipment: str | None = None,
        mode: str | None = None,
    ) -> CatalogExercise:
        """Change one of your own exercises (None = keep)."""

        def work(uow: GymWork) -> CatalogExercise:
            row = _own(uow, item_id)
            values = _validated(
                uow,
                row.name if name is None else name,
                (row.muscle_group or "") if muscle_group is None else muscle_group,
                (row.equipment or "") if equipment is None else equipment,
                (row.mode or "strength") if mode is None else mode,
                row.id,
            )
            apply_edit(uow, CATALOG_EXERCISE, row, values)
            return catalog_exercise(row)

        return self._write(login, work)

    def delete_exercise(self, login: Login, item_id: uuid.UUID) -> None:
        """Delete one of your own exercises, if no workout or template uses it
        (cardio sessions keep their copy of the name)."""

        def work(uow: GymWork) -> None:
            row = _own(uow, item_id)
            usage = uow.catalog.usage(row.id)
            if usage["workouts"] or usage["templates"]:
                where = [
                    f"{n} {label if n != 1 else label[:-1]}"
                    for label, n in (
                        ("workouts", usage["workouts"]),
                        ("templates", usage["templates"]),
                    )
                    if n
                ]
                raise InUse(
                    f"“{row.name}” is used in {' and '.join(where)}, so it cannot be "
                    "deleted. Remove it from those first."
                )
            before = audit_chain.snapshot(row)
            uow.catalog.delete(row)
            uow.audit(CATALOG_EXERCISE, "deleted", item_id, before=before)

        self._write(login, work)


def _own(uow: GymWork, item_id: uuid.UUID) -> CatalogItem:
    row = need(uow.catalog.get(item_id), "exercise")
    if row.user_id is None:
        raise PermissionDenied(SHIPPED_READ_ONLY)
    return row


def _validated(
    uow: GymWork,
    name: str,
    muscle_group: str,
    equipment: str,
    mode: str,
    item_id: uuid.UUID | None,
) -> dict[str, str | None]:
    form = Form()
    values = {
        "name": form.take(clean_name, name),
        "muscle_group": form.take(_label, "muscle_group", muscle_group),
        "equipment": form.take(_label, "equipment", equipment),
        "mode": form.take(_mode, mode),
    }
    if values["name"] and any(r.id != item_id for r in uow.catalog.find_by_name(values["name"])):
        form.errors["name"] = "An exercise with this name already exists."
    form.done()
    return values
