"""Workspaces the caller belongs to."""

from __future__ import annotations

from mockserver.apis.circuithub.rules.access import Access
from mockserver.engine.store.base import Record


class Workspaces:
    def __init__(self, access: Access) -> None:
        self.access = access

    def for_user(self, user: Record) -> list[Record]:
        return self.access.member_workspaces(user)
