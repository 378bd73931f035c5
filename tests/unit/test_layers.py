"""DESIGN.md §1: the data layers never import Textual."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "dashboard_tui"
DATA_LAYERS = ["models", "kit", "db", "account", "audit", "data", "gym"]


def imported_modules(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", DATA_LAYERS)
def test_data_layers_do_not_import_textual_or_the_ui(layer):
    offenders = [
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in (PACKAGE / layer).rglob("*.py")
        if "ui" not in path.relative_to(PACKAGE).parts
        for name in imported_modules(path)
        if name.split(".")[0] in {"textual", "rich"}
        or name.startswith(("dashboard_tui.ui", "dashboard_tui.widgets", "dashboard_tui.app"))
        or ".ui" in name
    ]
    assert offenders == []
