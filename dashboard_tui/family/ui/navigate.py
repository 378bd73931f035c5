"""How the shell opens the family area: the agenda. A family record (the audit
history's jumps, the palette) opens where it is shown: an event the agenda on its
next occurrence, a member the members, a reminder the reminders, a time log its
week (each on its row); others the agenda."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from dashboard_tui.family import EVENT, MEMBER
from dashboard_tui.family.ui.agenda import FamilyScreen
from dashboard_tui.ui.area import AreaUI

if TYPE_CHECKING:
    from dashboard_tui.ui.shell import Shell


def open_family(shell: Shell, view: str | None = None) -> None:
    """The agenda; view "reminders": the reminders list over it."""
    if not isinstance(shell.screen, FamilyScreen):
        shell.go_home()
        shell.push_screen(FamilyScreen())
    if view == "reminders":
        from dashboard_tui.family.ui.reminders import RemindersScreen

        shell.push_screen(RemindersScreen())


def open_record(shell: Shell, entity: str, record_id: uuid.UUID) -> None:
    if entity == EVENT.name:  # the agenda from its next occurrence, on it
        shell.go_home()
        shell.push_screen(FamilyScreen(event_id=record_id))
        return
    if entity == "reminder":  # from a notification or the audit history: the list, on it
        from dashboard_tui.family.ui.reminders import RemindersScreen

        shell.push_screen(RemindersScreen(focus=record_id))
        return
    open_family(shell)
    agenda = shell.screen
    if entity == MEMBER.name and isinstance(agenda, FamilyScreen):  # over the agenda, on it
        agenda.action_members(record_id)
    elif entity == "time_log":  # its week's logs, on it
        from dashboard_tui.family.ui.time_logs import TimeLogsScreen

        shell.push_screen(TimeLogsScreen(log_id=record_id))


AREA_UI = AreaUI(open=open_family, open_record=open_record)
