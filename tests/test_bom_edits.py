"""Choosing parts and DNP placements on BOM lines."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from tests.conftest import ALICE, MALLORY


def bom(client: FlaskClient) -> Any:
    return client.get("/v1/projects/12345/bom", headers=ALICE).get_json()


def test_setting_a_part_resolves_the_line_and_the_summary(client: FlaskClient) -> None:
    response = client.put("/v1/bom/1003/part", json={"partId": 5001}, headers=ALICE)
    assert response.get_json() == {
        "partId": 5001,
        "mpn": "LM358DR",
        "manufacturer": "Texas Instruments",
    }
    after = bom(client)
    line = next(ln for ln in after["bomLines"] if ln["id"] == 1003)
    assert (line["status"], line["resolvedPartMpn"], line["resolvedManufacturer"]) == (
        "resolved",
        "LM358DR",
        "Texas Instruments",
    )
    assert line["resolvedPartDescription"] == "Dual Operational Amplifier"
    assert after["summary"] == {"total": 4, "resolved": 3, "unresolved": 0, "errored": 1}


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/v1/bom/424242/part", {"partId": 5001}, 404),
        ("/v1/bom/1001/part", {"partId": 424242}, 404),
        ("/v1/bom/1001/part", {"partId": "5001"}, 400),
        ("/v1/bom/1001/part", {}, 400),
        ("/v1/bom/424242/placements/C1/dnp", {"dnp": True}, 404),
        ("/v1/bom/1001/placements/U7/dnp", {"dnp": True}, 404),
        ("/v1/bom/1001/placements/C1/dnp", {"dnp": "yes"}, 400),
        ("/v1/bom/1001/placements/C1/dnp", {"dnp": True, "extra": 1}, 400),
    ],
)
def test_bom_edit_errors(client: FlaskClient, path: str, body: Any, status: int) -> None:
    response = client.put(path, json=body, headers=ALICE)
    assert response.status_code == status
    assert set(response.get_json()) == {"error", "code"}


def test_another_workspaces_line_is_forbidden_and_untouched(client: FlaskClient) -> None:
    before = bom(client)
    assert (
        client.put("/v1/bom/1003/part", json={"partId": 5001}, headers=MALLORY).status_code == 403
    )
    assert (
        client.put(
            "/v1/bom/1001/placements/C1/dnp", json={"dnp": True}, headers=MALLORY
        ).status_code
        == 403
    )
    assert bom(client) == before


def test_dnp_is_idempotent(client: FlaskClient) -> None:
    def dnp(value: bool) -> Any:
        return client.put(
            "/v1/bom/1001/placements/C3/dnp", json={"dnp": value}, headers=ALICE
        ).get_json()

    assert dnp(True) == dnp(True) == {"ref": "C3", "dnp": True}
    assert dnp(False) == dnp(False) == {"ref": "C3", "dnp": False}
