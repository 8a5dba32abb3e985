"""Data-quality API: spaces keep their issues to themselves; lists, gets and history agree."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule

from mockserver.contract import expect, machines
from mockserver.contract.client import ApiClient, Reply
from mockserver.contract.coverage import spec
from mockserver.contract.options import RunOptions
from mockserver.contract.target import Target

Record = dict[str, Any]
MAX_SIZE = 100
# The status transitions of the spec's description ("Status transitions"); others are 409.
TRANSITIONS = {"open": {"in_progress"}, "in_progress": {"resolved", "open"}, "resolved": {"open"}}
STATUSES = sorted(TRANSITIONS)
PRIORITIES = ("low", "medium", "high", "critical")
TEXT = st.text(st.characters(codec="utf-8", categories=("L", "N", "P", "Zs")), max_size=30)
# What the other space's caller tries on an issue: (method, path suffix, body).
PROBES = (
    ("GET", "", None),
    ("GET", "/comments", None),
    ("GET", "/history", None),
    ("PATCH", "", {"priority": "low"}),
    ("POST", "/comments", {"content": "not yours"}),
    ("DELETE", "", None),
)
READ_PROBES = tuple(p for p in PROBES if p[0] == "GET")


def error(reply: Reply, status: int, code: str) -> None:
    """The API's error shape, `{"error": {"code", "message"}}`, with this status and code."""
    found = expect.body(reply, status)
    assert isinstance(found, dict) and set(found) == {"error"}, f"not an error: {found}"
    assert found["error"].get("code") == code, f"expected {code}, got {found['error']}"


def listing(client: ApiClient, query: Record | None = None) -> list[Record]:
    """Every issue the caller sees (all pages); `total` must match what the pages hold."""
    items: list[Record] = []
    page, total = 1, 1
    while len(items) < total:
        found = expect.body(client.get("/issues", query={**(query or {}), "page": page}), 200)
        assert found["page"] == page, found
        total = found["total"]
        assert found["items"] or len(items) == total, f"page {page} is empty before {total}"
        items += found["items"]
        page += 1
    ids = [item["id"] for item in items]
    assert len(ids) == len(set(ids)) == total, f"{len(set(ids))} distinct issues, total {total}"
    return items


def documented_space() -> str:
    """The space of the first caller: the spec's own example of listIssues' `space_id`."""
    operation = spec("dataquality").operations["listIssues"]
    parameter = next(p for p in operation.parameters if p.name == "space_id")
    example = parameter.example
    assert isinstance(example, str), "listIssues' space_id has no example to create issues in"
    return example


def snapshot(client: ApiClient, issue: str) -> list[Any]:
    """An issue, its comments and its history as its own space sees them."""
    path = f"/issues/{issue}"
    return [expect.body(client.get(path + part), 200) for part in ("", "/comments", "/history")]


def probe(client: ApiClient, issue: str, which: tuple[str, str, Record | None]) -> Reply:
    method, suffix, body = which
    return client.request(method, f"/issues/{issue}{suffix}", json_body=body)


