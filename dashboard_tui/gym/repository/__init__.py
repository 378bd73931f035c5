"""The gym's queries, scoped to one user."""
