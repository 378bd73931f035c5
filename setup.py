"""The package list, found rather than written out: every package under dashboard_tui/,
plus migrations/, which ships inside the wheel as dashboard_tui.migrations (mapped in
pyproject.toml's package-dir) so `db upgrade` works from an installed wheel. Discovery
alone cannot see a package that lives outside its parent's folder, hence this file."""

from setuptools import find_packages, setup

MIGRATIONS = find_packages("migrations")  # "versions"
setup(
    packages=[
        *find_packages(include=["dashboard_tui", "dashboard_tui.*"]),
        "dashboard_tui.migrations",
        *(f"dashboard_tui.migrations.{name}" for name in MIGRATIONS),
    ]
)
