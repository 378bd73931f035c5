"""dashboard-tui: gym, money, food and family in one keyboard-first terminal app."""

# The one place the version is written: pyproject.toml reads this line (a plain string
# literal, so setuptools finds it without importing the package).
__version__ = "0.1.0"
APP_NAME = "dashboard-tui"
