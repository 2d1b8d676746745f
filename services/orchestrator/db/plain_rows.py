"""Inserting and updating rows of the tables that carry no change feed of their own
(gates, gate results, review comments): their commands journal what they did themselves."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import msgspec
from psycopg import sql

from services.orchestrator.db.unit_of_work import UnitOfWork


def columns_of(view: type[msgspec.Struct]) -> sql.Composable:
    """The view's fields as a column list (these views are named after their columns)."""
    return sql.SQL(", ").join(sql.Identifier(f.name) for f in msgspec.structs.fields(view))


async def insert_row(
    uow: UnitOfWork, table: str, values: Mapping[str, Any], returning: sql.Composable
) -> dict[str, Any]:
    query = sql.SQL("INSERT INTO {} ({}) VALUES ({}) RETURNING {}").format(
        sql.Identifier(table),
        sql.SQL(", ").join(map(sql.Identifier, values)),
        sql.SQL(", ").join(sql.Placeholder() for _ in values),
        returning,
    )
    return dict(await uow.fetch_one(query, list(values.values())))


async def update_row(
    uow: UnitOfWork,
    table: str,
    row_id: int,
    values: Mapping[str, Any],
    returning: sql.Composable,
) -> dict[str, Any]:
    """Update one row and its updated_at."""
    assignments: list[sql.Composable] = [
        sql.SQL("{} = %s").format(sql.Identifier(name)) for name in values
    ]
    assignments.append(sql.SQL("updated_at = now()"))
    query = sql.SQL("UPDATE {} SET {} WHERE id = %s RETURNING {}").format(
        sql.Identifier(table), sql.SQL(", ").join(assignments), returning
    )
    return dict(await uow.fetch_one(query, [*values.values(), row_id]))
