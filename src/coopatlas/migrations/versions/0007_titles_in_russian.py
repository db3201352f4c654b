"""projects and documents: a title in Russian beside the title as written, for Russian pages
and briefings

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for table in ("projects", "documents"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("title_ru", sa.Text(), nullable=True))


def downgrade() -> None:
    for table in ("documents", "projects"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("title_ru")
