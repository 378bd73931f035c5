"""The family area's screens."""
