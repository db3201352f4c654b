"""intake projects stages and trends

Revision ID: 0004
Revises: 0002
Create Date: 2026-12-02 04:19:27.109790
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "project_documents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("project", sa.String(length=64), nullable=False),
        sa.Column("document", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=True),
        sa.Column("horizon_year", sa.Integer(), nullable=True),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document"],
            ["documents.id"],
            name=op.f("fk_project_documents_document_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["project"],
            ["projects.id"],
            name=op.f("fk_project_documents_project_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_project_documents")),
        sa.UniqueConstraint("project", "document", "span_start", name="uq_project_documents_key"),
    )
    with op.batch_alter_table("project_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_project_documents_document"), ["document"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_project_documents_project"), ["project"], unique=False)

    op.create_table(
        "project_stages",
        sa.Column("project", sa.String(length=64), nullable=False),
        sa.Column("stage", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("document", sa.String(length=64), nullable=True),
        sa.CheckConstraint("stage BETWEEN 1 AND 9", name=op.f("ck_project_stages_stage")),
        sa.ForeignKeyConstraint(
            ["document"],
            ["documents.id"],
            name=op.f("fk_project_stages_document_documents"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["project"],
            ["projects.id"],
            name=op.f("fk_project_stages_project_projects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("project", "stage", name=op.f("pk_project_stages")),
    )
    op.create_table(
        "trends",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document", sa.String(length=64), nullable=False),
        sa.Column("partner", sa.String(length=8), nullable=False),
        sa.Column("indicator", sa.String(length=8), nullable=False),
        sa.Column("direction", sa.String(length=10), nullable=False),
        sa.Column("period", sa.Text(), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("sentence", sa.Text(), nullable=False),
        sa.Column("span_start", sa.Integer(), nullable=False),
        sa.Column("span_end", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "direction IN ('rising', 'falling', 'positive', 'negative')",
            name=op.f("ck_trends_direction"),
        ),
        sa.CheckConstraint(
            "indicator IN ('export', 'import', 'turnover', 'balance')",
            name=op.f("ck_trends_indicator"),
        ),
        sa.ForeignKeyConstraint(
            ["document"],
            ["documents.id"],
            name=op.f("fk_trends_document_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trends")),
        sa.UniqueConstraint("document", "span_start", "indicator", name="uq_trends_key"),
    )
    with op.batch_alter_table("trends", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_trends_document"), ["document"], unique=False)
        batch_op.create_index(batch_op.f("ix_trends_partner"), ["partner"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("trends", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_trends_partner"))
        batch_op.drop_index(batch_op.f("ix_trends_document"))

    op.drop_table("trends")
    op.drop_table("project_stages")
    with op.batch_alter_table("project_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_project_documents_project"))
        batch_op.drop_index(batch_op.f("ix_project_documents_document"))

    op.drop_table("project_documents")
