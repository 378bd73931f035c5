"""Nutrition: meals and what was eaten in them, goals, meal templates.

Food amounts are integer grams; energy is kcal and macros are milligrams, all integers,
so daily sums are exact and identical on both engines.
"""

from __future__ import annotations

import datetime as dt  # not `from datetime import date`: tables have a `date` column
import uuid

from sqlalchemy import (
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, mapped_column

from dashboard_tui.models import shared as _shared  # noqa: F401 - FK targets (catalog, users)
from dashboard_tui.models.base import Base, Timestamps, UserOwned, UUIDPk, owner_key, owner_unique

MEAL_KINDS = ("breakfast", "lunch", "dinner", "snack")
_MEAL_KIND_CHECK = f"kind IN ({', '.join(repr(k) for k in MEAL_KINDS)})"


class Meal(UUIDPk, UserOwned, Timestamps, Base):
    __tablename__ = "meals"
    __table_args__ = (
        Index("ix_meals_user_id_date", "user_id", "date"),
        CheckConstraint(_MEAL_KIND_CHECK, name="kind"),
        owner_unique(),
    )

    date: Mapped[dt.date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    name: Mapped[str] = mapped_column(String(120), default="")
    notes: Mapped[str] = mapped_column(Text, default="")


class FoodItem(UUIDPk, UserOwned, Timestamps, Base):
    """What was eaten. The macros are a snapshot for these grams, taken when logged,
    so editing or deleting the catalog food never rewrites past days."""

    __tablename__ = "food_items"
    __table_args__ = (owner_key("meal_id", "meals", ondelete="CASCADE"),)

    meal_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    catalog_item_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("catalog_items.id", ondelete="SET NULL"), nullable=True
    )
    name: Mapped[str] = mapped_column(String(120))
    grams: Mapped[int] = mapped_column(Integer)
    kcal: Mapped[int] = mapped_column(Integer)
    protein_mg: Mapped[int] = mapped_column(Integer)
    carbs_mg: Mapped[int] = mapped_column(Integer)
    fat_mg: Mapped[int] = mapped_column(Integer)
    # The amount as typed ("1.5 cup"), shown back by an edit form; "" for a quick entry.
    amount: Mapped[str] = mapped_column(String(40), default="", server_default="")
    fibre_mg: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class NutritionGoal(UUIDPk, UserOwned, Timestamps, Base):
    """Effective-dated: the goal for a day is the row with the latest
    effective_from on or before it, so changing a goal leaves history intact."""

    __tablename__ = "nutrition_goals"
    __table_args__ = (UniqueConstraint("user_id", "effective_from"),)

    effective_from: Mapped[dt.date] = mapped_column(Date)
    kcal: Mapped[int] = mapped_column(Integer)
    # NULL = no goal for that macro (many people track only energy or protein).
    protein_mg: Mapped[int | None] = mapped_column(Integer, nullable=True)
    carbs_mg: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fat_mg: Mapped[int | None] = mapped_column(Integer, nullable=True)


class MealTemplate(UUIDPk, UserOwned, Timestamps, Base):
    __tablename__ = "meal_templates"
    __table_args__ = (CheckConstraint(_MEAL_KIND_CHECK, name="kind"), owner_unique())

    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16), default="snack")
    # A recipe's yield ("makes 4 servings"); NULL: a plain meal template.
    servings: Mapped[int | None] = mapped_column(Integer, nullable=True)


class MealTemplateItem(UUIDPk, UserOwned, Timestamps, Base):
    """Macros are not stored here for a food: they are taken from the catalog when
    the template is applied, so a template follows corrections to the catalog. A quick
    entry (no food) keeps its own kcal and macros, the only place they can come from."""

    __tablename__ = "meal_template_items"
    __table_args__ = (owner_key("template_id", "meal_templates", ondelete="CASCADE"),)

    template_id: Mapped[uuid.UUID] = mapped_column(Uuid, index=True)
    catalog_item_id: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("catalog_items.id", ondelete="SET NULL"), nullable=True
    )
    name: Mapped[str] = mapped_column(String(120))
    grams: Mapped[int] = mapped_column(Integer)
    amount: Mapped[str] = mapped_column(String(40), default="", server_default="")
    kcal: Mapped[int | None] = mapped_column(Integer, nullable=True)
    protein_mg: Mapped[int | None] = mapped_column(Integer, nullable=True)
    carbs_mg: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fat_mg: Mapped[int | None] = mapped_column(Integer, nullable=True)
