"""Projects and revisions: uploads, creation, and what list, get and revisions then agree on."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, rule

from mockserver.contract import expect, machines, uploads
from mockserver.contract.discovery import Api

Record = dict[str, Any]
NAMES = st.text(st.characters(codec="ascii", categories=("L", "N")), min_size=1, max_size=20)


def agree(listed: Record, got: Record) -> None:
    """The list entry and GET of one project are the same record (updatedAt may move on)."""
    strip = {"updatedAt"}
    assert {k: v for k, v in listed.items() if k not in strip} == {
        k: v for k, v in got.items() if k not in strip
    }, f"list says {listed}, get says {got}"


class ProjectsMachine(RuleBasedStateMachine):
    """Creates projects and revisions; numbers must only go up, views must agree."""

    projects = Bundle("projects")

    def __init__(self, api: Api) -> None:
        super().__init__()
        self.api, self.client, self.slug = api, api.first, api.slug
        self.latest: dict[int, int] = {}

    def get(self, project_id: int) -> Record:
        found: Record = expect.body(self.client.get(f"/projects/{project_id}"), 200)
        return found

    def revision_numbers(self, project_id: int) -> list[Record]:
        reply = self.client.get(f"/projects/{project_id}/revisions")
        revisions: list[Record] = expect.body(reply, 200)["revisions"]
        numbers = [r["number"] for r in revisions]
        assert numbers == sorted(set(numbers), reverse=True), f"revision numbers {numbers}"
        return revisions

    @initialize(target=projects, name=NAMES)
    def first_project(self, name: str) -> int:
        return self.new_project(name)

    @rule(target=projects, name=NAMES)
    def create_project(self, name: str) -> int:
        return self.new_project(name)

    def new_project(self, name: str) -> int:
        """Create a project; GET, the list and its revisions must agree on it."""
        started = uploads.create_project(self.client, self.slug, self.api.label(name))
        project_id = started["projectId"]
        assert started["statusUrl"] == f"/v1/projects/{project_id}/status", started
        got = self.get(project_id)
        assert got["name"] == self.api.label(name), got
        assert (got["latestRevisionId"], got["latestRevisionNumber"]) == (started["revisionId"], 1)
        listed = [p for p in self.api.listing("/projects", "projects") if p["id"] == project_id]
        assert len(listed) == 1, f"project {project_id} is listed {len(listed)} times"
        agree(listed[0], got)
        revisions = self.revision_numbers(project_id)
        assert [(r["id"], r["number"]) for r in revisions] == [(started["revisionId"], 1)]
        self.latest[project_id] = 1
        return int(project_id)

    @rule(project_id=projects)
    def create_revision(self, project_id: int) -> None:
        started = uploads.create_revision(self.client, self.slug, project_id)
        assert started["projectId"] == project_id, started
        number = self.latest[project_id] + 1
        revisions = self.revision_numbers(project_id)
        assert (revisions[0]["id"], revisions[0]["number"]) == (started["revisionId"], number)
        got = self.get(project_id)
        assert (got["latestRevisionId"], got["latestRevisionNumber"]) == (
            started["revisionId"],
            number,
        ), got
        self.latest[project_id] = number

    @rule(project_id=projects)
    def poll_status(self, project_id: int) -> None:
        found = expect.body(self.client.get(f"/projects/{project_id}/status"), 200)
        assert found["projectId"] == project_id, found
        assert found["status"] in ("importing", "complete", "failed"), found

    @rule(content=st.binary(min_size=1, max_size=256))
    def upload_signatures(self, content: bytes) -> None:
        """A tampered signature, a missing signed header and a wrong size are refused."""
        [target] = uploads.request_targets(self.client, self.slug, {"design.kicad_pcb": content})
        forged = uploads.tampered(target["uploadUrl"])
        expect.s3_error(uploads.put_object(self.client, target, content, url=forged), 403)
        expect.s3_error(uploads.put_object(self.client, target, content, headers=False), 403)
        expect.s3_error(uploads.put_object(self.client, target, content + b"!"), 400)
        stored = expect.status(uploads.put_object(self.client, target, content), 200)
        assert stored.headers.get("etag") == uploads.etag_of(content), stored.headers

    @rule()
    def unknown_object_key(self) -> None:
        files = [
            {"objectKey": f"uploads/{uuid.uuid4().hex}/b.kicad_pcb", "filename": "b.kicad_pcb"}
        ]
        body = {"name": self.api.label("never"), "workspace": self.slug, "files": files}
        expect.error(self.client.post("/projects", body), 400, "INVALID_OBJECT_KEY")


@pytest.mark.writes
def test_projects_and_revisions(api: Api) -> None:
    machines.run(lambda: ProjectsMachine(api), api.options)
