"""The gym's screens and widgets."""
