"""Nutrition services (placeholder: nutrition-day's NutritionService replaces this at merge)."""
