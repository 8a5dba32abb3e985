"""The data-quality rules, as hooks on zero-code mode's generic behaviour.

Generic: routing, 404 for unknown or deleted ids, field filters, pages and list shapes, the
cascade of comments and history with their issue. Ours: users and spaces, the docs' aliases,
references within a space, defaults, transitions and the history each write leaves.
"""

from __future__ import annotations

from typing import Any

from mockserver.apis.dataquality.rules.access import Access
from mockserver.apis.dataquality.rules.people import author, named, summary
from mockserver.apis.dataquality.rules.transitions import check_transition
from mockserver.engine.call import Call
from mockserver.engine.clock import iso
from mockserver.engine.errors import ApiError, Forbidden, NotFound
from mockserver.engine.generic.domain import GenericDomain
from mockserver.engine.generic.hooks import Rules
from mockserver.engine.generic.model import Resource
from mockserver.engine.store.base import Record

ISSUES, COMMENTS, HISTORY = "/issues", "/issues/{id}/comments", "/issues/{id}/history"
DEFAULT_PRIORITY = "medium"
# Body fields naming another record: (field, its resource, the issue's field).
REFERENCES = (
    ("product_id", "products", "product"),
    ("assignee_id", "users", "assignee"),
    ("alert_id", "alerts", "alert"),
)
# A PATCH records one history item per changed field, in this order.
CHANGES = (
    ("status", "status_changed"),
    ("assignee", "assignee_changed"),
    ("priority", "priority_changed"),
)


class DataQualityRules(Rules):
    def __init__(self, domain: GenericDomain) -> None:
        super().__init__(domain)
        stores = domain.stores
        self.users = stores["users"]
        self.access = Access(stores["spaces"], self.users, stores["products"], stores["alerts"])
        self.clock = domain.runtime.clock
        self.history = domain.inference.resources[HISTORY]
        self.api_keys = {k: u for u in self.users.all() for k in u.get("apiKeys", [])}

    def user_for_key(self, key: str) -> Record | None:
        return self.api_keys.get(key)

    def user_by_id(self, ident: str) -> Record | None:
        return self.users.get(ident)

    def not_found(self, resource: Resource, name: str, ident: Any) -> ApiError:
        return NotFound(f"Issue '{ident}' not found")  # only issues are addressed by id

    def visible(self, call: Call[Any], resource: Resource, record: Record) -> None:
        """Another space's issue (and so its comments and history) is 403."""
        if resource.key == ISSUES and record["spaceId"] not in call.caller["spaceIds"]:
            raise Forbidden(f"Issue '{record['id']}' belongs to a space you are not a member of")

    def select(
        self, call: Call[Any], resource: Resource, records: list[Record], query: dict[str, Any]
    ) -> tuple[list[Record], dict[str, Any]]:
        """Issues of the caller's spaces (or of `space_id`), newest first; filters by the
        canonical ids their aliases stand for. Comments and history: oldest first."""
        if resource.key != ISSUES:
            return records, query
        query = dict(query)
        space = query.pop("space_id", None)
        spaces = [self.access.space(call.caller, space)["id"]] if space else call.caller["spaceIds"]
        for name, kind, _ in REFERENCES:
            if query.get(name) is not None:
                query[name] = self.access.resolve(kind, query[name])
        found = [issue for issue in records if issue["spaceId"] in spaces]
        # Newest first; within one second, the later created first.
        return sorted(reversed(found), key=lambda r: r["created_at"], reverse=True), query

    def before_create(
        self, call: Call[Any], resource: Resource, scope: dict[str, str], body: dict[str, Any]
    ) -> dict[str, Any]:
        now = iso(self.clock.now())
        if resource.key == COMMENTS:
            return {"content": body["content"], "author": author(call.caller), "created_at": now}
        space = self.access.space(call.caller, body["space_id"])
        refs = {
            name: self.access.within(space, kind, field, body[field])
            for field, kind, name in REFERENCES
            if body.get(field) is not None
        }
        product = refs.get("product")
        if product is None and "alert" in refs:
            product = self.access.product_of(refs["alert"])
        return {
            "spaceId": space["id"],
            "title": body["title"],
            "description": body.get("description"),
            "status": "open",
            "priority": body.get("priority", DEFAULT_PRIORITY),
            "product": named(product),
            "assignee": None if "assignee" not in refs else summary(refs["assignee"]),
            "reporter": summary(call.caller),
            "alert": named(refs.get("alert")),
            "created_at": now,
            "updated_at": now,
        }

    def after_create(self, call: Call[Any], resource: Resource, record: Record) -> None:
        if resource.key == COMMENTS:
            change = (None, record["id"])
            self._trail(record["issueId"], "commented", change, call.caller, record["created_at"])
        else:
            self._trail(record["id"], "created", (None, "open"), call.caller, record["created_at"])

    def before_update(
        self, call: Call[Any], resource: Resource, record: Record, body: dict[str, Any]
    ) -> Record:
        """The changes that change something, all or nothing; refuses before anything."""
        wanted: dict[str, Any] = {}
        if "status" in body:
            check_transition(record["status"], body["status"])
            wanted["status"] = body["status"]
        if "assignee_id" in body:
            wanted["assignee"] = self._assignee(record, body["assignee_id"])
        if "priority" in body:
            wanted["priority"] = body["priority"]
        changed = {k: v for k, v in wanted.items() if v != record[k]}
        if not changed:
            return record
        return {**record, **changed, "updated_at": iso(self.clock.now())}

    def after_update(self, call: Call[Any], resource: Resource, old: Record, new: Record) -> None:
        for key, action in CHANGES:
            if old[key] != new[key]:
                change = (_plain(key, old[key]), _plain(key, new[key]))
                self._trail(old["id"], action, change, call.caller, new["updated_at"])

    def _assignee(self, issue: Record, ident: str | None) -> dict[str, Any] | None:
        """The assignee as the issue shows them; None unassigns."""
        if ident is None:
            return None
        space = self.access.home(issue)
        return summary(self.access.within(space, "users", "assignee_id", ident))

    def _trail(
        self,
        issue_id: str,
        action: str,
        change: tuple[str | None, str | None],
        actor: Record,
        at: str,
    ) -> None:
        """One item of the issue's audit trail."""
        old, new = change
        fields: dict[str, Any] = {"action": action, "old_value": old, "new_value": new}
        fields |= {"actor": summary(actor), "timestamp": at}
        self.domain.created(self.history, {"id": issue_id}, fields)


def _plain(key: str, value: Any) -> str | None:
    """A field as history shows it: references by their id."""
    if key in ("product", "assignee", "alert"):
        return None if value is None else str(value["id"])
    return None if value is None else str(value)
