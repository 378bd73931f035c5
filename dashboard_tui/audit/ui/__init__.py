"""The audit history screen."""
