"""What an area declares once, so that the rest of the app needs no edit for it.

An `Entity` is one kind of record: its model, its area, the noun its audit actions
use (`gym.set.created`), a label a person reads, how the before/after images its audit
rows keep read in human terms (`Show`: label and format per field, kg not grams), and
a title for one record drawn from such an image ("Set 3 of Bench press, Push day
2026-11-21").

An `Area` is a package (`dashboard_tui.gym`, …) whose `AREA` lists its entities and,
as import paths loaded only when needed, its services, its record search and its
screens. `kit/registry.py` is the one list of area packages: from it come the
audit history's area filter, titles and jumps, the palette's record search, the
home screen's areas, the area keys and the routine rows of the isolation tests.

Heavy things (SQLAlchemy models, services, Textual screens) are named by import
path ("package.module:Name") so declaring an area costs nothing at start-up."""

from __future__ import annotations

import importlib
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


def load(path: str) -> Any:
    """The object an import path "package.module:Name" names."""
    module, _, name = path.partition(":")
    found = importlib.import_module(module)
    return getattr(found, name) if name else found


@dataclass(frozen=True)
class Reading:
    """How the person reading the audit history wants values shown."""

    weight_unit: str = "kg"


Format = Callable[[Any, Reading], str]


def as_text(value: Any, reading: Reading) -> str:
    """A value as it was typed: text as is, a missing value as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


@dataclass(frozen=True)
class Show:
    """One field of an entity's audit images: its key there, what a person calls it,
    and how its stored value reads (grams → "102.5 kg")."""

    key: str
    label: str
    format: Format = as_text


@dataclass(frozen=True)
class Entity:
    name: str  # as audit rows name it: "exercise_set"
    area: str  # the area's name: "gym"
    noun: str  # in its audit actions: "set" → "gym.set.created"
    label: str  # what a person calls one: "Set"
    model: str  # import path of the ORM model: "dashboard_tui.models.gym:ExerciseSet"
    # The fields a person sees in its audit images, in this order (others are not shown).
    fields: tuple[Show, ...] = ()
    # One record's name from an audit image (before or after): "Workout Push day 2026-11-21".
    title: Callable[[Mapping[str, Any]], str] | None = None
    # Import path of the repository whose routine get/page/add/delete serve it.
    repository: str | None = None

    def action(self, verb: str) -> str:
        return f"{self.area}.{self.noun}.{verb}"

    def title_of(self, image: Mapping[str, Any] | None) -> str:
        """ "Set 3 of Bench press, …", or the label alone when the image says too little
        (an image written before it held the names)."""
        if image and self.title is not None:
            try:
                return self.title(image)
            except (KeyError, TypeError, ValueError):
                pass
        return self.label


@dataclass(frozen=True)
class Found:
    """A record found by an area's search (the command palette opens it)."""

    entity: str
    id: uuid.UUID
    title: str
    detail: str


# (the area's services, login, typed text) -> records; runs in a worker thread.
Search = Callable[[Any, Any, str], Sequence[Found]]


@dataclass(frozen=True)
class Area:
    name: str  # "gym": also the prefix of its audit actions
    title: str  # "Gym"
    entities: tuple[Entity, ...] = ()
    key: str | None = None  # the digit that opens it from anywhere; None: no screen of its own
    summary: str = ""  # one line on the home screen
    # Audit action prefixes this area writes → how the audit filter names them.
    audit_groups: Mapping[str, str] = field(default_factory=dict)
    services: str | None = None  # "module:Class", built once per open database
    search: str | None = None  # "module:function" (a Search)
    ui: str | None = None  # "module:NAME" of its screens' AreaUI (the shell's ui/area.py)
    # "module:NAME" of what its services accept, as rules on stored rows (kit/rules.py):
    # an import holds the rows it brings to them.
    stored_rules: str | None = None
    # "module:Class" of its services that fire what is due (kit/notifications.py
    # Alerting): the shell's timer asks every area that has one, in a worker.
    alerts: str | None = None
    # "module:function" (kit/tile.py WeekTile): its tile of this week on the home
    # screen, read through its services in the home screen's worker.
    week: str | None = None
