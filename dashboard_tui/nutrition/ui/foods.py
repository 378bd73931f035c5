"""The food catalog: the person's own foods, and search as you type over the whole
catalog (own foods first, then recently eaten, then the shipped USDA foods).

`/` searches (any words of the name, any order, accents and case ignored); `n` adds
an own food (per 100 g or per serving, with portions such as `cup=240, slice=28`);
`e` (or enter) edits the highlighted own food; `d` hides it (kept for the meals that
refer to it) or shows it again. Shipped foods are read-only: `e` and `d` say so."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from dashboard_tui.kit.forms import FieldSpec, FormSpec
from dashboard_tui.kit.parsing import MAX_INPUT
from dashboard_tui.kit.validation import NAME_MAX
from dashboard_tui.nutrition.catalog import ATTRIBUTION
from dashboard_tui.nutrition.dto import Food
from dashboard_tui.nutrition.services.foods import PORTIONS_MAX, UNIT_MAX, FoodService
from dashboard_tui.ui.record_list import RecordListScreen
from dashboard_tui.widgets.footer import AppFooter
from dashboard_tui.widgets.header import AppHeader
from dashboard_tui.widgets.paged_table import Col, PagedRow, PagedTable
from dashboard_tui.widgets.text import clean, literal, shorten

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.context import AppContext
    from dashboard_tui.kit.paging import Page

SEARCH_LIMIT = 100
NAME_CHARS = 60

FOOD_COLUMNS = (
    Col("Food", 44, min_width=20),
    Col("kcal", 5),
    Col("Protein", 8),
    Col("Carbs", 8),
    Col("Fat", 8),
    Col("Fibre", 8),
    Col("Source", 12),
)


def food_service(ctx: AppContext) -> FoodService:
    """The food service for this open database (built on first use)."""
    return ctx.services(FoodService)


def grams(mg: int | None) -> str:
    """Per 100 g, as a person reads it: "12.6 g"; "—" when not measured."""
    if mg is None:
        return "—"
    return f"{(Decimal(mg) / 1000).quantize(Decimal('0.1'))} g"


def source(food: Food, hidden: bool = False) -> str:
    if food.own:
        return "own, hidden" if hidden else "own"
    return f"USDA {food.source_id}" if food.source_id else "app"


@dataclass(frozen=True)
class Listed:
    """A row's value: the food, and whether it is hidden (own foods only)."""

    food: Food
    hidden: bool = False


def food_row(food: Food, hidden: bool = False) -> PagedRow:
    cells = (
        food.name,
        str(food.kcal_per_100g),
        grams(food.protein_mg_per_100g),
        grams(food.carbs_mg_per_100g),
        grams(food.fat_mg_per_100g),
        grams(food.fibre_mg_per_100g),
        source(food, hidden),
    )
    return PagedRow(str(food.id), cells, Listed(food, hidden))


def foods_loader(ctx: AppContext, login: Login) -> Any:
    """Runs in a worker thread: no text → the person's own foods (hidden ones too,
    marked); text → search as you type over the whole catalog."""

    def load(cursor: Any, limit: int, text: str) -> Page[PagedRow]:
        from dashboard_tui.kit.paging import Page

        foods = food_service(ctx)
        if text.strip():
            return Page([food_row(f) for f in foods.search(login, text, limit=SEARCH_LIMIT)], None)
        shown = {f.id for f in foods.own_foods(login, limit=SEARCH_LIMIT)}
        everything = foods.own_foods(login, limit=SEARCH_LIMIT, include_hidden=True)
        return Page([food_row(f, f.id not in shown) for f in everything], None)

    return load


# -- the own-food form ---------------------------------------------------------------
@dataclass(frozen=True)
class FoodInput:
    name: str
    per: str
    serving_grams: str
    kcal: str
    protein: str
    carbs: str
    fat: str
    fibre: str
    portions: str
    default_unit: str


def _typed(key: str) -> Any:
    return lambda entered: entered[key]


