"""Shared: profiles, notifications, the catalog, the audit log, AI credential metadata."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
    Uuid,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from dashboard_tui.models import auth as _auth  # noqa: F401 - users, the FK target
from dashboard_tui.models.base import Base, Timestamps, UserOwned, UTCDateTime, UUIDPk, utcnow

WEIGHT_UNITS = ("kg", "lb")
THEMES = ("textual-dark", "textual-light", "nord", "gruvbox", "dracula", "tokyo-night")
CATALOG_KINDS = (
    "exercise",
    "food",
    "income_category",
    "expense_category",
    "activity_type",
    "event_type",
)


class Profile(UUIDPk, UserOwned, Timestamps, Base):
    __tablename__ = "profiles"
    __table_args__ = (UniqueConstraint("user_id"),)

    weight_unit: Mapped[str] = mapped_column(String(2), default="kg")
    currency: Mapped[str] = mapped_column(String(3), default="EUR")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    week_start: Mapped[int] = mapped_column(SmallInteger, default=0)  # 0 = Monday
    theme: Mapped[str] = mapped_column(String(32), default="textual-dark")


class Notification(UUIDPk, UserOwned, Base):
    """Something the app told the person (kit/notifications.py). `reminder_id`: the
    reminder that fired (it goes with its reminder); `missed`: it fired late, for a
    time while the app was closed (migration 0019)."""

    __tablename__ = "notifications"
    __table_args__ = (
        Index("ix_notifications_user_id_created_at", "user_id", "created_at"),
        ForeignKeyConstraint(
            ["reminder_id", "user_id"],
            ["reminders.id", "reminders.user_id"],
            ondelete="CASCADE",
        ),
    )

    kind: Mapped[str] = mapped_column(String(32), default="info")
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    reminder_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True, index=True)
    missed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class CatalogItem(UUIDPk, Timestamps, Base):
    """One catalog for exercises, foods, categories, activity and event types.
    user_id NULL = shipped with the app; otherwise a user's own entry."""

    __tablename__ = "catalog_items"
    __table_args__ = (
        Index("ix_catalog_items_user_id_kind_name", "user_id", "kind", "name"),
        # Foods: search as you type over the normalised name (migration 0014).
        Index("ix_catalog_items_kind_search_key", "kind", "search_key"),
    )

    user_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=True
    )
    kind: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(120))
    # Exercises
    muscle_group: Mapped[str | None] = mapped_column(String(40), nullable=True)
    equipment: Mapped[str | None] = mapped_column(String(40), nullable=True)
    mode: Mapped[str | None] = mapped_column(String(16), nullable=True)  # strength|cardio|mobility
    # Foods: per 100 g; energy in kcal, macros in milligrams (exact integers)
    kcal_per_100g: Mapped[int | None] = mapped_column(Integer, nullable=True)
    protein_mg_per_100g: Mapped[int | None] = mapped_column(Integer, nullable=True)
    carbs_mg_per_100g: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fat_mg_per_100g: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Foods (migration 0014): fibre per 100 g in mg (NULL = not measured); the USDA NDB
    # number as written ("01123") for shipped foods; the name lowercased with accents
    # stripped, for search; what a bare number means ("g" or a portion name); hidden =
    # never offered in search (an own food the person hid, a retired shipped food),
    # kept for the meals and templates that refer to it.
    fibre_mg_per_100g: Mapped[int | None] = mapped_column(Integer, nullable=True)
    source_id: Mapped[str | None] = mapped_column(String(16), nullable=True)
    search_key: Mapped[str | None] = mapped_column(String(255), nullable=True)
    default_unit: Mapped[str | None] = mapped_column(String(24), nullable=True)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class AuditLog(UUIDPk, Base):
    """Who did what, when, from where; before/after images. Hash-chained per user
    (chain = user id, or 'system' for events with no user) so tampering shows."""

    __tablename__ = "audit_logs"
    __table_args__ = (
        UniqueConstraint("chain", "seq"),
        Index("ix_audit_logs_user_id_at", "user_id", "at"),
    )

    user_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=True
    )
    actor_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    chain: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int] = mapped_column(BigInteger)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    host: Mapped[str] = mapped_column(String(255), default="")
    client: Mapped[str] = mapped_column(String(255), default="")
    action: Mapped[str] = mapped_column(String(64))
    entity: Mapped[str] = mapped_column(String(64), default="")
    entity_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditHead(Base):
    """The newest (seq, hash) of each audit chain, updated with every append, so that
    deleting the newest rows of a chain is caught too."""

    __tablename__ = "audit_heads"

    chain: Mapped[str] = mapped_column(String(36), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)
    hash: Mapped[str] = mapped_column(String(64))


class AiCredential(UUIDPk, UserOwned, Timestamps, Base):
    """Metadata only: the secret lives in the OS keyring under keyring_ref."""

    __tablename__ = "ai_credentials"

    provider: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(String(120))
    keyring_ref: Mapped[str] = mapped_column(String(200))
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
