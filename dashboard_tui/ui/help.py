"""Every key that works right now: the current screen's, then the global ones; under
them, where the shipped data comes from (the food values' source, public domain)."""

from __future__ import annotations

from typing import NamedTuple

from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

# ui may not import the areas: the text is nutrition.catalog.ATTRIBUTION's (a test checks)
ABOUT = (
    "Food values: USDA National Nutrient Database for Standard Reference"
    " (USDA Agricultural Research Service, public domain)."
)


class KeyHelp(NamedTuple):
    keys: str
    description: str
    everywhere: bool


def live_bindings(node: DOMNode) -> BindingsMap:
    """`node`'s bindings with the app's keymap ([keys] in config.toml) applied, as
    Textual applies it to the active bindings: what its keys are right now. A copy:
    `node._bindings` itself keeps the defaults."""
    bindings = node._bindings.copy()
    keymap = node.app._keymap
    if keymap:
        bindings.apply_keymap(keymap)
    return bindings


def declared_here(node: object, binding: Binding) -> bool:
    """The binding comes from one of this app's own classes (not inherited from a
    Textual widget): those are listed even when the footer hides them (j/k, ?)."""
    return any(
        isinstance(b, Binding) and b.action == binding.action
        for cls in type(node).__mro__
        if cls.__module__.startswith("dashboard_tui")
        for b in cls.__dict__.get("BINDINGS", ())
    )


def keys_of(screen: Screen) -> list[KeyHelp]:
    """The bindings active on `screen` (screen, focused widget, app), one line per
    action. Textual's own hidden ones (cursor moves in a text field…) are left out."""
    app = screen.app
    found: dict[tuple[int, str], KeyHelp] = {}
    rank: dict[tuple[int, str], int] = {}
    for key, active in screen.active_bindings.items():
        binding, node = active.binding, active.node
        palette = binding.action == "command_palette"  # Textual's, hidden by default
        shown = binding.show or palette or declared_here(node, binding)
        if not binding.description or not shown or not active.enabled:
            continue
        description = "Command palette" if palette else binding.description
        display = binding.key_display or app.get_key_display(Binding(key, binding.action))
        slot = (id(node), binding.action)
        if slot in found:
            old = found[slot]
            if display not in old.keys.split(" / "):
                found[slot] = old._replace(keys=f"{old.keys} / {display}")
            continue
        found[slot] = KeyHelp(display, description, node is app)
        rank[slot] = 0 if node is screen else 2 if node is app else 1
    # An app key listed under the screen's own binding (Textual's hidden ctrl+c
    # "copy selected text" comes first, and passes the key on when nothing is selected).
    for key, bindings in live_bindings(app).key_to_bindings.items():
        for binding in bindings:
            slot = (id(app), binding.action)
            shadow = screen.active_bindings.get(key)
            if (
                slot in found
                or not binding.description
                or not declared_here(app, binding)
                or shadow is None
                or shadow.node is not screen  # a field's own use of the key (copy) wins
                or shadow.binding.show
                or not app._check_action_state(binding.action, app)
            ):
                continue
            display = binding.key_display or app.get_key_display(binding)
            found[slot] = KeyHelp(display, binding.description, True)
            rank[slot] = 2
    return [found[slot] for slot in sorted(found, key=rank.__getitem__)]


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark,f1", "dismiss", "Close", id="help.close")]

    def __init__(self, screen_name: str, keys: list[KeyHelp]) -> None:
        super().__init__()
        self.screen_name = screen_name
        self.key_help = keys

    def compose(self) -> ComposeResult:
        with Vertical(id="help-box") as box:
            box.border_title = f"Keys: {self.screen_name}"
            box.border_subtitle = "escape closes"
            with VerticalScroll():
                for title, everywhere in (("On this screen", False), ("Everywhere", True)):
                    rows = [k for k in self.key_help if k.everywhere is everywhere]
                    yield Static(Content(title).stylize("bold"), classes="help-heading")
                    yield Static(key_lines(rows), classes="help-keys")
                yield Static(Content("About").stylize("bold"), classes="help-heading")
                yield Static(Content(ABOUT), classes="help-keys", id="help-about")


def key_lines(rows: list[KeyHelp]) -> Content:
    if not rows:
        return Content("(none)")
    width = max(len(r.keys) for r in rows) + 3
    return Content("\n").join(
        Content.assemble((r.keys.ljust(width), "bold"), r.description) for r in rows
    )
