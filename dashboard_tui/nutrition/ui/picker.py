"""Adding a food to a meal in one modal: type part of its name (the results follow
each keystroke, from the catalog's search), enter picks the highlighted one (↑/↓
move), then the amount: `150g`, `1.5 cup`, `2 large` or a bare number in the food's
default unit, and enter logs it. A refused amount's message shows under the field,
which keeps what was typed. Under the list, the highlighted food's portions ("1 cup =
158 g, 1 large = 50 g"), so a person knows what to type after a number. Opened on
recent and frequent foods (`r`), the list starts with those; typing searches as before."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from dashboard_tui.kit.errors import ValidationError
from dashboard_tui.nutrition.ui.base import nutrition_services
from dashboard_tui.nutrition.ui.forms import AMOUNT_MAX
from dashboard_tui.widgets.text import SafeInput, literal
from dashboard_tui.widgets.workers import HoldsKeys, ServiceCalls

if TYPE_CHECKING:
    from dashboard_tui.account.auth import Login
    from dashboard_tui.context import AppContext
    from dashboard_tui.nutrition.dto import Food
    from dashboard_tui.nutrition.log_dto import LoggedItem

RESULTS = 20
SEARCH_MAX = 80
PORTIONS_SHOWN = 4


def grams_text(grams: Decimal) -> str:
    """158.00 → "158", 14.20 → "14.2": the figure as a person reads it."""
    return f"{grams.normalize():f}"


def portions_hint(food: Food) -> str:
    """What a person can type after a number for this food: "1 cup = 158 g, ..."."""
    shown = [f"1 {p.name} = {grams_text(p.grams)} g" for p in food.portions[:PORTIONS_SHOWN]]
    if len(food.portions) > PORTIONS_SHOWN:
        shown.append("…")
    portions = ", ".join(shown) if shown else "none, type grams"
    return f"{food.name}: portions {portions}"


def food_prompt(food: Food) -> Content:
    mine = "  mine" if food.own else ""
    return Content.assemble(literal(food.name), (f"  {food.kcal_per_100g} kcal/100 g{mine}", "dim"))


class FoodPicker(ServiceCalls, ModalScreen["LoggedItem | None"]):
    DEFAULT_CSS = """
    FoodPicker { align: center middle; }
    FoodPicker > Vertical {
        width: 90; max-width: 100%; height: 80%; padding: 0 1; border: round $accent;
        background: $surface;
    }
    FoodPicker #food-results { height: 1fr; }
    FoodPicker #food-portions { color: $text-muted; height: auto; max-height: 2; }
    FoodPicker .picker-note { color: $text-muted; }
    FoodPicker #amount-error { color: $text-error; height: auto; }
    FoodPicker #amount-box { height: auto; display: none; }
    FoodPicker.-amount #amount-box { display: block; }
    FoodPicker.-amount #food-results, FoodPicker.-amount #food-search,
    FoodPicker.-amount #food-portions { display: none; }
    """
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="food_picker.cancel"),
        Binding("down", "move(1)", "Next food", show=False, id="food_picker.down"),
        Binding("up", "move(-1)", "Previous food", show=False, id="food_picker.up"),
    ]

    def __init__(
        self,
        ctx: AppContext,
        login: Login,
        title: str,
        save: Callable[[Food, str], LoggedItem],
        *,
        recent: bool = False,
    ) -> None:
        super().__init__()
        self.ctx, self.login, self.title_text, self.save = ctx, login, title, save
        self.recent = recent
        self.foods: tuple[Food, ...] = ()
        self.shown_for: str | None = None  # the text the results are for (tests wait on it)
        self.food: Food | None = None
        self.pick_when_shown = False  # enter came before the results of what was typed
        # While it waits for them, the keys typed after enter (the amount) wait too:
        # they are meant for the amount field, not the search field still on screen.
        self.release_keys: Callable[[], None] = lambda: None

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = literal(self.title_text)
            box.border_subtitle = "type to search · ↑↓ · enter picks · escape cancels"
            yield SafeInput(
                placeholder="Food name, e.g. oats", max_length=SEARCH_MAX, id="food-search"
            )
            yield OptionList(id="food-results")
            yield Static("", id="food-portions")
            with Vertical(id="amount-box"):
                yield Static("", id="amount-food")
                yield SafeInput(
                    placeholder="e.g. 150g, 1.5 cup, 2 large, or a number",
                    max_length=AMOUNT_MAX,
                    id="amount",
                )
                yield Static("", id="amount-error")
                yield Static(literal("enter logs it · escape cancels"), classes="picker-note")

    def on_mount(self) -> None:
        self.query_one("#food-search", Input).focus()
        self.load("")

    # -- the results --------------------------------------------------------------------
    @on(Input.Changed, "#food-search")
    def typed(self, event: Input.Changed) -> None:
        self.load(event.value)

    def load(self, text: str) -> None:
        ctx, login, recent = self.ctx, self.login, self.recent

        def call() -> tuple[str, tuple[Food, ...]]:
            foods = nutrition_services(ctx).foods
            if recent and not text.strip():
                seen: dict[object, Food] = {}
                for food in (*foods.recent(login), *foods.frequent(login)):
                    seen.setdefault(food.id, food)
                return text, tuple(seen.values())
            return text, foods.search(login, text, limit=RESULTS)

        self.run_call(
            call, self.show_results, failed=self.search_failed, group="search", exclusive=True
        )

    def search_failed(self, error: BaseException) -> None:
        self.release_keys()
        self.report_failure(error)

    def show_results(self, found: tuple[str, tuple[Food, ...]]) -> None:
        text, self.foods = found
        results = self.query_one("#food-results", OptionList)
        results.clear_options()
        self.query_one("#food-portions", Static).update("")
        results.add_options([Option(food_prompt(f)) for f in self.foods])
        if self.foods:
            results.highlighted = 0
        elif text.strip():
            results.add_option(Option(literal("No food matches."), disabled=True))
        self.shown_for = text
        if self.pick_when_shown and text == self.query_one("#food-search", Input).value:
            self.pick_when_shown = False
            self.pick(0)
            self.release_keys()

    @on(OptionList.OptionHighlighted, "#food-results")
    def highlighted_food(self, event: OptionList.OptionHighlighted) -> None:
        index = event.option_index
        hint = portions_hint(self.foods[index]) if 0 <= index < len(self.foods) else ""
        self.query_one("#food-portions", Static).update(literal(hint))

    def action_move(self, step: int) -> None:
        results = self.query_one("#food-results", OptionList)
        if self.food is None and self.foods:
            current = results.highlighted or 0
            results.highlighted = max(0, min(len(self.foods) - 1, current + step))

    @on(OptionList.OptionSelected, "#food-results")
    def clicked(self, event: OptionList.OptionSelected) -> None:
        self.pick(event.option_index)

    # -- picking, then the amount ---------------------------------------------------------
    @on(Input.Submitted, "#food-search")
    def search_entered(self) -> None:
        if self.shown_for != self.query_one("#food-search", Input).value:
            self.pick_when_shown = True  # picked when they are in
            if isinstance(self.app, HoldsKeys):
                self.release_keys = self.app.hold_keys()
            return
        self.pick(self.query_one("#food-results", OptionList).highlighted or 0)

    def pick(self, index: int) -> None:
        if not 0 <= index < len(self.foods):
            return
        self.food = food = self.foods[index]
        self.add_class("-amount")
        unit = "grams" if food.default_unit == "g" else food.default_unit
        portions = ", ".join(p.label for p in food.portions[:4])
        note = f"{food.name}: {food.kcal_per_100g} kcal per 100 g. A bare number is {unit}."
        if portions:
            note += f" Portions: {portions}."
        self.query_one("#amount-food", Static).update(literal(note))
        self.query_one("#amount", Input).focus()

    @on(Input.Submitted, "#amount")
    def amount_entered(self, event: Input.Submitted) -> None:
        food = self.food
        if food is None or self.is_busy("form"):
            return
        typed, save = event.value, self.save
        self.run_call(
            lambda: save(food, typed),
            self.dismiss,
            failed=self.refused,
            group="form",
            hold_keys=True,
        )

    def refused(self, error: BaseException) -> None:
        if isinstance(error, ValidationError):
            message = " ".join(error.errors.values())
            self.query_one("#amount-error", Static).update(literal(message))
        else:
            self.report_failure(error)

    def action_cancel(self) -> None:
        self.dismiss(None)

    def on_unmount(self) -> None:
        self.release_keys()
