"""Remappable keys: the catalog of binding ids, and the check of a `[keys]` table.

Every Binding a person may remap has an id, `<scope>.<action>` (`gym.new`,
`table.filter`, `app.help`): a public interface, listed by `dashboard-tui keys` and
in the README. Several bindings may share an id when they do the same thing
(`app.help` is f1 and ? on the app and on the audit entry; `table.down` is j in
every table): one line of `[keys]` moves them all. `App.set_keymap` applies the
table; Textual replaces the keys of every binding with that id.

The catalog is found, not listed: every class with BINDINGS in app.py and in the
modules of `ui/`, `widgets/` and each area's `ui/` package, so a new area's screens
are in it with nothing to maintain. Importing them all costs time (the figure is
in the commit that added this module), so the CLI imports this module only when
the config file has a `[keys]` table, or for `dashboard-tui keys`.

Conflicts. A key the person mapped conflicts with a binding on the same key that
does something else (another action; bindings with the same id or the same action
agree) when both can be live at once:
- in the same class, inherited BINDINGS included (Textual's own: DataTable's keys);
- with a class that is live alongside every screen: the app's bindings and the
  shared widgets (the non-screen classes of `widgets/`, such as the paged table),
  so a key mapped there that also means something on a screen hides one of them;
  a modal screen is the exception: only the app's priority keys reach it;
- a widget class defined in a screen's module is taken to be on that screen.
Two screens never conflict (one is live at a time). A text field's own editing
keys (Textual's ctrl+e in the table's filter field) are no clash for another
class's key: while focused, a field keeps them as it keeps every letter typed. A
priority key (app.quit) works even inside a text field, so it may not be a
character one types. Only conflicts involving a mapped binding, on a key it did not
have by default, are reported: the default layout's deliberate overlaps (escape on
a screen and in the table) are not. Every problem is one line naming the file, the
id, the key and the clash."""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import REPLACED_KEYS, Keys, _character_to_key, key_to_character
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, TextArea

import dashboard_tui
from dashboard_tui.config import did_you_mean, keymap_entry

MODIFIERS = frozenset({"shift", "ctrl", "alt", "meta", "super", "hyper"})
NAMED_KEYS = frozenset(k.value.rpartition("+")[2] for k in Keys)  # f1, pageup, escape…
UI_FOLDERS = ("ui", "widgets")  # dashboard_tui/ui, dashboard_tui/widgets, <area>/ui


@dataclass(frozen=True)
class Bound:
    """One binding of one class, on one key."""

    key: str
    binding: Binding
    owner: type[DOMNode]


@dataclass(frozen=True)
class KeyAction:
    """One remappable id: its default keys, what it does, and where it is bound."""

    id: str
    keys: str  # default, comma-separated, as Textual names them
    description: str
    owners: tuple[type[DOMNode], ...]
    bindings: tuple[Binding, ...]


# -- the catalog -------------------------------------------------------------------------
def ui_modules() -> list[str]:
    """app.py and every module of a ui/ or widgets/ folder, found on disk (walking
    the package would import db/ and models/ for nothing)."""
    root = Path(dashboard_tui.__file__).parent
    folders = [root / name for name in UI_FOLDERS]
    folders += sorted(p / "ui" for p in root.iterdir() if (p / "ui" / "__init__.py").exists())
    found = ["dashboard_tui.app"]
    for folder in folders:
        package = ".".join(folder.relative_to(root.parent).parts)
        found.append(package)
        found += [  # subpackages too (importing them is what finds their modules)
            m.name
            for m in pkgutil.walk_packages([str(folder)], prefix=f"{package}.")
            if m.name != __name__
        ]
    return found


@cache
def bound_classes() -> tuple[type[DOMNode], ...]:
    """Every class of ours that declares BINDINGS, in module order."""
    found: list[type[DOMNode]] = []
    for name in ui_modules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, DOMNode)
                and value.__module__ == name
                and "BINDINGS" in value.__dict__
            ):
                found.append(value)
    return tuple(found)


