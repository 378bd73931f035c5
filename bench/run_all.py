"""`make bench`: run every bench script in turn and pass its BENCH lines through.

A script is any bench/*.py except this one, helpers (`_*.py`) and bare_app.py (the
baseline app that startup.py launches). Each seeds its own data and cleans up."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
NOT_SCRIPTS = {"run_all.py", "bare_app.py"}


def main() -> int:
    scripts = sorted(
        p for p in HERE.glob("*.py") if p.name not in NOT_SCRIPTS and not p.name.startswith("_")
    )
    failed = []
    for script in scripts:
        print(f"# {script.name}", file=sys.stderr, flush=True)
        # stderr (notes, skips) goes straight to the terminal; stdout is BENCH lines.
        proc = subprocess.run(
            [sys.executable, str(script)], stdout=subprocess.PIPE, text=True, cwd=HERE.parent
        )
        for line in proc.stdout.splitlines():
            if line.startswith("BENCH "):
                print(line, flush=True)
        if proc.returncode != 0:
            failed.append(script.name)
    if failed:
        print(f"# failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
