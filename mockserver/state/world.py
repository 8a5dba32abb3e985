"""The world: every store of one app, built from a dataset and rebuilt by reset()."""

from __future__ import annotations

import copy
import json
import random
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mockserver.clock import Clock
from mockserver.config import Config
from mockserver.state.access import Access
from mockserver.state.store import Record, Store

# Resource -> (key field, indexed fields). Names are the dataset's top-level arrays.
TABLES: dict[str, tuple[str, tuple[str, ...]]] = {
    "workspaces": ("id", ()),
    "users": ("id", ()),
    "projects": ("id", ("workspaceId",)),
    "revisions": ("id", ("projectId",)),
    "bomLines": ("id", ("revisionId",)),
    "parts": ("id", ()),
    "orders": ("id", ("workspaceId",)),
    "issues": ("id", ("workspaceId",)),
    "comments": ("id", ("issueId",)),
    "quotes": ("id", ("revisionId",)),
    "invoices": ("id", ("workspaceId",)),
    "payments": ("id", ("workspaceId",)),
    "paymentMethods": ("id", ("workspaceId",)),
    "uploads": ("objectKey", ()),
}


def load_dataset(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


@dataclass(slots=True)
class Runtime:
    """What every domain module shares: the one clock, the one random source, the config."""

    clock: Clock
    rng: random.Random
    config: Config
    lock: threading.RLock


class World:
    """All state of one app. Domain modules hang off it, one per resource tag."""

    def __init__(self, dataset: dict[str, Any], runtime: Runtime) -> None:
        self._dataset = dataset
        self.runtime = runtime
        self.version = 0
        self._build()

    def _build(self) -> None:
        from mockserver.state import (
            billing,
            bom,
            issues,
            orders,
            parts,
            projects,
            quotes,
            storage,
            workspaces,
        )

        data = copy.deepcopy(self._dataset)
        sequences = data.get("sequences", {})
        self.tables: dict[str, Store] = {
            name: Store(
                name,
                data.get(name, []),
                sequences.get(name),
                key=key,
                indexes=idx,
                on_change=self.touch,
            )
            for name, (key, idx) in TABLES.items()
        }
        self.access = Access(self.tables["workspaces"], data.get("memberships", []))
        self.api_keys = {k: u for u in self.tables["users"].all() for k in u.get("apiKeys", [])}
        self.memberships: list[Record] = data.get("memberships", [])
        self.workspaces = workspaces.Workspaces(self)
        self.storage = storage.Storage(self)
        self.parts = parts.Parts(self)
        self.projects = projects.Projects(self)
        self.bom = bom.Bom(self)
        self.orders = orders.Orders(self)
        self.issues = issues.Issues(self)
        self.quotes = quotes.Quotes(self)
        self.billing = billing.Billing(self)

    def reset(self) -> None:
        """Bring the whole world back to its dataset."""
        with self.runtime.lock:
            self.runtime.rng.seed(self.runtime.config.seed)
            self._build()
            self.version += 1

    def touch(self) -> None:
        """Note a write, so anything cached from reads is known to be stale."""
        self.version += 1

    @property
    def settled(self) -> bool:
        """No import in flight: a read now changes nothing and depends on no clock."""
        return not self.projects.importer.pending

    def user_by_email(self, email: str) -> Record | None:
        return next((u for u in self.tables["users"].all() if u["email"] == email), None)

    def snapshot(self) -> dict[str, Any]:
        """The state in dataset format (what `fixtures generate` writes); serve it to resume.

        Imports still in flight are not part of it: a snapshot is taken of settled state.
        """
        with self.runtime.lock:
            out: dict[str, Any] = {
                "sequences": {n: t.next_id() for n, t in self.tables.items() if n != "uploads"}
            }
            for name, table in self.tables.items():
                out[name] = copy.deepcopy(table.all())
            out["uploads"] = [self.storage.dump(u) for u in self.tables["uploads"].all()]
            out["memberships"] = copy.deepcopy(self.memberships)
            return out
