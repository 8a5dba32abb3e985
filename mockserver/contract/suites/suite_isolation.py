"""Workspace isolation: a caller from another workspace never reads or writes the first's."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, precondition, rule

from mockserver.contract import expect, machines, probes
from mockserver.contract.client import ApiClient, Reply
from mockserver.contract.discovery import Api
from mockserver.contract.probes import Foreign, Probe

Record = dict[str, Any]
BOGUS_TOKEN = "ch_test_not_a_real_key"
OWN_LISTS = (("/projects", "projects"), ("/orders", "orders"), ("/issues", "issues"))


def send(client: ApiClient, probe: Probe) -> Reply:
    return client.request(probe.method, probe.path, query=probe.query, json_body=probe.body)


class IsolationMachine(RuleBasedStateMachine):
    """The second caller probes the first workspace; every answer must be 403, or 401."""

    def __init__(self, api: Api, foreign: Foreign) -> None:
        super().__init__()
        self.api, self.foreign, self.second = api, foreign, api.second
        self.title = api.label("intruder")
        self.reads = probes.reads(foreign)
        self.writes = probes.writes(foreign, self.title) if api.options.writes else []
        self.bogus = ApiClient(api.target.setup, BOGUS_TOKEN, "BOGUS_TOKEN")
        self.before = self.snapshot()

    def snapshot(self) -> Record | None:
        """The first workspace's project as its owner sees it (in-process nothing else moves)."""
        project = self.foreign.project
        if project is None or not self.api.options.in_process:
            return None
        return {
            "project": expect.body(self.api.first.get(f"/projects/{project}"), 200),
            "bom": self.api.bom(project),
        }

    @rule(data=st.data())
    def read_foreign(self, data: st.DataObject) -> None:
        probe = data.draw(st.sampled_from(self.reads), label="probe")
        expect.error(send(self.second, probe), 403, "FORBIDDEN")

    @precondition(lambda self: bool(self.writes))
    @rule(data=st.data())
    def write_foreign(self, data: st.DataObject) -> None:
        probe = data.draw(st.sampled_from(self.writes), label="probe")
        expect.error(send(self.second, probe), 403, "FORBIDDEN")
        issues = self.api.listing("/issues", "issues")
        assert all(i["title"] != self.title for i in issues), "the intruder's issue was filed"
        assert self.snapshot() == self.before, f"{probe.name} by another workspace changed data"

    @rule(data=st.data(), bogus=st.booleans())
    def unauthenticated(self, data: st.DataObject, bogus: bool) -> None:
        probe = data.draw(st.sampled_from(self.reads + self.writes), label="probe")
        client = self.bogus if bogus else self.api.anonymous
        expect.error(send(client, probe), 401, "UNAUTHORIZED")

    @rule(which=st.sampled_from(OWN_LISTS))
    def own_lists_hold_nothing_foreign(self, which: tuple[str, str]) -> None:
        path, key = which
        mine = {item["id"] for item in self.api.listing(path, key)}
        reply = self.second.get(path, query={"workspace": self.api.second_slug})
        theirs = {item["id"] for item in expect.body(reply, 200)[key]}
        assert not mine & theirs, f"{path} of another workspace lists {sorted(mine & theirs)}"


@pytest.mark.second_token
def test_second_workspace_is_kept_out(api: Api) -> None:
    foreign = probes.find_foreign(api)
    machines.run(lambda: IsolationMachine(api, foreign), api.options)


@pytest.mark.second_token
def test_every_foreign_resource_is_refused(api: Api) -> None:
    """Each probe once, in order: every resource kind answers the other workspace with 403."""
    foreign = probes.find_foreign(api)
    sweep = probes.reads(foreign)
    if api.options.writes:
        sweep += probes.writes(foreign, api.label("intruder"))
    failures = []
    for probe in sweep:
        try:
            expect.error(send(api.second, probe), 403, "FORBIDDEN")
        except AssertionError as exc:
            failures.append(f"{probe.name} ({probe.method} {probe.path}): {exc}")
    assert not failures, "another workspace got through:\n" + "\n".join(failures)
