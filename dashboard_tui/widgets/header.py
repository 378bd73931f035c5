"""The header of every screen: Textual's Header, minus the watchers it leaves behind.

Header watches the app's `title` and `sub_title`; Textual drops a closed widget's
watcher only when that value next changes, and ours change only at login. So every
screen ever opened stayed reachable from the app through its header (the header's
subtree, its styles and its rendered lines: about 0.7 MiB per round of opening the gym
area, a workout and its progress, bench/gym_screens.py memory_rounds). This one takes
its watchers off the app when it is unmounted."""

from __future__ import annotations

from typing import Any

from textual.widgets import Header

# Textual keeps an object's watchers in this attribute: {name: [(node, callback)]}.
_WATCHERS = "__watchers"


class AppHeader(Header):
    def _on_unmount(self) -> None:
        watchers: dict[str, list[tuple[Any, Any]]] = getattr(self.app, _WATCHERS, {})
        for name in ("title", "sub_title"):
            if name in watchers:
                watchers[name][:] = [w for w in watchers[name] if w[0] is not self]
