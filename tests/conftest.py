"""Shared fixtures: a fresh strict app per test, on the docs world, with a frozen clock."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from mockserver import Config, create_app, host_of
from mockserver.engine.world import World

FROZEN = "2025-03-15T10:00:00Z"
# A fixed signing secret, so tests can sign and check tokens themselves.
TEST_SECRET = "test-signing-secret-of-at-least-32-bytes"


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


ALICE = bearer("ch_test_alice")
BOB = bearer("ch_test_bob")
MALLORY = bearer("ch_test_mallory")


def make_app(**overrides: Any) -> Flask:
    options: dict[str, Any] = {"strict": True, "clock": FROZEN, "secret": TEST_SECRET}
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
    return host_of(app).world
