"""Accounts: authentication, sessions, the token store, the profile (+ ui/)."""
