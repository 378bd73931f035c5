"""Nutrition screens (placeholder: nutrition-day's package replaces this at merge)."""
