"""Manufacturing orders."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockserver.state.store import Record

if TYPE_CHECKING:
    from mockserver.state.world import World


def newest_first(records: list[Record], field: str = "createdAt") -> list[Record]:
    return sorted(records, key=lambda r: (r[field], r["id"]), reverse=True)


class Orders:
    def __init__(self, world: World) -> None:
        self.world = world
        self.table = world.tables["orders"]

    def for_workspace(self, user: Record, slug: str) -> list[Record]:
        workspace = self.world.access.workspace(user, slug)
        return newest_first(self.table.where("workspaceId", workspace["id"]))

    def get(self, user: Record, order_id: int) -> Record:
        return self.world.access.owned(user, self.table, order_id, "Order")
