"""Shared fixtures: a fresh strict app per test, on the docs world, with a frozen clock."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockserver import Config, create_app, mock_of
from mockserver.state.world import World

FROZEN = "2025-03-15T10:00:00Z"


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


ALICE = bearer("ch_test_alice")
BOB = bearer("ch_test_bob")
MALLORY = bearer("ch_test_mallory")


def make_app(**overrides: Any) -> Flask:
    options: dict[str, Any] = {"strict": True, "clock": FROZEN}
    options.update(overrides)
    return create_app(Config(**options))


@pytest.fixture
def app() -> Iterator[Flask]:
    yield make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def world(app: Flask) -> World:
    return mock_of(app).world
