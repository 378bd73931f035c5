"""A hook for bench/startup.py: quit as soon as the first real screen is ready.

The benchmark measures a subprocess's wall time from start to exit, for the app and
for a bare Textual app alike; with DASHBOARD_BENCH_EXIT_WHEN_READY=1 the app exits
right after its login (or home) screen has mounted and painted once. Stdlib only:
this module is imported on the start-up path."""

from __future__ import annotations

import os
from typing import Any

ENV = "DASHBOARD_BENCH_EXIT_WHEN_READY"


def bench_exit_if_requested(app: Any) -> None:  # noqa: ANN401 - a textual App, not imported here
    """Call from the screen that ends start-up (login or home), once it is mounted."""
    if os.environ.get(ENV) == "1":
        # After the next refresh, so "ready" includes the first paint of that screen.
        app.call_after_refresh(app.exit)
