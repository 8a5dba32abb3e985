"""Workspaces the caller belongs to."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockserver.state.store import Record

if TYPE_CHECKING:
    from mockserver.state.world import World


class Workspaces:
    def __init__(self, world: World) -> None:
        self.world = world

    def for_user(self, user: Record) -> list[Record]:
        return self.world.access.member_workspaces(user)