class SpacesMachine(RuleBasedStateMachine):
    """The first caller files and changes issues; the other space's caller is refused them all."""

    def __init__(self, target: Target, foreign: list[str]) -> None:
        super().__init__()
        self.target, self.options = target, target.options
        self.first, self.anonymous = target.first, target.anonymous
        assert target.second is not None, "this suite needs --second-token"
        self.second = target.second
        self.foreign = foreign  # issues of the first caller's spaces that the second cannot see
        self.created: dict[str, Record] = {}
        self.deleted: set[str] = set()

    def issues(self) -> list[str]:
        return sorted(self.created) or self.foreign

    @precondition(lambda self: self.options.writes)
    @rule(title=TEXT, priority=st.sampled_from(PRIORITIES))
    def create(self, title: str, priority: str) -> None:
        body = {"title": self.options.label(title), "space_id": documented_space()}
        issue = expect.body(self.first.post("/issues", {**body, "priority": priority}), 201)
        assert (issue["title"], issue["status"], issue["priority"]) == (
            body["title"],
            "open",
            priority,
        ), issue
        assert expect.body(self.first.get(f"/issues/{issue['id']}"), 200) == issue
        history = expect.body(self.first.get(f"/issues/{issue['id']}/history"), 200)["items"]
        assert [item["action"] for item in history] == ["created"], history
        self.created[issue["id"]] = issue

    @precondition(lambda self: self.options.writes and bool(self.created))
    @rule(data=st.data(), status=st.sampled_from(STATUSES))
    def change_status(self, data: st.DataObject, status: str) -> None:
        """Allowed transitions apply and are recorded; others are 409 and change nothing."""
        ident = data.draw(st.sampled_from(sorted(self.created)), label="issue")
        before = self.created[ident]
        reply = self.first.request("PATCH", f"/issues/{ident}", json_body={"status": status})
        if status != before["status"] and status not in TRANSITIONS[before["status"]]:
            error(reply, 409, "invalid_transition")
            assert expect.body(self.first.get(f"/issues/{ident}"), 200) == before
            return
        after = expect.body(reply, 200)
        assert after["status"] == status, after
        if status != before["status"]:
            last = expect.body(self.first.get(f"/issues/{ident}/history"), 200)["items"][-1]
            assert (last["action"], last["old_value"], last["new_value"]) == (
                "status_changed",
                before["status"],
                status,
            ), last
        self.created[ident] = after

    @precondition(lambda self: self.options.writes and bool(self.created))
    @rule(data=st.data(), text=TEXT)
    def comment(self, data: st.DataObject, text: str) -> None:
        ident = data.draw(st.sampled_from(sorted(self.created)), label="issue")
        content = self.options.label(text)
        found = expect.body(self.first.post(f"/issues/{ident}/comments", {"content": content}), 201)
        assert found["content"] == content, found
        comments = expect.body(self.first.get(f"/issues/{ident}/comments"), 200)["items"]
        assert comments[-1] == found, f"the new comment is not last: {comments}"

    @precondition(lambda self: self.options.writes and bool(self.created))
    @rule(data=st.data())
    def delete(self, data: st.DataObject) -> None:
        """After DELETE the issue, its comments and its history are 404."""
        ident = data.draw(st.sampled_from(sorted(self.created)), label="issue")
        expect.status(self.first.request("DELETE", f"/issues/{ident}"), 204)
        del self.created[ident]
        self.deleted.add(ident)
        for which in READ_PROBES:
            error(probe(self.first, ident, which), 404, "not_found")

    @precondition(lambda self: bool(self.issues()))
    @rule(data=st.data())
    def intrude(self, data: st.DataObject) -> None:
        """Every read and write of the first space's issue by the other space is 403."""
        ident = data.draw(st.sampled_from(self.issues()), label="issue")
        kinds = PROBES if self.options.writes else READ_PROBES
        which = data.draw(st.sampled_from(kinds), label="probe")
        before = snapshot(self.first, ident)
        error(probe(self.second, ident, which), 403, "forbidden")
        error(probe(self.anonymous, ident, which), 401, "unauthorized")
        assert snapshot(self.first, ident) == before, f"{which} by another space changed it"

    @rule()
    def lists_agree(self) -> None:
        """The list holds what a get answers; the other space lists none of it."""
        mine = {issue["id"]: issue for issue in listing(self.first, {"size": MAX_SIZE})}
        for ident, issue in self.created.items():
            assert mine.get(ident) == issue, f"listed {mine.get(ident)}, created {issue}"
            got = expect.body(self.first.get(f"/issues/{ident}"), 200)
            assert got == issue, f"get answers {got}, list and model {issue}"
        assert not self.deleted & set(mine), f"deleted issues listed: {self.deleted & set(mine)}"
        theirs = {issue["id"] for issue in listing(self.second, {"size": MAX_SIZE})}
        leaked = theirs & (set(self.created) | set(self.foreign))
        assert not leaked, f"the other space lists {sorted(leaked)}"

    def teardown(self) -> None:
        """What a run created is deleted again, so a deployment keeps none of it."""
        for ident in list(self.created):
            expect.status(self.first.request("DELETE", f"/issues/{ident}"), 204, 404)


def foreign_issues(target: Target) -> list[str]:
    """Issues of the first caller that the second cannot see (found through the API)."""
    assert target.second is not None, "this suite needs --second-token"
    theirs = {issue["id"] for issue in listing(target.second, {"size": MAX_SIZE})}
    return [i["id"] for i in listing(target.first, {"size": MAX_SIZE}) if i["id"] not in theirs]


@pytest.mark.second_token
def test_spaces_keep_their_issues(target: Target, options: RunOptions) -> None:
    foreign = foreign_issues(target)
    machines.run(lambda: SpacesMachine(target, foreign), options)


@pytest.mark.second_token
def test_every_foreign_issue_is_refused(target: Target, options: RunOptions) -> None:
    """A sweep: each issue of the first caller, each probe, by the other space: all 403."""
    foreign = foreign_issues(target)
    assert foreign, "the first caller has no issue the second cannot see"
    kinds = PROBES if options.writes else READ_PROBES
    assert target.second is not None
    failures = []
    for ident in foreign:
        for which in kinds:
            try:
                error(probe(target.second, ident, which), 403, "forbidden")
            except AssertionError as exc:
                failures.append(f"{which[0]} /issues/{ident}{which[1]}: {exc}")
    assert not failures, "another space got through:\n" + "\n".join(failures)
