"""The dataset format is the state snapshot format: a snapshot serves as a dataset."""

from __future__ import annotations

import json
from pathlib import Path

from mockserver import host_of
from tests.conftest import ALICE, make_app
from tests.flows import BOARD, BOM, create_project, finish_import

READS = [
    "/v1/projects?workspace=acme-electronics",
    "/v1/issues?workspace=acme-electronics",
    "/v1/projects/12345/bom",
    "/v1/orders/8001",
    "/v1/workspaces/acme-electronics/billing/invoices",
]


def test_a_snapshot_resumes_where_the_world_was(tmp_path: Path) -> None:
    app = make_app()
    client = app.test_client()
    pid = create_project(client, {"board.kicad_pcb": BOARD, "bom.csv": BOM})["projectId"]
    finish_import(client, pid)
    client.post("/v1/orders/8001/issues", json={"title": "kept"}, headers=ALICE)
    client.put("/v1/bom/1003/part", json={"partId": 5001}, headers=ALICE)
    client.post("/v1/quotes", json={"projectId": 12345}, headers=ALICE)
    dataset = tmp_path / "snapshot.json"
    dataset.write_text(json.dumps(host_of(app).world.snapshot()), encoding="utf-8")

    resumed = make_app(datasets={"circuithub": dataset}).test_client()
    for path in [*READS, f"/v1/projects/{pid}/bom", f"/v1/projects/{pid}/revisions"]:
        assert (
            resumed.get(path, headers=ALICE).get_json()
            == client.get(path, headers=ALICE).get_json()
        ), path
    # Sequences carry on, and uploaded bytes came along: a new revision re-imports them.
    latest = client.get(f"/v1/projects/{pid}", headers=ALICE).get_json()["latestRevisionId"]
    revision = host_of(app).world.stores["revisions"].get(latest)
    assert revision is not None
    files = revision["files"]
    created = resumed.post(f"/v1/projects/{pid}/revisions", json={"files": files}, headers=ALICE)
    assert created.status_code == 201
    again = client.post(f"/v1/projects/{pid}/revisions", json={"files": files}, headers=ALICE)
    assert created.get_json() == again.get_json()
    assert finish_import(resumed, pid)["status"] == "complete"
