"""The food catalog: search as you type, recent and frequent foods, and the person's
own foods (shipped foods are read-only).

Own foods are entered per 100 g or per serving. Per serving, the service keeps the
serving as a portion ("serving" = the grams typed) and stores per-100 g integers
rounded half-even from the typed values (exact Decimal arithmetic); the typed values
are kept as typed (`attributes["entered"]`), so the edit form shows them back. For a
serving of up to 100 g, one serving computed back from the stored values equals
what was typed (the rounding error of per-100 g scales down by grams/100)."""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any

from dashboard_tui.db import audit_chain
from dashboard_tui.db.audit_chain import NO_CLIENT, ClientInfo
from dashboard_tui.db.uow import Database
from dashboard_tui.kit.edit import Form, audit_edit, need
from dashboard_tui.kit.errors import PermissionDenied, ValidationError
from dashboard_tui.kit.parsing import MAX_INPUT
from dashboard_tui.kit.service import Actor, Service, UnitOfWork
from dashboard_tui.kit.validation import clean_name
from dashboard_tui.models.base import utcnow
from dashboard_tui.models.food_catalog import FoodPortion
from dashboard_tui.models.shared import CatalogItem
from dashboard_tui.nutrition.amounts import GRAMS, MAX_GRAMS
from dashboard_tui.nutrition.catalog import search_key, search_words
from dashboard_tui.nutrition.dto import Food, Portion
from dashboard_tui.nutrition.food_entity import FOOD
from dashboard_tui.nutrition.food_repository import FoodRepository

SHIPPED_READ_ONLY = "Foods shipped with the app cannot be changed; add your own instead."
MAX_LIMIT = 100
FREQUENT_DAYS = 90
MAX_WORDS = 8
PER = ("100g", "serving")
MAX_KCAL_PER_100G = 1000  # pure fat is 900
MAX_KCAL_PER_SERVING = 20_000
MAX_PORTIONS = 12
PORTIONS_MAX = 300  # characters of the portions text ("cup=240, slice=28.5")
UNIT_MAX = 24
_PORTION_NAME = re.compile(r"^[a-z][a-z\- ]{0,23}$")
_RESERVED_UNITS = frozenset({"g", "gr", "gram", "grams", "kg", "kilo", "kilos", "kilogram"})


class FoodWork(UnitOfWork):
    @property
    def foods(self) -> FoodRepository:
        return self.repo(FoodRepository)


def _dto(row: CatalogItem, portions: Sequence[FoodPortion]) -> Food:
    return Food(
        id=row.id,
        name=row.name,
        own=row.user_id is not None,
        kcal_per_100g=row.kcal_per_100g or 0,
        protein_mg_per_100g=row.protein_mg_per_100g,
        carbs_mg_per_100g=row.carbs_mg_per_100g,
        fat_mg_per_100g=row.fat_mg_per_100g,
        fibre_mg_per_100g=row.fibre_mg_per_100g,
        portions=tuple(Portion(p.name, p.label, Decimal(p.centigrams) / 100) for p in portions),
        default_unit=row.default_unit or GRAMS,
        source_id=row.source_id,
    )


def _foods(uow: FoodWork, rows: Sequence[CatalogItem]) -> tuple[Food, ...]:
    portions = uow.foods.portions([r.id for r in rows])
    return tuple(_dto(r, portions[r.id]) for r in rows)


def _limit(limit: int) -> int:
    if not 1 <= limit <= MAX_LIMIT:
        raise ValidationError.one("limit", f"Between 1 and {MAX_LIMIT}.")
    return limit


# -- own food input ---------------------------------------------------------------------
def _decimal(field: str, text: str, *, places: int, required: bool) -> Decimal | None:
    if len(text) > MAX_INPUT:
        raise ValidationError.one(field, f"At most {MAX_INPUT} characters.")
    raw = text.strip().replace(",", ".")
    if not raw:
        if required:
            raise ValidationError.one(field, "This field is required.")
        return None
    if not re.fullmatch(r"\d+(\.\d+)?|\.\d+", raw):
        raise ValidationError.one(field, "Type a number such as 12 or 3.5 (no sign).")
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:  # pragma: no cover - the pattern admits digits only
        raise ValidationError.one(field, "Type a number.") from exc
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise ValidationError.one(field, f"At most {places} decimals.")
    return value


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), ROUND_HALF_EVEN))


