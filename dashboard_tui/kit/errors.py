"""Errors services raise; each carries a message meant for a person."""

from __future__ import annotations


class ServiceError(Exception):
    """Base: `str(exc)` is safe to show."""


class ValidationError(ServiceError):
    """Bad input: `errors` maps a field name to what is wrong with it."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))

    @classmethod
    def one(cls, field: str, message: str) -> ValidationError:
        return cls({field: message})


class AuthError(ServiceError):
    """Login refused. The message never says which part was wrong."""


class PermissionDenied(ServiceError):
    pass


class NotFound(ServiceError):
    pass
