"""Project and revision creation from uploads, and the import lifecycle."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from mockserver import host_of
from tests.conftest import ALICE, MALLORY, make_app
from tests.flows import BOARD, BOM, create_project, finish_import, upload


def bom_of(client: FlaskClient, project_id: int) -> Any:
    return client.get(f"/v1/projects/{project_id}/bom", headers=ALICE).get_json()


def test_import_with_a_csv_resolves_lines_against_the_catalogue(client: FlaskClient) -> None:
    created = create_project(client, {"board.kicad_pcb": BOARD, "bom.csv": BOM})
    assert finish_import(client, created["projectId"])["status"] == "complete"
    bom = bom_of(client, created["projectId"])
    by_mpn = {(line["resolvedPartMpn"], line["status"]) for line in bom["bomLines"]}
    assert ("GCM155R71C104KA55D", "resolved") in by_mpn and ("LM358DR", "resolved") in by_mpn
    statuses = sorted(line["status"] for line in bom["bomLines"])
    assert statuses == ["error", "resolved", "resolved", "unresolved"]
    assert bom["summary"] == {"total": 4, "resolved": 2, "unresolved": 1, "errored": 1}
    first = next(ln for ln in bom["bomLines"] if ln["value"] == "100nF")
    assert first["referenceDesignators"] == ["C1", "C2", "C3", "C4"]
    assert first["footprint"] == "C_0402"


def test_the_lifecycle_moves_on_status_polls(client: FlaskClient) -> None:
    created = create_project(client, {"board.kicad_pcb": BOARD})
    pid = created["projectId"]
    assert bom_of(client, pid)["bomLines"] == []
    revision = client.get(f"/v1/projects/{pid}/revisions", headers=ALICE).get_json()["revisions"][0]
    assert (revision["importedAt"], revision["edaTool"], revision["number"]) == (None, None, 1)
    assert (
        client.get(f"/v1/projects/{pid}/status", headers=ALICE).get_json()["status"] == "importing"
    )
    assert finish_import(client, pid) == {"projectId": pid, "status": "complete", "message": None}
    revision = client.get(f"/v1/projects/{pid}/revisions", headers=ALICE).get_json()["revisions"][0]
    assert revision["edaTool"] == "kicad" and revision["importedAt"] == "2025-03-15T10:00:00Z"
    assert len(bom_of(client, pid)["bomLines"]) >= 5  # derived, seeded BOM without a CSV


def test_the_lifecycle_can_follow_the_clock() -> None:
    app = make_app(import_mode="clock", import_steps=30)
    client = app.test_client()
    pid = create_project(client, {"board.kicad_pcb": BOARD})["projectId"]
    for _ in range(3):
        assert client.get(f"/v1/projects/{pid}/status", headers=ALICE).get_json()["status"] == (
            "importing"
        )
    host_of(app).world.runtime.clock.advance(30)
    assert (
        client.get(f"/v1/projects/{pid}/status", headers=ALICE).get_json()["status"] == "complete"
    )


def test_derived_boms_are_deterministic() -> None:
    boms = []
    for _ in range(2):
        client = make_app().test_client()
        pid = create_project(client, {"board.brd": BOARD})["projectId"]
        finish_import(client, pid)
        boms.append(bom_of(client, pid))
    assert boms[0] == boms[1]


@pytest.mark.parametrize(
    ("files", "needle"),
    [
        ({"a.kicad_pcb": BOARD, "b.brd": BOARD}, "kicad"),
        ({"bom.csv": BOM}, "design"),
        ({"a.kicad_pcb": BOARD, "bom.csv": b"\r\n\r\n"}, "empty"),
        ({"a.kicad_pcb": BOARD, "bom.csv": b"MPN,Value\nX1,1k\n"}, "designator"),
        ({"a.kicad_pcb": BOARD, "bom.csv": b"Designator,Value\nR1,1k\n"}, "MPN"),
        ({"a.kicad_pcb": BOARD, "bom.csv": b'Designator,MPN\n"R1,R2,RC0603\n'}, "quote"),
        ({"a.kicad_pcb": BOARD, "notes.pdf": b"%PDF"}, ".pdf"),
    ],
)
def test_failed_imports_say_why(client: FlaskClient, files: dict[str, bytes], needle: str) -> None:
    pid = create_project(client, files)["projectId"]
    status = finish_import(client, pid)
    assert status["status"] == "failed"
    assert needle.lower() in status["message"].lower()
    revision = client.get(f"/v1/projects/{pid}/revisions", headers=ALICE).get_json()["revisions"][0]
    assert revision["edaError"] == status["message"] and revision["importedAt"] is None
    assert bom_of(client, pid)["bomLines"] == []


CSV_VARIANTS = {
    "comma-crlf": b'Designator,MPN\r\n"R1,R2",RC0603FR-0710KL\r\nU1,LM358DR\r\n',
    "semicolon": b"Designator;MPN\nR1,R2;RC0603FR-0710KL\nU1;LM358DR\n",
    "tab": b"Designator\tMPN\nR1,R2\tRC0603FR-0710KL\nU1\tLM358DR\n",
    "old-mac-cr": b'Designator,MPN\r"R1,R2",RC0603FR-0710KL\rU1,LM358DR\r',
    "preamble-and-blanks": (
        b"Acme BOM export\nrev 3,,\n\nReference Designators,Manufacturer Part"
        b' Number\n\n"R1, R2",RC0603FR-0710KL\n\nU1,LM358DR\n\n'
    ),
    "header-case-and-quotes": b'"REFDES","mpn"\n"R1,R2","RC0603FR-0710KL"\n"U1","LM358DR"\n',
    "utf8-bom": b'\xef\xbb\xbfDesignator,MPN\n"R1,R2",RC0603FR-0710KL\nU1,LM358DR\n',
}


@pytest.mark.parametrize("name", list(CSV_VARIANTS))
def test_bom_csv_variants(client: FlaskClient, name: str) -> None:
    pid = create_project(client, {"a.kicad_pcb": BOARD, "bom.csv": CSV_VARIANTS[name]})["projectId"]
    assert finish_import(client, pid)["status"] == "complete", name
    lines = bom_of(client, pid)["bomLines"]
    assert [ln["referenceDesignators"] for ln in lines] == [["R1", "R2"], ["U1"]]


def test_a_tsv_bom(client: FlaskClient) -> None:
    data = b"Designator\tMPN\tValue\nC1,C2\tGCM155R71C104KA55D\t100nF\n"
    pid = create_project(client, {"a.cvg": BOARD, "bom.tsv": data})["projectId"]
    assert finish_import(client, pid)["status"] == "complete"
    assert bom_of(client, pid)["bomLines"][0]["status"] == "resolved"


def test_revisions_number_upwards_and_move_the_project(client: FlaskClient) -> None:
    pid = create_project(client, {"a.kicad_pcb": BOARD})["projectId"]
    for expected in (2, 3):
        files = upload(client, {"a.kicad_pcb": BOARD})
        response = client.post(
            f"/v1/projects/{pid}/revisions", json={"files": files}, headers=ALICE
        )
        assert response.status_code == 201
        project = client.get(f"/v1/projects/{pid}", headers=ALICE).get_json()
        assert project["latestRevisionNumber"] == expected
        assert project["latestRevisionId"] == response.get_json()["revisionId"]
    numbers = [
        r["number"]
        for r in client.get(f"/v1/projects/{pid}/revisions", headers=ALICE).get_json()["revisions"]
    ]
    assert numbers == [3, 2, 1]


def test_object_keys_must_be_this_workspaces_and_uploaded(client: FlaskClient) -> None:
    def create(
        files: list[dict[str, str]],
        headers: dict[str, str] = ALICE,
        workspace: str = "acme-electronics",
    ) -> Any:
        body = {"name": "x", "workspace": workspace, "files": files}
        return client.post("/v1/projects", json=body, headers=headers)

    mallory_files = upload(client, {"m.kicad_pcb": BOARD}, MALLORY, "globex-labs")
    cases = [
        ([{"objectKey": "elsewhere/x.kicad_pcb", "filename": "x.kicad_pcb"}], "INVALID_OBJECT_KEY"),
        (
            [{"objectKey": "uploads/nobody/x.kicad_pcb", "filename": "x.kicad_pcb"}],
            "INVALID_OBJECT_KEY",
        ),
        (mallory_files, "INVALID_OBJECT_KEY"),
        (
            [{"objectKey": "uploads/abc123/never.kicad_pcb", "filename": "never.kicad_pcb"}],
            "VALIDATION_ERROR",
        ),
    ]
    for files, code in cases:
        response = create(files)
        assert response.status_code == 400 and response.get_json()["code"] == code, files
        assert files[0]["objectKey"] in response.get_json()["error"]
    body = {"workspace": "acme-electronics", "files": [{"filename": "late.cvg", "size": 4}]}
    pending = client.post("/v1/projects/upload-urls", json=body, headers=ALICE).get_json()
    key = pending["uploads"][0]["objectKey"]
    response = create([{"objectKey": key, "filename": "late.cvg"}])
    assert (
        response.get_json()["code"] == "VALIDATION_ERROR"
        and "not been uploaded" in (response.get_json()["error"])
    )
    own = create(mallory_files, headers=MALLORY, workspace="globex-labs")
    assert own.status_code == 201