def _portions(text: str) -> list[tuple[str, Decimal]]:
    """ "cup=240, slice=28.5" → [("cup", 240), ("slice", 28.5)]."""
    if len(text) > PORTIONS_MAX:
        raise ValidationError.one("portions", f"At most {PORTIONS_MAX} characters.")
    found: list[tuple[str, Decimal]] = []
    for part in re.split(r"[;,\n]", text):
        if not part.strip():
            continue
        name, sep, grams = part.partition("=")
        name = re.sub(r"\s+", " ", name.strip().lower())
        if not sep or not _PORTION_NAME.match(name) or name in _RESERVED_UNITS:
            raise ValidationError.one(
                "portions",
                "Write portions as name=grams, e.g. cup=240, slice=28.5 "
                "(a name of letters, at most 24).",
            )
        value = _decimal("portions", grams, places=2, required=True)
        assert value is not None
        if value <= 0 or value > MAX_GRAMS:
            raise ValidationError.one("portions", "A portion weighs more than 0 g, at most 10 kg.")
        if any(n == name for n, _ in found):
            raise ValidationError.one("portions", f"“{name}” is listed twice.")
        found.append((name, value))
    if len(found) > MAX_PORTIONS:
        raise ValidationError.one("portions", f"At most {MAX_PORTIONS} portions.")
    return found


def _values(
    *,
    name: str,
    kcal: str,
    protein: str,
    carbs: str,
    fat: str,
    fibre: str,
    per: str,
    serving_grams: str,
    portions: str,
    default_unit: str,
) -> tuple[dict[str, Any], list[tuple[str, Decimal]]]:
    """The row's values and its portions, or every field's error at once."""
    form = Form()
    clean = form.take(clean_name, name)
    per_ = per.strip().lower().replace(" ", "")
    if per_ not in PER:
        form.errors["per"] = "Per 100g or per serving."
    serving = (
        form.take(_decimal, "serving_grams", serving_grams, places=2, required=True)
        if per_ == "serving"
        else None
    )
    if serving is not None and not (0 < serving <= MAX_GRAMS):
        form.errors["serving_grams"] = "A serving weighs more than 0 g, at most 10 kg."
    energy = form.take(_decimal, "kcal", kcal, places=0, required=True)
    limit = MAX_KCAL_PER_SERVING if per_ == "serving" else MAX_KCAL_PER_100G
    if energy is not None and energy > limit:
        form.errors["kcal"] = f"At most {limit} kcal."
    macros = {
        key: form.take(_decimal, key, text, places=3, required=False)
        for key, text in (("protein", protein), ("carbs", carbs), ("fat", fat), ("fibre", fibre))
    }
    listed = form.take(_portions, portions) or []
    form.done()
    assert energy is not None
    base = serving if per_ == "serving" and serving else Decimal(100)
    scale = Decimal(100) / base

    def per_100g(value: Decimal | None, factor: int) -> int | None:
        return None if value is None else _round(value * factor * scale)

    values: dict[str, Any] = {
        "name": clean,
        "search_key": search_key(clean),
        "kcal_per_100g": per_100g(energy, 1),
        "protein_mg_per_100g": per_100g(macros["protein"], 1000),
        "carbs_mg_per_100g": per_100g(macros["carbs"], 1000),
        "fat_mg_per_100g": per_100g(macros["fat"], 1000),
        "fibre_mg_per_100g": per_100g(macros["fibre"], 1000),
        "source_id": None,
    }
    mass = sum(
        values[k] or 0 for k in ("protein_mg_per_100g", "carbs_mg_per_100g", "fat_mg_per_100g")
    )
    if mass > 100_000:
        raise ValidationError.one(
            "protein", "Protein, carbohydrate and fat exceed the food's weight."
        )
    if values["kcal_per_100g"] > MAX_KCAL_PER_100G:
        raise ValidationError.one("kcal", f"That is more than {MAX_KCAL_PER_100G} kcal per 100 g.")
    if per_ == "serving" and serving is not None and not any(n == "serving" for n, _ in listed):
        listed.insert(0, ("serving", serving))
    if len(default_unit) > UNIT_MAX:
        raise ValidationError.one("default_unit", f"At most {UNIT_MAX} characters.")
    unit = default_unit.strip().lower() or ("serving" if per_ == "serving" else GRAMS)
    if unit != GRAMS and not any(n == unit for n, _ in listed):
        raise ValidationError.one(
            "default_unit",
            f"Use g or one of the portions: {', '.join(n for n, _ in listed)}."
            if listed
            else "Use g (or add a portion first).",
        )
    values["default_unit"] = unit
    values["attributes"] = {
        "entered": {
            "per": per_,
            "serving_grams": serving_grams.strip() if per_ == "serving" else "",
            "kcal": kcal.strip(),
            "protein": protein.strip(),
            "carbs": carbs.strip(),
            "fat": fat.strip(),
            "fibre": fibre.strip(),
        }
    }
    return values, listed