def bindings_of(cls: type[DOMNode]) -> list[Bound]:
    """The class's bindings, inherited ones included, as Textual merges them."""
    merged = cls._merge_bindings()
    bound = [Bound(key, b, cls) for key, bs in merged.key_to_bindings.items() for b in bs]
    if issubclass(cls, App) and cls.ENABLE_COMMAND_PALETTE:  # bound in App.__init__
        palette = Binding(cls.COMMAND_PALETTE_BINDING, "command_palette", "palette", priority=True)
        bound.append(Bound(palette.key, palette, cls))
    return bound


@cache
def catalog() -> dict[str, KeyAction]:
    """Every binding id, in the order of the modules and their BINDINGS."""
    keys: dict[str, list[str]] = {}
    descriptions: dict[str, str] = {}
    owners: dict[str, list[type[DOMNode]]] = {}
    bindings: dict[str, list[Binding]] = {}
    for cls in bound_classes():
        for bound in bindings_of(cls):
            ident = bound.binding.id
            if ident is None:
                continue
            id_keys = keys.setdefault(ident, [])
            if bound.key not in id_keys:
                id_keys.append(bound.key)
            descriptions.setdefault(ident, bound.binding.description)
            bindings.setdefault(ident, []).append(bound.binding)
            if cls not in owners.setdefault(ident, []):
                owners[ident].append(cls)
    return {
        ident: KeyAction(
            ident,
            ",".join(keys[ident]),
            descriptions[ident],
            tuple(owners[ident]),
            tuple(bindings[ident]),
        )
        for ident in keys
    }


# -- checking a [keys] table -------------------------------------------------------------
def normalized(keys: str) -> list[str]:
    """Textual's normalisation (App.set_keymap): "?" -> question_mark, "/" -> slash."""
    return [
        _character_to_key(k) if len(k) == 1 else k for k in (p.strip() for p in keys.split(","))
    ]


def key_problem(key: str) -> str | None:
    """Why Textual never produces `key`, or None when it can: modifiers in its order
    (alphabetical, as its parser sorts them), then a named key (textual.keys.Keys),
    a letter or digit, or a character's name (question_mark, slash)."""
    *modifiers, base = key.split("+")
    unknown = [m for m in modifiers if m not in MODIFIERS]
    if unknown:
        return f"{unknown[0]!r} is not a modifier ({', '.join(sorted(MODIFIERS))})"
    if modifiers != sorted(set(modifiers)):
        order = "+".join(sorted(set(modifiers)))
        return f"Textual writes the modifiers once each, in this order: {order}"
    if len(base) == 1 and base.isalnum():
        if modifiers and base.isupper():
            return f"with a modifier a letter is lower case: shift+{base.lower()}"
        return None
    named = REPLACED_KEYS.get(base, base)  # slash -> solidus, its Unicode name
    if len(base) > 1 and (base in NAMED_KEYS or key_to_character(named) is not None):
        return None
    return "not a key name (keys are written a, A, 5, ctrl+n, f2, question_mark, pageup, escape)"


def check_keymap(table: Mapping[str, str], source: str) -> list[str]:
    """Every problem of the `[keys]` table read from `source`, one line each."""
    known = catalog()
    problems: list[str] = []
    mapped: dict[str, list[str]] = {}
    for ident, keys in table.items():
        entry = keymap_entry(ident, keys)
        if ident not in known:
            hint = did_you_mean(ident, known, "`dashboard-tui keys` lists them")
            problems.append(f"{source}: [keys] {keymap_entry(ident)} is not an action id{hint}")
            continue
        bad = [(k, why) for k in normalized(keys) if (why := key_problem(k)) is not None]
        if bad:
            key, why = bad[0]
            which = "" if key == keys else f" {keymap_entry(key)}:"
            problems.append(f"{source}: [keys] {entry}:{which} {why}")
            continue
        typed = [k for k in normalized(keys) if key_to_character(k) is not None]
        if typed and any(b.priority for b in known[ident].bindings):
            problems.append(
                f"{source}: [keys] {entry}: {ident} works even while typing in a field, so "
                f"{keymap_entry(typed[0])} could never be typed: give it a key with ctrl or alt"
            )
            continue
        mapped[ident] = normalized(keys)
    for mine, theirs in clashes(mapped):
        ident = mine.binding.id or ""
        entry = keymap_entry(ident, table[ident])
        if len(mapped[ident]) > 1:
            entry += f": {mine.key}"
        what = theirs.binding.description or "no description"
        problems.append(
            f"{source}: [keys] {entry} clashes with {name_of(theirs.binding)} ({what}) "
            f"{where(theirs.owner)}"
        )
    return problems


