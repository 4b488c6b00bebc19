"""Create the desk tables: sources, speakers, statements, embeddings, groups, history

Revision ID: 00516fc221e7
Revises:
Create Date: 2026-11-25 00:34:45.013349
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "00516fc221e7"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "claim_group",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("flag", sa.String(length=30), nullable=True),
        sa.Column("flag_note", sa.Text(), nullable=True),
        sa.Column("flagged_by", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint(
            "flag IS NULL OR flag IN ('disputed', 'corroborated', 'unresolved', 'not_a_dispute')",
            name=op.f("ck_claim_group_flag"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_claim_group")),
    )
    op.create_table(
        "editor_action",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=True),
        sa.Column("statement_id", sa.Integer(), nullable=True),
        sa.Column("editor", sa.String(length=200), nullable=False),
        sa.Column("action", sa.String(length=40), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_editor_action")),
    )
    with op.batch_alter_table("editor_action", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_editor_action_group_id"), ["group_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_editor_action_statement_id"), ["statement_id"], unique=False
        )

    grouping_state = op.create_table(
        "grouping_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_grouping_state")),
    )
    # The one row every process reads to know whether its in-memory group index is current.
    op.bulk_insert(grouping_state, [{"id": 1, "token": ""}])
    op.create_table(
        "source",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("outlet", sa.String(length=200), nullable=True),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("published", sa.Date(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source")),
        sa.UniqueConstraint("content_hash", name=op.f("uq_source_content_hash")),
    )
    op.create_table(
        "speaker",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("is_anonymous", sa.Boolean(), nullable=False),
        sa.CheckConstraint(
            "kind IS NULL OR kind IN ('military', 'government', 'anonymous_official', 'insurgent', 'militant_group', 'media', 'ngo', 'witness', 'expert', 'other')",
            name=op.f("ck_speaker_kind"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker")),
        sa.UniqueConstraint("name", name=op.f("uq_speaker_name")),
    )
    op.create_table(
        "speaker_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(
            ["speaker_id"],
            ["speaker.id"],
            name=op.f("fk_speaker_alias_speaker_id_speaker"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_speaker_alias")),
        sa.UniqueConstraint("alias", name=op.f("uq_speaker_alias_alias")),
    )
    with op.batch_alter_table("speaker_alias", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_speaker_alias_speaker_id"), ["speaker_id"], unique=False
        )

    op.create_table(
        "statement",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("speaker_id", sa.Integer(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=True),
        sa.Column("span_start", sa.Integer(), nullable=True),
        sa.Column("span_end", sa.Integer(), nullable=True),
        sa.Column("cue", sa.String(length=100), nullable=True),
        sa.Column("attribution", sa.String(length=20), nullable=True),
        sa.Column("said_on", sa.Date(), nullable=True),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), server_default=sa.func.now(), nullable=False),
        sa.CheckConstraint(
            "attribution IS NULL OR attribution IN ('direct', 'reported')",
            name=op.f("ck_statement_attribution"),
        ),
        sa.CheckConstraint(
            "(span_start IS NULL AND span_end IS NULL) OR (span_start >= 0 AND span_end > span_start)",
            name=op.f("ck_statement_span"),
        ),
        sa.ForeignKeyConstraint(
            ["source_id"], ["source.id"], name=op.f("fk_statement_source_id_source")
        ),
        sa.ForeignKeyConstraint(
            ["speaker_id"], ["speaker.id"], name=op.f("fk_statement_speaker_id_speaker")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_statement")),
        sa.UniqueConstraint("fingerprint", name=op.f("uq_statement_fingerprint")),
    )
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_statement_source_id"), ["source_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_statement_speaker_id"), ["speaker_id"], unique=False)

    op.create_table(
        "embedding",
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("model", sa.String(length=200), nullable=False),
        sa.Column("vector", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statement.id"],
            name=op.f("fk_embedding_statement_id_statement"),
        ),
        sa.PrimaryKeyConstraint("statement_id", "model", name=op.f("pk_embedding")),
    )
    with op.batch_alter_table("embedding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_embedding_model"), ["model"], unique=False)

    op.create_table(
        "membership",
        sa.Column("statement_id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("similarity", sa.Float(), nullable=True),
        sa.Column("side", sa.String(length=20), nullable=True),
        sa.Column("confirmed_by", sa.String(length=200), nullable=True),
        sa.Column("side_set_by", sa.String(length=200), nullable=True),
        sa.CheckConstraint(
            "side IS NULL OR side IN ('asserts', 'denies', 'neutral')",
            name=op.f("ck_membership_side"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["claim_group.id"],
            name=op.f("fk_membership_group_id_claim_group"),
        ),
        sa.ForeignKeyConstraint(
            ["statement_id"],
            ["statement.id"],
            name=op.f("fk_membership_statement_id_statement"),
        ),
        sa.PrimaryKeyConstraint("statement_id", name=op.f("pk_membership")),
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_membership_group_id"), ["group_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_membership_group_id"))

    op.drop_table("membership")
    with op.batch_alter_table("embedding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_embedding_model"))

    op.drop_table("embedding")
    with op.batch_alter_table("statement", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_statement_speaker_id"))
        batch_op.drop_index(batch_op.f("ix_statement_source_id"))

    op.drop_table("statement")
    with op.batch_alter_table("speaker_alias", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_speaker_alias_speaker_id"))

    op.drop_table("speaker_alias")
    op.drop_table("speaker")
    op.drop_table("source")
    op.drop_table("grouping_state")
    with op.batch_alter_table("editor_action", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_editor_action_statement_id"))
        batch_op.drop_index(batch_op.f("ix_editor_action_group_id"))

    op.drop_table("editor_action")
    op.drop_table("claim_group")