def _image(row: CatalogItem, portions: Sequence[tuple[str, Decimal]]) -> dict[str, Any]:
    image = audit_chain.snapshot(row)
    image["portions"] = [{"name": n, "grams": str(g)} for n, g in portions]
    return image


def _own(uow: FoodWork, food_id: uuid.UUID) -> CatalogItem:
    row = need(uow.foods.get(food_id), "food")
    if row.user_id is None:
        raise PermissionDenied(SHIPPED_READ_ONLY)
    return row


def _portion_rows(listed: Sequence[tuple[str, Decimal]]) -> list[FoodPortion]:
    return [FoodPortion(name=n, label=f"1 {n} ({g} g)", centigrams=int(g * 100)) for n, g in listed]


class FoodService(Service[FoodWork]):
    uow_class = FoodWork

    def __init__(
        self,
        db: Database,
        *,
        clock: Callable[[], datetime] = utcnow,
        client: ClientInfo = NO_CLIENT,
    ) -> None:
        super().__init__(db, clock=clock, client=client)

    # -- reading ---------------------------------------------------------------------
    def search(self, login: Actor, text: str, *, limit: int = 20) -> tuple[Food, ...]:
        """Foods whose name has every typed word (as a word start, any order, any case
        or accent): own first, then recently eaten, then shipped. "" → recent foods."""
        words = search_words(text[:200])[:MAX_WORDS]
        if not words:
            return self.recent(login, limit=limit)
        n = _limit(limit)
        return self._read(login, lambda u: _foods(u, u.foods.search(words, limit=n)))

    def get(self, login: Actor, food_id: uuid.UUID) -> Food:
        return self._read(login, lambda u: _foods(u, [need(u.foods.get(food_id), "food")])[0])

    def recent(self, login: Actor, *, limit: int = 10) -> tuple[Food, ...]:
        """The person's logged foods, the most recently logged first."""
        n = _limit(limit)

        def work(uow: FoodWork) -> tuple[Food, ...]:
            return self._by_ids(uow, uow.foods.recent(limit=n + 20), n)

        return self._read(login, work)

    def frequent(self, login: Actor, *, limit: int = 10) -> tuple[Food, ...]:
        """The foods logged most often in the last 90 days, most first."""
        n = _limit(limit)

        def work(uow: FoodWork) -> tuple[Food, ...]:
            since = uow.today - timedelta(days=FREQUENT_DAYS)
            return self._by_ids(uow, uow.foods.frequent(since=since, limit=n + 20), n)

        return self._read(login, work)

    @staticmethod
    def _by_ids(uow: FoodWork, ids: Sequence[uuid.UUID], limit: int) -> tuple[Food, ...]:
        rows = uow.foods.get_many(ids)
        shown = [rows[i] for i in ids if i in rows and not rows[i].hidden][:limit]
        return _foods(uow, shown)

    def own_foods(
        self, login: Actor, *, limit: int = 100, include_hidden: bool = False
    ) -> tuple[Food, ...]:
        """The person's own foods, newest first."""
        n = _limit(limit)
        return self._read(
            login, lambda u: _foods(u, u.foods.own(limit=n, include_hidden=include_hidden))
        )

    def entered(self, login: Actor, food_id: uuid.UUID) -> dict[str, str]:
        """An own food's values as the person typed them (for the edit form)."""

        def work(uow: FoodWork) -> dict[str, str]:
            row = _own(uow, food_id)
            portions = uow.foods.portions([row.id])[row.id]
            typed = dict((row.attributes or {}).get("entered") or {})
            serving = typed.get("per") == "serving"
            return {
                "name": row.name,
                "per": typed.get("per", "100g"),
                "serving_grams": typed.get("serving_grams", ""),
                "kcal": typed.get("kcal", str(row.kcal_per_100g or 0)),
                "protein": typed.get("protein", ""),
                "carbs": typed.get("carbs", ""),
                "fat": typed.get("fat", ""),
                "fibre": typed.get("fibre", ""),
                "portions": ", ".join(
                    f"{p.name}={Decimal(p.centigrams) / 100}"
                    for p in portions
                    if not (serving and p.name == "serving")
                ),
                "default_unit": row.default_unit or GRAMS,
            }

        return self._read(login, work)

    # -- own foods --------------------------------------------------------------------
    def add_own(
        self,
        login: Actor,
        *,
        name: str,
        kcal: str,
        protein: str = "",
        carbs: str = "",
        fat: str = "",
        fibre: str = "",
        per: str = "100g",
        serving_grams: str = "",
        portions: str = "",
        default_unit: str = "",
    ) -> Food:
        """A new own food, per 100 g or per serving (see the module's note)."""
        values, listed = _values(
            name=name,
            kcal=kcal,
            protein=protein,
            carbs=carbs,
            fat=fat,
            fibre=fibre,
            per=per,
            serving_grams=serving_grams,
            portions=portions,
            default_unit=default_unit,
        )

        def work(uow: FoodWork) -> Food:
            row = uow.foods.add(CatalogItem(**values, hidden=False))
            uow.foods.replace_portions(row, _portion_rows(listed))
            uow.audit(FOOD, "created", row.id, after=_image(row, listed))
            return _foods(uow, [row])[0]

        return self._write(login, work)

    def edit_own(
        self,
        login: Actor,
        food_id: uuid.UUID,
        *,
        name: str,
        kcal: str,
        protein: str = "",
        carbs: str = "",
        fat: str = "",
        fibre: str = "",
        per: str = "100g",
        serving_grams: str = "",
        portions: str = "",
        default_unit: str = "",
    ) -> Food:
        """Replace an own food's values and portions (shipped foods are refused).
        Past meals keep their snapshot; templates follow the change."""
        values, listed = _values(
            name=name,
            kcal=kcal,
            protein=protein,
            carbs=carbs,
            fat=fat,
            fibre=fibre,
            per=per,
            serving_grams=serving_grams,
            portions=portions,
            default_unit=default_unit,
        )

        def work(uow: FoodWork) -> Food:
            row = _own(uow, food_id)
            old = [
                (p.name, Decimal(p.centigrams) / 100) for p in uow.foods.portions([row.id])[row.id]
            ]
            before = _image(row, old)
            for key, value in values.items():
                setattr(row, key, value)
            uow.foods.replace_portions(row, _portion_rows(listed))
            uow.session.flush()
            audit_edit(uow, FOOD, row, before, lambda r: _image(r, listed))
            return _foods(uow, [row])[0]

        return self._write(login, work)

    def hide_own(self, login: Actor, food_id: uuid.UUID, *, hidden: bool = True) -> Food:
        """Hide an own food from search (kept for the meals that refer to it);
        `hidden=False` shows it again."""

        def work(uow: FoodWork) -> Food:
            row = _own(uow, food_id)
            if row.hidden != hidden:
                listed = [
                    (p.name, Decimal(p.centigrams) / 100)
                    for p in uow.foods.portions([row.id])[row.id]
                ]
                before = _image(row, listed)
                row.hidden = hidden
                uow.session.flush()
                uow.audit(
                    FOOD,
                    "hidden" if hidden else "shown",
                    row.id,
                    before=before,
                    after=_image(row, listed),
                )
            return _foods(uow, [row])[0]

        return self._write(login, work)