FOOD_FORM: FormSpec[dict[str, str], FoodInput] = FormSpec(
    FoodInput,
    (
        FieldSpec("name", "Name", read=_typed("name"), max_length=NAME_MAX),
        FieldSpec(
            "per",
            "Values are per",
            read=_typed("per"),
            default="100g",
            choices=(("100 g", "100g"), ("serving", "serving")),
        ),
        FieldSpec(
            "serving_grams",
            "Serving (g)",
            read=_typed("serving_grams"),
            placeholder="only per serving: 60",
            max_length=MAX_INPUT,
        ),
        FieldSpec("kcal", "Energy (kcal)", read=_typed("kcal"), max_length=MAX_INPUT),
        FieldSpec("protein", "Protein (g)", read=_typed("protein"), max_length=MAX_INPUT),
        FieldSpec("carbs", "Carbohydrate (g)", read=_typed("carbs"), max_length=MAX_INPUT),
        FieldSpec("fat", "Fat (g)", read=_typed("fat"), max_length=MAX_INPUT),
        FieldSpec("fibre", "Fibre (g)", read=_typed("fibre"), max_length=MAX_INPUT),
        FieldSpec(
            "portions",
            "Portions",
            read=_typed("portions"),
            placeholder="cup=240, slice=28.5",
            max_length=PORTIONS_MAX,
        ),
        FieldSpec(
            "default_unit",
            "A bare number is",
            read=_typed("default_unit"),
            placeholder="g, or a portion's name",
            max_length=UNIT_MAX,
        ),
    ),
)


def said(food: Food) -> str:
    return f"“{shorten(clean(food.name), NAME_CHARS)}”"


class FoodCatalogScreen(RecordListScreen):
    """The food catalog: own foods, search, and the own-food form."""

    ROW_TYPE: ClassVar[type] = Listed
    BINDINGS = [
        Binding("escape", "back", "Back", id="foods.back"),
        Binding("slash", "search", "Search", id="foods.search"),
        Binding("n", "new_food", "New food", id="foods.new"),
        Binding("e", "edit_food", "Edit", id="foods.edit"),
        Binding("d", "hide_food", "Hide/show", id="foods.hide"),
    ]

    def compose(self) -> ComposeResult:
        yield AppHeader()
        with Vertical(id="foods"):
            yield Static(literal("Food catalog"), id="foods-title")
            yield Static(
                literal(
                    "/ searches every food (any words, any order). Shipped foods: "
                    f"{ATTRIBUTION} (USDA, public domain); values per 100 g."
                ),
                id="foods-note",
            )
            yield PagedTable(
                *FOOD_COLUMNS,
                loader=foods_loader(self.ctx, self.login),
                page_size=SEARCH_LIMIT,
                empty_text="No own foods yet: n adds one, / searches the catalog.",
                filter_placeholder="Search foods (escape: clear)",
                filter_max_length=200,
                id="foods-table",
            )
        yield AppFooter()

    def on_mount(self) -> None:
        self.table.focus()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_search(self) -> None:
        self.table.open_filter()

    def open_row(self) -> None:
        self.action_edit_food()

    def _own(self) -> Listed | None:
        listed = self.highlighted()
        if listed is None:
            return None
        if not listed.food.own:
            self.notify(
                f"{said(listed.food)} is shipped with the app and cannot be changed; "
                "n adds your own food.",
                markup=False,
            )
            return None
        return listed

    def action_new_food(self) -> None:
        ctx, login = self.ctx, self.login
        self.open_form(
            "New food",
            FOOD_FORM,
            None,
            lambda v: food_service(ctx).add_own(login, **_kwargs(v)),
            lambda f: self.changed(f"Food {said(f)} added."),
            note="Values per 100 g, or per serving with its weight in grams.",
        )

    def action_edit_food(self) -> None:
        listed = self._own()
        if listed is None:
            return
        ctx, login, food = self.ctx, self.login, listed.food

        def opened(entered: dict[str, str]) -> None:
            self.open_form(
                f"Edit {said(food)}",
                FOOD_FORM,
                entered,
                lambda v: food_service(ctx).edit_own(login, food.id, **_kwargs(v)),
                lambda f: self.changed(f"Food {said(f)} saved."),
            )

        self.run_call(lambda: food_service(ctx).entered(login, food.id), opened, group="read")

    def action_hide_food(self) -> None:
        listed = self._own()
        if listed is None:
            return
        ctx, login, food = self.ctx, self.login, listed.food
        if listed.hidden:
            self.run_call(
                lambda: food_service(ctx).hide_own(login, food.id, hidden=False),
                lambda f: self.changed(f"Food {said(f)} is offered in search again."),
            )
            return
        self.ask_then_run(
            f"Hide {said(food)}? Meals that have it keep it; it is no longer offered.",
            lambda: food_service(ctx).hide_own(login, food.id),
            lambda f: self.changed(f"Food {said(f)} hidden."),
        )


def _kwargs(v: FoodInput) -> dict[str, str]:
    return {
        "name": v.name,
        "per": v.per,
        "serving_grams": v.serving_grams,
        "kcal": v.kcal,
        "protein": v.protein,
        "carbs": v.carbs,
        "fat": v.fat,
        "fibre": v.fibre,
        "portions": v.portions,
        "default_unit": v.default_unit,
    }
