"""The footer of every screen, rebuilt only when the keys it shows change.

Textual's Footer recomposes (≈15 key widgets, each styled) on every
refresh_bindings; opening a screen sends several (focus moves, tabs, tables), and
those rebuilds were most of the main thread's work when the gym area opened
(780 → 406 ms, bench/gym_screens.py). This one coalesces them into one check after
the refresh in which they arrived, and skips it when the keys are the same."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer


class AppFooter(Footer):
    _rebuild_pending = False
    _shown: tuple[Any, ...] | None = None

    def keys_shown(self) -> tuple[Any, ...]:
        return tuple(
            (key, active.binding.action, active.binding.description, active.enabled)
            for key, active in self.screen.active_bindings.items()
            if active.binding.show
        )

    def compose(self) -> ComposeResult:
        if self._bindings_ready:
            self._shown = self.keys_shown()
        yield from super().compose()

    def bindings_changed(self, screen: Any) -> None:  # Textual's signature
        self._bindings_ready = True  # as Footer.bindings_changed: compose shows keys now
        if not screen.app.app_focus or not self.is_attached or screen is not self.screen:
            return
        if not self._rebuild_pending:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if self.is_attached and self.keys_shown() != self._shown:
            await self.recompose()
