"""Who may see what: membership checks shared by every resource."""

from __future__ import annotations

from typing import Any

from mockserver.engine.errors import Forbidden, NotFound
from mockserver.engine.store.base import Record, Store


class Access:
    """Workspace membership of users; the one place isolation is decided."""

    def __init__(self, workspaces: Store, memberships: Store) -> None:
        self.workspaces = workspaces
        self._slugs = {w["slug"]: w for w in workspaces.all()}
        self._members: dict[int, set[int]] = {}
        for m in memberships.all():
            self._members.setdefault(m["userId"], set()).add(m["workspaceId"])

    def workspace_ids(self, user: Record) -> set[int]:
        return self._members.get(user["id"], set())

    def member_workspaces(self, user: Record) -> list[Record]:
        ids = self.workspace_ids(user)
        return sorted((w for w in self.workspaces.all() if w["id"] in ids), key=lambda w: w["id"])

    def workspace(self, user: Record, slug: str) -> Record:
        """The workspace by slug: 404 when unknown, 403 when the user is not a member."""
        workspace = self._slugs.get(slug)
        if workspace is None:
            raise NotFound(f"Workspace '{slug}' not found")
        self.check(user, workspace["id"])
        return workspace

    def check(self, user: Record, workspace_id: int) -> None:
        if workspace_id not in self.workspace_ids(user):
            slug = self.workspaces.get(workspace_id) or {"slug": workspace_id}
            raise Forbidden(f"You do not have access to workspace '{slug['slug']}'")

    def owned(self, user: Record, store: Store, ident: Any, label: str) -> Record:
        """A record by id that must belong to one of the user's workspaces (403 otherwise)."""
        record = store.get(ident)
        if record is None:
            raise NotFound(f"{label} not found")  # the docs' wording: "Project not found"
        self.check(user, record["workspaceId"])
        return record
