"""Declarative base, naming convention and the column conventions of DESIGN.md §3."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import (
    BigInteger,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    MetaData,
    String,
    TypeDecorator,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_N_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timezone-aware UTC on both engines (SQLite has no timezone type)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class UUIDPk:
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)


class Timestamps:
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)


class UserOwned:
    """Every user-owned row: user_id → users, cascade on delete, indexed."""

    @declared_attr
    def user_id(cls) -> Mapped[uuid.UUID]:
        return mapped_column(
            Uuid, ForeignKey("users.id", ondelete="CASCADE"), index=True, nullable=False
        )


# Owner keys (migration 0006): foreign keys ignore row-level security, so a reference
# between two user-owned tables is (column, user_id) -> parent (id, user_id), and the
# database refuses a row that points at another user's row. References to the catalog
# (shipped rows have user_id NULL) are guarded by triggers instead, made there.
def owner_unique() -> UniqueConstraint:
    """What an owner key refers to, on the parent."""
    return UniqueConstraint("id", "user_id")


def owner_key(column: str, parent: str, *, ondelete: str) -> ForeignKeyConstraint:
    """The reference itself, with its action (CASCADE: the same user's rows go)."""
    return ForeignKeyConstraint(
        [column, "user_id"], [f"{parent}.id", f"{parent}.user_id"], ondelete=ondelete
    )


def owner_check(table: str, column: str, parent: str) -> ForeignKeyConstraint:
    """Beside a column's own ON DELETE SET NULL key: SET NULL on (column, user_id) would
    null user_id too. Deferred, so it is checked after that action has run."""
    return ForeignKeyConstraint(
        [column, "user_id"],
        [f"{parent}.id", f"{parent}.user_id"],
        name=f"fk_{table}_{column}_user_id_{parent}",
        deferrable=True,
        initially="DEFERRED",
    )


def money_column(nullable: bool = False) -> Mapped[int]:
    """Money in integer minor units (cents); the currency sits in its own column."""
    return mapped_column(BigInteger, nullable=nullable)


def currency_column(default: str = "EUR") -> Mapped[str]:
    return mapped_column(String(3), nullable=False, default=default)
