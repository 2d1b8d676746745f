"""claude_transcripts: Claude's conversation transcripts in the database

The orchestrator mirrors every line of each agent's Claude conversation into this table
through the claude-agent-sdk's session store interface, and a resume loads it from here:
an interrupted session resumes on any orchestrator, not only on the machine whose
private config directory holds the conversation file. Only the orchestrator writes it;
the read-only role can read it through the default privileges of 0002 but never does.

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa

from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "claude_transcripts",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), primary_key=True),
        sa.Column("claude_session_id", sa.Text(), nullable=False),
        sa.Column("subpath", sa.Text(), server_default="", nullable=False),
        sa.Column("project_key", sa.Text(), nullable=False),
        sa.Column("entry_uuid", sa.Text(), nullable=True),
        sa.Column("entry", sa.JSON(), nullable=False),
        sa.Column(
            "stored_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False
        ),
    )
    op.create_index(
        "ix_claude_transcripts_conversation",
        "claude_transcripts",
        ["claude_session_id", "subpath", "id"],
    )
    op.create_index(
        "ux_claude_transcripts_entry",
        "claude_transcripts",
        ["claude_session_id", "subpath", "entry_uuid"],
        unique=True,
        postgresql_where=sa.text("entry_uuid IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_table("claude_transcripts")
