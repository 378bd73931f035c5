"""The gym's use cases."""
