"""Reusable UI pieces: literal text, form fields, the confirm modal, tables."""
