"""`circuithub-mock serve --spec FILE` prints its inference table, then serves the spec alone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mockserver.cli import main
from mockserver.engine import server
from mockserver.engine.app import host_of
from tests.engine.generic.served import MUSEUM, PETSTORE


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Builds the app `serve` would hand to the HTTP server, instead of serving it."""
    apps: list[Any] = []
    monkeypatch.setattr(server, "serve", lambda build, **options: apps.append(build()))
    return apps


def test_serve_spec_prints_the_table(
    started: list[Any], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--spec", str(MUSEUM), "--port", "9999", "--key", "a:b"]) == 0
    out = capsys.readouterr().out
    assert "Zero-code mode: 8 operations, 3 resources" in out
    assert "PATCH   /special-events/{eventId}  updateSpecialEvent  update" in out
    assert "Security schemes: MuseumPlaceholderAuth (basic); accepted: 1 configured" in out
    assert "Redocly Museum API: http://127.0.0.1:9999/v1.1" in out
    (app,) = started
    assert list(host_of(app).mounts) == ["spec"]  # alone: no other API is mounted


def test_serve_spec_answers_at_the_spec_server_path(started: list[Any]) -> None:
    assert main(["serve", "--spec", str(PETSTORE), "--seed", "3"]) == 0
    client = started[0].test_client()
    assert client.get("/api/pets").status_code == 200
    assert client.get("/v1/orders").status_code == 404


def test_an_unreadable_spec_is_refused_with_a_reason(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--spec", str(tmp_path / "missing.yaml")]) == 2
    assert "missing.yaml" in capsys.readouterr().err
    listed = tmp_path / "list.yaml"
    listed.write_text("- not\n- a spec\n", encoding="utf-8")
    assert main(["serve", "--spec", str(listed)]) == 2
    assert "is not an OpenAPI document" in capsys.readouterr().err