def remapped(keymap: Mapping[str, list[str]], cls: type[DOMNode]) -> list[tuple[Bound, bool]]:
    """The class's bindings with the keymap applied; True for a key the person gave
    a binding that it did not have by default."""
    result: list[tuple[Bound, bool]] = []
    defaults: dict[str, set[str]] = {}
    for bound in bindings_of(cls):
        ident = bound.binding.id
        if ident is not None:
            defaults.setdefault(ident, set()).add(bound.key)
    seen: set[tuple[str, str]] = set()
    for bound in bindings_of(cls):
        ident = bound.binding.id
        if ident is None or ident not in keymap:
            result.append((bound, False))
            continue
        for key in keymap[ident]:
            if (ident, key) not in seen:
                seen.add((ident, key))
                moved = Bound(key, bound.binding.with_key(key), cls)
                result.append((moved, key not in defaults[ident]))
    return result


def clashes(keymap: Mapping[str, list[str]]) -> Iterator[tuple[Bound, Bound]]:
    """(the mapped binding, the one it clashes with), each pair once."""
    if not keymap:
        return
    classes = bound_classes()
    every = {cls: remapped(keymap, cls) for cls in classes}
    reported: set[tuple[object, ...]] = set()
    for cls in classes:
        for mine, new in every[cls]:
            if not new:
                continue
            for other in classes:
                for theirs, _ in every[other]:
                    if theirs.key != mine.key or agree(mine, theirs):
                        continue
                    if other is not cls and (editing(theirs) or not together(mine, theirs)):
                        continue
                    pair = frozenset({(cls, action_of(mine)), (other, action_of(theirs))})
                    if (pair, mine.key) in reported:
                        continue
                    reported.add((pair, mine.key))
                    yield mine, theirs


def together(one: Bound, two: Bound) -> bool:
    """Two bindings of different classes can be live at once (the module docstring)."""
    for app_side, other in ((one, two), (two, one)):
        if issubclass(app_side.owner, App):
            return app_side.binding.priority or not issubclass(other.owner, ModalScreen)
    a, b = one.owner, two.owner
    if shared(a) or shared(b):
        return not issubclass(a, ModalScreen) and not issubclass(b, ModalScreen)
    # A widget defined beside a screen is on that screen.
    return a.__module__ == b.__module__ and issubclass(a, Screen) != issubclass(b, Screen)


def editing(bound: Bound) -> bool:
    """A text field's own editing key (Textual's ctrl+e in the filter field): the
    field keeps it while focused, as it keeps every letter typed; not a clash."""
    return bound.binding.id is None and issubclass(bound.owner, Input | TextArea)


def shared(cls: type[DOMNode]) -> bool:
    """A widget of widgets/: used on many screens."""
    return cls.__module__.startswith("dashboard_tui.widgets.") and not issubclass(cls, Screen)


def action_of(bound: Bound) -> str:
    action = bound.binding.action
    if issubclass(bound.owner, App) and not action.startswith("app."):
        return f"app.{action}"
    return action


def agree(mine: Bound, theirs: Bound) -> bool:
    """The two do the same thing: no clash."""
    same_id = mine.binding.id is not None and mine.binding.id == theirs.binding.id
    return same_id or action_of(mine) == action_of(theirs)


def name_of(binding: Binding) -> str:
    return binding.id or binding.action


def words(name: str) -> str:
    return " ".join(re.findall(r"[A-Z][a-z0-9]*|[a-z0-9]+", name)).lower()


def where(cls: type[DOMNode]) -> str:
    """Where a person meets the class: 'on the gym screen', 'in the paged table'."""
    if issubclass(cls, App):
        return "everywhere (the app's keys)"
    name = words(cls.__name__)
    if issubclass(cls, Screen):
        return f"on the {name}" if name.endswith(("screen", "modal")) else f"on the {name} screen"
    return f"in the {name}"


def key_table() -> list[KeyAction]:
    """For `dashboard-tui keys` and the README: every id, sorted."""
    return sorted(catalog().values(), key=lambda a: a.id)
