"""Manufacturing orders."""

from __future__ import annotations

from mockserver.apis.circuithub.rules.access import Access
from mockserver.engine.store.base import Record, Store


def newest_first(records: list[Record], field: str = "createdAt") -> list[Record]:
    return sorted(records, key=lambda r: (r[field], r["id"]), reverse=True)


class Orders:
    def __init__(self, orders: Store, access: Access) -> None:
        self.table = orders
        self.access = access

    def for_workspace(self, user: Record, slug: str) -> list[Record]:
        workspace = self.access.workspace(user, slug)
        return newest_first(self.table.where("workspaceId", workspace["id"]))

    def get(self, user: Record, order_id: int) -> Record:
        return self.access.owned(user, self.table, order_id, "Order")
