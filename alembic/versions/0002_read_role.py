"""read-only role for the read service

The read service logs in as this role: SELECT on every table, now and in future
(default privileges), and nothing else. Roles are cluster-wide, so creating it is
idempotent and dropping it is skipped while another database still grants to it.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from collections.abc import Sequence

from psycopg import sql

from alembic import op
from shared.config.settings import get_settings

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _exec(statement: sql.Composable) -> None:
    op.execute(statement.as_string(None))


def upgrade() -> None:
    settings = get_settings()
    role = sql.Identifier(settings.read_role)
    _exec(
        sql.SQL(
            """
            DO $$
            BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = {name}) THEN
                CREATE ROLE {role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT;
              END IF;
            END $$
            """
        ).format(name=sql.Literal(settings.read_role), role=role)
    )
    if settings.read_password:
        _exec(
            sql.SQL("ALTER ROLE {} PASSWORD {}").format(role, sql.Literal(settings.read_password))
        )
    # Belt and braces: even a grant added by mistake cannot be used to write.
    _exec(sql.SQL("ALTER ROLE {} SET default_transaction_read_only = on").format(role))
    op.execute(
        "DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', "
        f"current_database(), '{settings.read_role}'); END $$"
    )
    # PostgreSQL < 15 lets every role create tables in public; nobody here needs that.
    op.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    _exec(sql.SQL("GRANT USAGE ON SCHEMA public TO {}").format(role))
    _exec(sql.SQL("GRANT SELECT ON ALL TABLES IN SCHEMA public TO {}").format(role))
    _exec(
        sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO {}").format(
            role
        )
    )


def downgrade() -> None:
    settings = get_settings()
    role = sql.Identifier(settings.read_role)
    _exec(
        sql.SQL("ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE SELECT ON TABLES FROM {}").format(
            role
        )
    )
    _exec(sql.SQL("REVOKE SELECT ON ALL TABLES IN SCHEMA public FROM {}").format(role))
    _exec(sql.SQL("REVOKE USAGE ON SCHEMA public FROM {}").format(role))
    op.execute(
        "DO $$ BEGIN EXECUTE format('REVOKE CONNECT ON DATABASE %I FROM %I', "
        f"current_database(), '{settings.read_role}'); END $$"
    )
    _exec(
        sql.SQL(
            """
            DO $$
            BEGIN
              DROP ROLE IF EXISTS {role};
            EXCEPTION WHEN dependent_objects_still_exist THEN
              RAISE NOTICE 'role % still used by another database; kept', {name};
            END $$
            """
        ).format(role=role, name=sql.Literal(settings.read_role))
    )
