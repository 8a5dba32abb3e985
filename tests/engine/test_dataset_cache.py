"""The large-dataset cache: same data as the JSON, equal values shared, rebuilt on change."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from mockserver.engine import dataset

DATA: dict[str, Any] = {
    "sequences": {"parts": 3},
    "parts": [
        {"id": 1, "mpn": "LM358DR", "price": 1.0, "flag": True, "tags": ["a", "b"], "n": None},
        {"id": 2, "mpn": "LM358DR", "price": 1, "flag": 1, "tags": ["a"], "n": "\u00e9\ud800"},
    ],
}


def wait_for(path: Path, seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} was not written"
        time.sleep(0.02)


@pytest.fixture
def large(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(dataset, "LARGE_BYTES", 0)  # every file takes the cached path
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    path = tmp_path / "world.json"
    path.write_text(json.dumps(DATA), encoding="utf-8")
    return path


def test_the_cache_holds_what_the_json_does_with_types_kept(large: Path) -> None:
    first = dataset.load_dataset(large)
    wait_for(dataset.cache_path(large))
    second = dataset.load_dataset(large)  # from the cache
    assert first == second == json.loads(large.read_text(encoding="utf-8"))
    rows = second["parts"]
    # 1.0, 1 and True stay what JSON said, though Python takes them for equal.
    assert [type(rows[0]["price"]), type(rows[1]["price"])] == [float, int]
    assert [type(rows[0]["flag"]), type(rows[1]["flag"])] == [bool, int]
    assert rows[0]["mpn"] is rows[1]["mpn"] and rows[0]["tags"][0] is rows[1]["tags"][0]
    assert rows[0]["tags"] is not rows[1]["tags"]  # containers are never shared


def test_a_changed_file_is_read_again_and_its_old_cache_dropped(large: Path) -> None:
    dataset.load_dataset(large)
    old = dataset.cache_path(large)
    wait_for(old)
    changed = {**DATA, "parts": DATA["parts"][:1]}
    large.write_text(json.dumps(changed) + " ", encoding="utf-8")
    assert dataset.load_dataset(large) == changed
    wait_for(dataset.cache_path(large))
    assert not old.exists()
    assert dataset.load_dataset(large) == changed  # from the new cache


def test_an_unreadable_cache_falls_back_to_the_json(large: Path) -> None:
    cache = dataset.cache_path(large)
    cache.parent.mkdir(parents=True)
    cache.write_bytes(b"not marshal")
    assert dataset.load_dataset(large) == DATA
