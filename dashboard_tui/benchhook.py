"""A hook for bench/startup.py: note when a start-up stage is reached, then quit.

The app calls it at each stage: "first-screen" (the login form is painted and takes
input) and "ready" (the database is open and the screen a person will use — login,
registration or home — is shown). With DASHBOARD_BENCH_EXIT_WHEN_READY naming a
stage, the wall-clock time is written to DASHBOARD_BENCH_READY_FILE and the app
exits; the benchmark subtracts the time it spawned the process, so Textual's
shutdown (and a worker still finishing) is not counted. bench/bare_app.py does the
same. Stdlib only: this module is on the start-up path."""

from __future__ import annotations

import os
import time
from typing import Any

ENV = "DASHBOARD_BENCH_EXIT_WHEN_READY"
READY_FILE_ENV = "DASHBOARD_BENCH_READY_FILE"


def bench_exit_if_requested(app: Any, stage: str) -> None:  # a textual App
    if os.environ.get(ENV) != stage:
        return
    if os.environ.get(READY_FILE_ENV):
        with open(os.environ[READY_FILE_ENV], "w", encoding="ascii") as fh:
            fh.write(repr(time.time()))
    app.exit()
