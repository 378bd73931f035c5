"""Goals: energy and optional protein/carbs/fat, effective-dated. A goal set from a
day applies from then on; the days before keep the goal they had."""

from __future__ import annotations

import uuid
from datetime import date

from dashboard_tui.db import audit_chain
from dashboard_tui.kit.errors import NotFound, ValidationError
from dashboard_tui.kit.service import Actor
from dashboard_tui.models.nutrition import NutritionGoal
from dashboard_tui.nutrition import GOAL
from dashboard_tui.nutrition.log_dto import GoalInfo
from dashboard_tui.nutrition.services.base import (
    NutritionServiceBase,
    NutritionWork,
    goal_info,
    parse_kcal,
    parse_macro,
)


class GoalService(NutritionServiceBase):
    def set_goal(
        self,
        login: Actor,
        *,
        effective_from: str | date | None,
        kcal: str | int,
        protein: str | int | None = None,
        carbs: str | int | None = None,
        fat: str | int | None = None,
    ) -> GoalInfo:
        """The goal from `effective_from` on (today when empty); one set on the same
        day is replaced."""
        errors: dict[str, str] = {}
        values: dict[str, int | None] = {}
        for key, field, value in (
            ("protein_mg", "protein", protein),
            ("carbs_mg", "carbs", carbs),
            ("fat_mg", "fat", fat),
        ):
            try:
                values[key] = parse_macro(value, field)
            except ValidationError as error:
                errors.update(error.errors)
        try:
            values["kcal"] = parse_kcal(kcal)
            if values["kcal"] == 0:
                errors["kcal"] = "A goal of 0 kcal? Type the energy you aim for."
        except ValidationError as error:
            errors.update(error.errors)
        if errors:
            raise ValidationError(errors)

        def work(uow: NutritionWork) -> GoalInfo:
            when = uow.date(effective_from or uow.today, "effective_from")
            found = uow.goals.on(when)
            if found is not None and found.effective_from == when:
                before = audit_chain.snapshot(found)
                for key, value in values.items():
                    setattr(found, key, value)
                uow.session.flush()
                uow.audit(
                    GOAL, "changed", found.id, before=before, after=audit_chain.snapshot(found)
                )
                return goal_info(found)
            row = uow.goals.add(NutritionGoal(effective_from=when, **values))
            uow.audit(GOAL, "created", row.id, after=audit_chain.snapshot(row))
            return goal_info(row)

        return self._write(login, work)

    def goal_on(self, login: Actor, day: str | date | None = None) -> GoalInfo | None:
        def work(uow: NutritionWork) -> GoalInfo | None:
            found = uow.goals.on(uow.date(day or uow.today))
            return goal_info(found) if found else None

        return self._read(login, work)

    def history(self, login: Actor) -> tuple[GoalInfo, ...]:
        """Every goal, the newest first."""
        return self._read(login, lambda uow: tuple(goal_info(g) for g in uow.goals.history()))

    def delete_goal(self, login: Actor, goal_id: uuid.UUID) -> None:
        def work(uow: NutritionWork) -> None:
            row = uow.goals.get(goal_id)
            if row is None:
                raise NotFound("That goal is gone (deleted elsewhere?).")
            before = audit_chain.snapshot(row)
            uow.goals.delete(row)
            uow.audit(GOAL, "deleted", goal_id, before=before)

        self._write(login, work)
