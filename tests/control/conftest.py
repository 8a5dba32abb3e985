"""A strict mock on the docs world with a frozen clock, and helpers to drive it per session."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.test import TestResponse

from tests.conftest import ALICE, make_app


def in_session(session: str, headers: dict[str, str] = ALICE) -> dict[str, str]:
    return {**headers, "X-Mock-Session": session}


def admin(
    client: FlaskClient, method: str, path: str, session: str | None = None, **kwargs: Any
) -> TestResponse:
    """Call `/_mock<path>`, in `session` when given (by header)."""
    headers = {"X-Mock-Session": session} if session else {}
    return client.open(f"/_mock{path}", method=method, headers=headers, **kwargs)


@pytest.fixture
def app() -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
