"""All ORM models; importing this module registers every table on Base.metadata."""

from dashboard_tui.models import auth, family, finance, gym, nutrition, shared  # noqa: F401
from dashboard_tui.models.base import Base

metadata = Base.metadata
