"""How users appear inside other records (the spec's UserSummary and User)."""

from __future__ import annotations

from typing import Any

from mockserver.engine.store.base import Record


def summary(user: Record) -> dict[str, Any]:
    """A user as issues and history show them."""
    return {"id": user["id"], "name": user["name"]}


def author(user: Record) -> dict[str, Any]:
    """A user as comments show their author."""
    return {"id": user["id"], "name": user["name"], "avatar_url": user["avatar_url"]}


def named(record: Record | None) -> dict[str, Any] | None:
    """A product or alert as an issue shows it, or None."""
    return None if record is None else {"id": record["id"], "name": record["name"]}
