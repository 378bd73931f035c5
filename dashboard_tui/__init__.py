"""dashboard-tui: gym, money, food and family in one keyboard-first terminal app."""

__version__ = "0.1.0"
APP_NAME = "dashboard-tui"
