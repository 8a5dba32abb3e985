"""A fresh strict data-quality app per test, on the docs world, at the docs' instant."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.apis.dataquality.dq import make_app


@pytest.fixture
def app() -> Flask:
    return make_app()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
