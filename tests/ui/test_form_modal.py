"""The shell's open_form: what the person saved reaches `then`, also when the save
returns nothing; a cancelled form reaches it never."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import App
from textual.screen import Screen
from textual.widgets import OptionList

from dashboard_tui.finance.ui.forms import ACCOUNT_FORM
from dashboard_tui.gym.ui.forms import TEMPLATE_FORM
from dashboard_tui.kit.forms import FieldSpec, FormSpec
from dashboard_tui.ui.base import DashboardScreen
from dashboard_tui.widgets.form_modal import FormModal, FormSelect
from tests.ui.pilot_helpers import pilot_test, settle


async def run_form(
    keys: tuple[str, ...], spec: object = TEMPLATE_FORM
) -> tuple[list[object], list[object]]:
    saved: list[object] = []
    then: list[object] = []

    def save(values: object) -> None:  # as a service that returns nothing
        saved.append(values)

    app = App()
    async with app.run_test() as pilot:
        screen = Screen()
        await app.push_screen(screen)
        DashboardScreen.open_form(screen, "New", spec, None, save, then.append)  # type: ignore[arg-type]
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        await pilot.press(*keys)
        await settle(pilot, lambda: app.screen is screen)
    return saved, then


@pilot_test
async def test_a_save_that_returns_none_still_reaches_then():
    saved, then = await run_form((*"Push day", "enter"))
    assert [v.name for v in saved] == ["Push day"]  # type: ignore[attr-defined]
    assert then == [None]


@pilot_test
async def test_a_cancelled_form_never_reaches_then():
    saved, then = await run_form(("escape",))
    assert saved == [] and then == []


@pilot_test
async def test_enter_on_a_choice_list_saves_the_form_and_down_opens_it():
    saved, _ = await run_form((*"Cash", "tab", "down", "down", "enter", "enter"), ACCOUNT_FORM)
    assert [(v.name, v.kind) for v in saved] == [("Cash", "savings")]  # type: ignore[attr-defined]
    saved, _ = await run_form((*"Main", "tab", "enter"), ACCOUNT_FORM)
    assert [(v.name, v.kind) for v in saved] == [("Main", "checking")]  # type: ignore[attr-defined]


@dataclass
class PickInput:
    pick: str


HOSTILE_LABELS = ("[b]Savings[/b]", "\x1b[31mRed", "[link=https://x.example]Joint[/link]")
PICK_FORM = FormSpec(
    PickInput,
    (
        FieldSpec(
            "pick",
            "Account",
            choices=tuple((label, str(i)) for i, label in enumerate(HOSTILE_LABELS)),
        ),
    ),
)


@pilot_test
async def test_choice_labels_are_shown_as_typed_never_as_markup():
    """An account's name in a choice list is data: its brackets stay brackets."""
    saved: list[object] = []
    app = App()
    async with app.run_test() as pilot:
        screen = Screen()
        await app.push_screen(screen)
        DashboardScreen.open_form(screen, "Pick", PICK_FORM, None, saved.append, lambda _: None)  # type: ignore[arg-type]
        await settle(pilot, lambda: isinstance(app.screen, FormModal))
        select = app.screen.query_one(FormSelect)
        shown = [str(select.query_one(OptionList).get_option_at_index(i).prompt) for i in range(3)]
        await pilot.press("down", "down", "enter", "enter")
        await settle(pilot, lambda: app.screen is screen)
    assert shown == ["[b]Savings[/b]", "\ufffd[31mRed", "[link=https://x.example]Joint[/link]"]
    assert [v.pick for v in saved] == ["1"]  # type: ignore[attr-defined]
