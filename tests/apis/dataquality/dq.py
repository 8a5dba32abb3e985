"""Shared by the data-quality tests: the app, the callers, the docs' records, the spec."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from mockserver import Config, create_app
from mockserver.apis.dataquality.paths import SPEC_PATH
from mockserver.engine.spec import load_spec

SPEC = load_spec(SPEC_PATH).document
DOCS_NOW = "2026-01-15T14:00:00Z"  # the docs' comment and history instant (SEED.md)


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


JANE, BOB, SAM, EVE = (bearer(f"dq_test_{n}") for n in ("jane", "bob", "sam", "eve"))

# The docs' records (data/docs-records.yaml).
DATA_PLATFORM = "7faba3f2-31f0-54ba-b580-f5dfee448d43"
GROWTH = "d4e9ef9a-79ed-5287-9178-a797716851d3"
JANE_ID = "4fa62182-c616-5188-85ce-d838a6fd273d"
BOB_ID = "1c0aa4a8-4c17-5d8c-8519-a819c811858c"
EVE_ID = "ec652e34-5407-51f2-8078-911e5cc430ad"
CUSTOMER_EVENTS = "12acbba6-a647-58fc-94d0-1fdaec40fabd"
TRANSACTIONS = "631d5432-1d8a-5626-8e1b-80ad3b26f6f3"
EMAIL_SENDS = "230f2607-603c-5b3d-949a-615116d7522a"
DOCS_ALERT = "c2615e54-f1c1-560b-9de2-8ee40ea3588e"
EMAIL_ALERT = "71d8d5d5-5b39-54a6-8aa4-32d4b9ceacb2"
CUSTOMER_ID_NULLS = "bc5f2136-9fbf-5321-bfbb-489916d579c2"  # open, high, Jane's, Bob reported
SCHEMA_DRIFT = "356449a1-7627-5581-b288-49a522b1e4c4"  # in_progress
SESSION_OUTLIERS = "3c91a5ea-e86d-5d8e-9ac4-554e32f06256"  # open, unassigned
DUPLICATE_ROWS = "9d78414d-c7bf-5676-b5f3-5916fd9c4d61"  # resolved
EVE_ISSUE = "c8328baf-108a-5cf1-abf0-4bfe24417131"  # Growth Marketing
UNKNOWN = "00000000-0000-4000-8000-000000000000"


def make_app(**overrides: Any) -> Flask:
    options: dict[str, Any] = {"strict": True, "clock": DOCS_NOW, "secret": "test-secret"}
    options.update(overrides)
    return create_app(Config(**options), apis=["dataquality"])


def example(path: str, method: str, status: str, name: str = "docs") -> Any:
    """A response example of the spec, so the tests and the spec cannot drift."""
    media = SPEC["paths"][path][method]["responses"][status]["content"]["application/json"]
    return media["examples"][name]["value"]


def request_example(path: str, method: str, name: str = "docs") -> Any:
    media = SPEC["paths"][path][method]["requestBody"]["content"]["application/json"]
    return media["examples"][name]["value"]


def call(
    client: FlaskClient,
    method: str,
    path: str,
    who: dict[str, str] = JANE,
    body: Any = None,
    status: int = 200,
) -> Any:
    """One request to /dq; asserts the status and returns the JSON answer (None for 204)."""
    response = client.open("/dq" + path, method=method, headers=who, json=body)
    assert response.status_code == status, response.get_data(as_text=True)
    return response.get_json() if response.data else None


def error_code(client: FlaskClient, method: str, path: str, status: int, **kw: Any) -> str:
    """The documented error code of a refused request."""
    answer = call(client, method, path, status=status, **kw)
    assert set(answer) == {"error"} and set(answer["error"]) == {"code", "message"}
    assert answer["error"]["message"]
    return str(answer["error"]["code"])
