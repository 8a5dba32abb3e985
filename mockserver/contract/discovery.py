"""What the first token can see, found through the API itself (no dataset knowledge)."""

from __future__ import annotations

from functools import cached_property
from typing import Any

from mockserver.contract import expect
from mockserver.contract.client import ApiClient
from mockserver.contract.options import RunOptions
from mockserver.contract.target import Target

Record = dict[str, Any]
SAMPLE = 5
PART_QUERIES = ("LM358", "100nF", "10k")


class Api:
    """The callers of one test, and the first workspace's resources, looked up lazily."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.options: RunOptions = target.options
        self.first: ApiClient = target.first
        self.anonymous: ApiClient = target.anonymous

    @property
    def second(self) -> ApiClient:
        assert self.target.second is not None, "this suite needs --second-token"
        return self.target.second

    def label(self, text: str = "") -> str:
        return self.options.label(text)

    def workspaces(self, client: ApiClient) -> list[str]:
        found = expect.body(client.get("/workspaces"), 200)["workspaces"]
        return [w["slug"] for w in found]

    @cached_property
    def slug(self) -> str:
        """A workspace of the first token that the second token is not a member of."""
        mine = self.workspaces(self.first)
        theirs = set(self.workspaces(self.target.second)) if self.target.second else set()
        candidates = [slug for slug in mine if slug not in theirs]
        assert candidates, f"the first token has no workspace of its own: {mine}"
        return candidates[0]

    @cached_property
    def second_slug(self) -> str:
        found = self.workspaces(self.second)
        assert found, "the second token belongs to no workspace"
        return found[0]

    def listing(self, path: str, key: str, client: ApiClient | None = None) -> list[Record]:
        reply = (client or self.first).get(path, query={"workspace": self.slug})
        items: list[Record] = expect.body(reply, 200)[key]
        return items

    @cached_property
    def orders(self) -> list[Record]:
        return self.listing("/orders", "orders")

    @cached_property
    def projects(self) -> list[Record]:
        return self.listing("/projects", "projects")

    @cached_property
    def issues(self) -> list[Record]:
        return self.listing("/issues", "issues")

    @cached_property
    def invoices(self) -> list[Record]:
        path = f"/workspaces/{self.slug}/billing/invoices"
        items: list[Record] = expect.body(self.first.get(path), 200)["invoices"]
        return items

    def bom(self, project_id: int, revision: int | None = None) -> Record:
        reply = self.first.get(f"/projects/{project_id}/bom", query={"revision": revision})
        found: Record = expect.body(reply, 200)
        return found

    @cached_property
    def bom_project(self) -> Record | None:
        """A project whose latest BOM has lines (the first few projects are tried)."""
        for project in self.projects[:SAMPLE]:
            if self.bom(project["id"])["bomLines"]:
                return project
        return None

    def parts(self, queries: tuple[str, ...] = PART_QUERIES) -> list[Record]:
        """Catalogue parts found by a few searches, each part once."""
        found: dict[int, Record] = {}
        for query in queries:
            result = expect.body(self.first.get("/parts", query={"q": query}), 200)
            for part in result["exactMatches"] + result["inexactMatches"]:
                found.setdefault(part["id"], part)
        return list(found.values())
