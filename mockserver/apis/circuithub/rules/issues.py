"""Issues on orders, their comments, and comment attachments."""

from __future__ import annotations

from typing import Any

from mockserver.apis.circuithub.errors import InvalidObjectKey
from mockserver.apis.circuithub.rules.access import Access
from mockserver.apis.circuithub.rules.orders import Orders, newest_first
from mockserver.apis.circuithub.rules.storage import ATTACHMENT_PREFIX, Storage
from mockserver.engine.clock import Clock, iso
from mockserver.engine.errors import ValidationError
from mockserver.engine.store.base import Record, Store, Transaction


def user_ref(user: Record) -> dict[str, Any]:
    return {"id": user["id"], "email": user["email"]}


class Issues:
    def __init__(
        self,
        issues: Store,
        comments: Store,
        orders: Orders,
        storage: Storage,
        access: Access,
        clock: Clock,
        tx: Transaction,
    ) -> None:
        self.table = issues
        self.comments = comments
        self.orders = orders
        self.storage = storage
        self.access = access
        self.clock = clock
        self.tx = tx

    def for_workspace(
        self, user: Record, slug: str, order: int | None, status: str | None
    ) -> list[Record]:
        workspace = self.access.workspace(user, slug)
        found = [
            i
            for i in self.table.where("workspaceId", workspace["id"])
            if (order is None or i["orderId"] == order)
            and (status is None or i["status"] == status)
        ]
        return newest_first(found)

    def get(self, user: Record, issue_id: int) -> Record:
        return self.access.owned(user, self.table, issue_id, "Issue")

    def create(self, user: Record, order_id: int, title: str, comment: str | None) -> Record:
        order = self.orders.get(user, order_id)
        now = iso(self.clock.now())
        with self.tx():
            issue = self.table.insert(
                {
                    "id": None,
                    "workspaceId": order["workspaceId"],
                    "projectId": order["projectId"],
                    "orderId": order["id"],
                    "title": title,
                    "status": "open",
                    "createdBy": user_ref(user),
                    "createdAt": now,
                    "updatedAt": now,
                }
            )
            if comment:
                self._add_comment(issue, user, comment, [], now)
        return issue

    def upload_url(
        self, user: Record, issue_id: int, filename: str, uuid: str, base: str, size: int | None
    ) -> Record:
        issue = self.get(user, issue_id)
        key = f"{ATTACHMENT_PREFIX}{uuid.lower()}/{filename}"
        existing = self.storage.table.get(key)
        if existing is not None and existing["issueId"] != issue["id"]:
            raise ValidationError(
                f"uuid {uuid} is already used by another upload; choose a new one"
            )
        owner = {
            "workspaceId": issue["workspaceId"],
            "kind": "attachment",
            "issueId": issue["id"],
            "filename": filename,
        }
        url, _ = self.storage.new_target(key, owner, base, size, ())
        return {"uploadUrl": url, "objectKey": key}

    def comment(self, user: Record, issue_id: int, body: str, attachments: list[Any]) -> Record:
        issue = self.get(user, issue_id)
        uploads = self.storage.table
        for i, attachment in enumerate(attachments):
            record = uploads.get(attachment["url"])
            if record is None or record["kind"] != "attachment" or record["issueId"] != issue["id"]:
                raise InvalidObjectKey(
                    f"attachments[{i}].url {attachment['url']!r} "
                    f"is not an upload of issue {issue_id}"
                )
            if not record["uploaded"]:
                raise ValidationError(
                    f"attachments[{i}].url {attachment['url']!r} has not been uploaded"
                )
        now = iso(self.clock.now())
        with self.tx():
            comment = self._add_comment(issue, user, body, attachments, now)
            self.table.update(issue["id"], {"updatedAt": now})
        return comment

    def _add_comment(
        self, issue: Record, user: Record, body: str, attachments: list[Any], now: str
    ) -> Record:
        return self.comments.insert(
            {
                "id": None,
                "issueId": issue["id"],
                "body": body,
                "attachments": [{"name": a["name"], "url": a["url"]} for a in attachments],
                "createdBy": user_ref(user),
                "createdAt": now,
            }
        )
