"""audit_heads: the newest (seq, hash) of each audit chain

Revision ID: 0003_audit_heads
Revises: 0002_catalog
Create Date: 2026-11-22

Without a head, deleting the newest rows of a chain leaves a shorter chain that
still verifies. Existing chains get their head from their newest row.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_audit_heads"
down_revision: str | Sequence[str] | None = "0002_catalog"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "audit_heads",
        sa.Column("chain", sa.String(length=36), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("chain", name=op.f("pk_audit_heads")),
    )
    op.execute(
        "INSERT INTO audit_heads (chain, seq, hash) "
        "SELECT a.chain, a.seq, a.hash FROM audit_logs a "
        "WHERE a.seq = (SELECT max(b.seq) FROM audit_logs b WHERE b.chain = a.chain)"
    )


def downgrade() -> None:
    op.drop_table("audit_heads")
