"""Issues: what is created is listed under exactly the filters it matches; comments attach."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, precondition, rule

from mockserver.contract import expect, machines, uploads
from mockserver.contract.discovery import Api

Record = dict[str, Any]
STATUSES = ("open", "closed")
TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
)


class IssuesMachine(RuleBasedStateMachine):
    """A model of the issues this run created, checked against every filtered listing."""

    def __init__(self, api: Api) -> None:
        super().__init__()
        self.api = api
        self.client = api.first
        self.orders: list[Record] = api.orders
        self.created: dict[int, Record] = {}

    def file(self, order: Record, title: str, comment: str | None) -> None:
        """Create an issue; it must be listed under its order at once."""
        body: Record = {"title": self.api.label(title)}
        if comment is not None:
            body["comment"] = comment
        issue = expect.body(self.client.post(f"/orders/{order['id']}/issues", body), 201)
        assert issue["id"] not in self.created, f"issue id {issue['id']} handed out twice"
        assert (issue["orderId"], issue["projectId"]) == (order["id"], order["projectId"]), issue
        assert (issue["title"], issue["status"]) == (body["title"], "open"), issue
        self.created[issue["id"]] = issue
        query = {"workspace": self.api.slug, "order": order["id"]}
        listed = expect.body(self.client.get("/issues", query=query), 200)["issues"]
        assert issue in listed, f"new issue {issue['id']} is not listed for {query}"

    @initialize(title=TEXT)
    def first_issue(self, title: str) -> None:
        if self.orders:
            self.file(self.orders[0], title, None)

    @precondition(lambda self: bool(self.orders))
    @rule(data=st.data(), title=TEXT, comment=st.none() | TEXT)
    def create(self, data: st.DataObject, title: str, comment: str | None) -> None:
        self.file(data.draw(st.sampled_from(self.orders), label="order"), title, comment)

    @rule(data=st.data(), status=st.none() | st.sampled_from(STATUSES))
    def list_filtered(self, data: st.DataObject, status: str | None) -> None:
        orders = st.sampled_from([o["id"] for o in self.orders]) if self.orders else st.none()
        order = data.draw(st.none() | orders, label="order")
        query = {"workspace": self.api.slug, "order": order, "status": status}
        issues = expect.body(self.client.get("/issues", query=query), 200)["issues"]
        ids = set(expect.unique_ids(issues))
        expect.newest_first(issues)
        for issue in issues:
            assert order is None or issue["orderId"] == order, f"{issue} listed under order {order}"
            assert status is None or issue["status"] == status, f"{issue} listed as {status}"
        for issue_id, issue in self.created.items():
            matches = (order is None or issue["orderId"] == order) and (
                status is None or issue["status"] == status
            )
            assert (issue_id in ids) == matches, (
                f"issue {issue_id} (order {issue['orderId']}, {issue['status']}) "
                f"{'missing from' if matches else 'wrongly in'} the list for {query}"
            )

    @precondition(lambda self: bool(self.created))
    @rule(data=st.data(), text=TEXT)
    def comment(self, data: st.DataObject, text: str) -> None:
        issue_id = data.draw(st.sampled_from(sorted(self.created)), label="issue")
        reply = self.client.post(f"/issues/{issue_id}/comments", {"body": text})
        found = expect.body(reply, 201)
        assert (found["issueId"], found["body"], found["attachments"]) == (issue_id, text, []), (
            found
        )

    @precondition(lambda self: bool(self.created))
    @rule(data=st.data(), content=st.binary(min_size=1, max_size=64))
    def attach(self, data: st.DataObject, content: bytes) -> None:
        """Upload URL -> tampered PUT refused -> plain PUT stored -> comment references it."""
        issue_id = data.draw(st.sampled_from(sorted(self.created)), label="issue")
        query = {"filename": "notes.txt", "uuid": str(uuid.uuid4())}
        target = expect.body(self.client.get(f"/issues/{issue_id}/upload-url", query=query), 200)
        assert target["objectKey"].startswith("orders/issues/comments/attachments/"), target
        forged = uploads.tampered(target["uploadUrl"])
        expect.s3_error(uploads.put_object(self.client, target, content, url=forged), 403)
        stored = expect.status(uploads.put_object(self.client, target, content), 200)
        assert stored.headers.get("etag") == uploads.etag_of(content), stored.headers
        attachment = {"name": "notes.txt", "url": target["objectKey"]}
        body = {"body": self.api.label("attachment"), "attachments": [attachment]}
        found = expect.body(self.client.post(f"/issues/{issue_id}/comments", body), 201)
        assert found["attachments"] == [attachment], found


@pytest.mark.writes
def test_issues_are_listed_under_their_filters(api: Api) -> None:
    machines.run(lambda: IssuesMachine(api), api.options)


@pytest.mark.writes
def test_comment_refuses_foreign_object_keys(api: Api) -> None:
    """An attachment must be an uploaded key issued for this very issue."""
    assert api.orders, "the first workspace has no orders to file issues against"
    order = api.orders[0]["id"]
    issue = expect.body(api.first.post(f"/orders/{order}/issues", {"title": api.label("k")}), 201)
    keys = ["uploads/not-ours/file.txt", f"orders/issues/comments/attachments/{uuid.uuid4()}/x"]
    for key in keys:
        body = {"body": "see file", "attachments": [{"name": "x.txt", "url": key}]}
        reply = api.first.post(f"/issues/{issue['id']}/comments", body)
        expect.error(reply, 400, "INVALID_OBJECT_KEY", "VALIDATION_ERROR")
