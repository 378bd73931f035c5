"""Food catalog portions (migration 0014): household measures of a catalog food.

A shipped food's portions (user_id NULL) come from the USDA table ("1 cup" = 158 g);
a person's own (user_id set) belong to a shipped food or to their own food: a
trigger checks it on both engines, as for every reference to the catalog (0006). Grams are
kept exactly, as an integer of hundredths of a gram (the source has two decimals)."""

from __future__ import annotations

import uuid

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from dashboard_tui.models import shared as _shared  # noqa: F401 - FK targets (catalog, users)
from dashboard_tui.models.base import Base, Timestamps, UUIDPk


class FoodPortion(UUIDPk, Timestamps, Base):
    __tablename__ = "food_portions"
    __table_args__ = (
        UniqueConstraint("food_id", "name"),
        CheckConstraint("centigrams > 0", name="centigrams"),
        Index("ix_food_portions_user_id", "user_id"),
    )

    user_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("users.id", ondelete="CASCADE"), nullable=True
    )
    food_id: Mapped[uuid.UUID] = mapped_column(
        Uuid, ForeignKey("catalog_items.id", ondelete="CASCADE")
    )
    name: Mapped[str] = mapped_column(String(24))
    label: Mapped[str] = mapped_column(String(120))
    centigrams: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(SmallInteger, default=0)
