"""The gym area."""
