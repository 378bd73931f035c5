"""Nutrition (placeholder until the nutrition-day branch's AREA declaration replaces
this file at merge: that branch owns the area package's __init__ and registry entry)."""
