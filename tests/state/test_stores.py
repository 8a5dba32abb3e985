"""The store interface behaves the same on every backend: memory, SQLite and Redis."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from mockserver.engine.config import Config
from mockserver.engine.registry import Resource
from mockserver.engine.store.backends import open_backend
from mockserver.engine.store.base import Backend, StoreSet

RESOURCES = (
    Resource("items", None, indexes=("group",)),
    Resource("pairs", None, key=("a", "b"), sequenced=False),
    Resource("named", None, key="name", sequenced=False),
)
DATASET: dict[str, Any] = {
    "sequences": {"items": 10},
    "items": [
        {"id": 1, "group": "x", "tags": [], "meta": {"k": [1, 2.5, None]}},
        {"id": 3, "group": "y", "tags": ["é", "ü"], "meta": {}},
        {"id": 2, "group": "x", "tags": ["b"], "meta": {}},
    ],
    "pairs": [{"a": 1, "b": 2, "v": "p"}],
    "named": [{"name": "5", "v": 1}, {"name": "a/b c", "v": 2}],
}


@pytest.fixture
def backend(backend_options: dict[str, Any]) -> Iterator[Backend]:
    opened = open_backend(Config(**backend_options))
    yield opened
    opened.close()


@pytest.fixture
def stores(backend: Backend) -> StoreSet:
    return backend.open("test/items", RESOURCES, DATASET, fresh=False)


def test_reads_give_the_dataset_in_insertion_order(stores: StoreSet) -> None:
    items = stores["items"]
    assert [r["id"] for r in items.all()] == [1, 3, 2]
    assert items.get(3) == DATASET["items"][1]
    assert items.get(99) is None and items.get(None) is None and items.get("1") is None
    assert [r["id"] for r in items.where("group", "x")] == [1, 2]
    assert items.where("group", "z") == []
    assert len(items) == 3 and list(stores) == ["items", "pairs", "named"]
    assert stores["pairs"].get((1, 2)) == {"a": 1, "b": 2, "v": "p"}
    assert stores["named"].get("5") == {"name": "5", "v": 1}
    assert stores["named"].get(5) is None
    assert stores["named"].get("a/b c") is not None


def test_where_needs_an_indexed_field(stores: StoreSet) -> None:
    with pytest.raises(KeyError):
        stores["items"].where("tags", [])


def test_keyless_inserts_follow_the_sequence_and_skip_taken_ids(stores: StoreSet) -> None:
    items = stores["items"]
    assert items.next_id() == 10
    assert items.insert({"id": None, "group": "x"})["id"] == 10
    items.insert({"id": 11, "group": "y"})
    assert items.insert({"id": None, "group": "x"})["id"] == 12
    assert items.next_id() == 13
    assert [r["id"] for r in items.where("group", "x")] == [1, 2, 10, 12]


def test_update_merges_and_keeps_the_position(stores: StoreSet) -> None:
    items = stores["items"]
    merged = items.update(1, {"tags": ["new"], "extra": None})
    assert merged == {**DATASET["items"][0], "tags": ["new"], "extra": None}
    assert items.get(1) == merged
    assert [r["id"] for r in items.all()] == [1, 3, 2]
    assert [r["id"] for r in items.where("group", "x")] == [1, 2]
    with pytest.raises(KeyError):
        items.update(404, {"tags": []})


def test_delete_returns_the_record_and_unindexes_it(stores: StoreSet) -> None:
    items = stores["items"]
    assert items.delete(1) == DATASET["items"][0]
    assert items.delete(1) is None
    assert items.get(1) is None and len(items) == 2
    assert [r["id"] for r in items.where("group", "x")] == [2]
    assert stores["pairs"].delete((1, 2)) is not None and len(stores["pairs"]) == 0


def test_reinserting_a_key_replaces_the_record_in_place(stores: StoreSet) -> None:
    named = stores["named"]
    named.insert({"name": "5", "v": 9})
    assert [r["v"] for r in named.all()] == [9, 2]


def test_every_write_bumps_the_version_and_reads_do_not(stores: StoreSet) -> None:
    before = stores.version
    stores["items"].all()
    stores["items"].get(1)
    assert stores.version == before
    stores["items"].update(1, {"tags": []})
    after_one = stores.version
    assert after_one > before
    stores["items"].insert({"id": None, "group": "q"})
    assert stores.version > after_one


def test_a_transaction_reads_its_own_writes(stores: StoreSet) -> None:
    items = stores["items"]
    with stores.transaction():
        new = items.insert({"id": None, "group": "x"})
        items.update(3, {"tags": []})
        items.delete(2)
        with stores.transaction():  # nested: part of the outer one
            items.insert({"id": 50, "group": "y"})
        assert items.get(new["id"]) == new
        assert items.get(2) is None
        assert [r["id"] for r in items.all()] == [1, 3, new["id"], 50]
        assert [r["id"] for r in items.where("group", "x")] == [1, new["id"]]
        assert [r["id"] for r in items.where("group", "y")] == [3, 50]
        assert len(items) == 4
    assert [r["id"] for r in items.all()] == [1, 3, new["id"], 50]
    assert items.get(3) is not None and items.get(3)["tags"] == []  # type: ignore[index]


def test_work_stores_are_apart_from_the_resources(stores: StoreSet) -> None:
    work = stores.work("imports")
    assert len(work) == 0
    work.insert({"id": 7, "lines": [{"a": 1}], "polls": 0})
    work.update(7, {"polls": 1})
    assert stores.work("imports").get(7) == {"id": 7, "lines": [{"a": 1}], "polls": 1}
    assert len(work) == 1 and "imports" not in list(stores)
    assert work.delete(7) is not None and len(work) == 0


def test_blobs_keep_bytes_by_key(stores: StoreSet) -> None:
    big = bytes(range(256)) * 400
    stores.blobs.put("uploads/a b/x.bin", big)
    stores.blobs.put("small", b"abc")
    assert stores.blobs.get("uploads/a b/x.bin") == big
    assert stores.blobs.get("small") == b"abc"
    assert stores.blobs.get("missing") is None


def test_concurrent_inserts_get_distinct_ids(stores: StoreSet) -> None:
    items = stores["items"]

    def insert(n: int) -> int:
        created: int = items.insert({"id": None, "group": f"g{n % 3}"})["id"]
        return created

    with ThreadPoolExecutor(16) as pool:
        ids = list(pool.map(insert, range(80)))
    assert len(set(ids)) == 80 and len(items) == 83
    assert sum(len(items.where("group", f"g{g}")) for g in range(3)) == 80


def test_a_fresh_open_brings_the_dataset_back(backend: Backend, stores: StoreSet) -> None:
    stores["items"].insert({"id": None, "group": "x"})
    stores.blobs.put("k", b"v")
    again = backend.open("test/items", RESOURCES, DATASET, fresh=True)
    assert [r["id"] for r in again["items"].all()] == [1, 3, 2]
    assert again["items"].next_id() == 10
    assert again.blobs.get("k") is None


def test_worlds_do_not_share_records(backend: Backend, stores: StoreSet) -> None:
    other = backend.open("other/items", RESOURCES, {"items": []}, fresh=False)
    other["items"].insert({"id": None, "group": "x"})
    assert len(other["items"]) == 1 and len(stores["items"]) == 3


@pytest.fixture
def durable(backend_options: dict[str, Any]) -> dict[str, Any]:
    if not backend_options:
        pytest.fail("memory keeps nothing: use this fixture with durable backends only")
    return backend_options


@pytest.mark.parametrize("backend_options", ["sqlite", "redis"], indirect=True)
def test_text_backends_hand_out_copies(stores: StoreSet) -> None:
    record = stores["items"].get(1)
    assert record is not None
    record["tags"].append("changed in place")
    stores["items"].all()[0]["group"] = "nowhere"
    assert stores["items"].get(1) == DATASET["items"][0]


@pytest.mark.parametrize("backend_options", ["sqlite", "redis"], indirect=True)
def test_a_failed_transaction_leaves_nothing(stores: StoreSet) -> None:
    items = stores["items"]
    version = stores.version
    with pytest.raises(RuntimeError), stores.transaction():
        items.insert({"id": None, "group": "x"})
        items.update(1, {"group": "gone"})
        raise RuntimeError("the rule refused half way")
    assert [r["id"] for r in items.all()] == [1, 3, 2] and items.get(1) == DATASET["items"][0]
    assert stores.version == version


@pytest.mark.parametrize("backend_options", ["sqlite", "redis"], indirect=True)
def test_readers_never_see_a_transaction_half_done(stores: StoreSet) -> None:
    items = stores["items"]
    inside, release = threading.Event(), threading.Event()
    seen: list[int] = []

    def writer() -> None:
        with stores.transaction():
            items.insert({"id": 100, "group": "x"})
            inside.set()
            release.wait(5)
            items.insert({"id": 101, "group": "x"})

    thread = threading.Thread(target=writer)
    thread.start()
    assert inside.wait(5)
    seen.append(len(items.where("group", "x")))
    release.set()
    thread.join(5)
    seen.append(len(items.where("group", "x")))
    assert seen == [2, 4]


@pytest.mark.parametrize("backend_options", ["sqlite", "redis"], indirect=True)
def test_state_outlives_the_backend(durable: dict[str, Any]) -> None:
    first = open_backend(Config(**durable))
    stores = first.open("test/items", RESOURCES, DATASET, fresh=False)
    stores["items"].insert({"id": None, "group": "x", "tags": []})
    stores["items"].delete(3)
    stores.work("imports").insert({"id": 1, "polls": 2})
    stores.blobs.put("bytes", b"\x00\xff")
    assert first.seed_for("test/items", 7) == 7
    first.close()
    second = open_backend(Config(**durable))
    again = second.open("test/items", RESOURCES, {"items": []}, fresh=False)
    assert [r["id"] for r in again["items"].all()] == [1, 2, 10]
    assert again["items"].get(10) == {"id": 10, "group": "x", "tags": []}
    assert again["items"].next_id() == 11
    assert again.work("imports").get(1) == {"id": 1, "polls": 2}
    assert again.blobs.get("bytes") == b"\x00\xff"
    assert second.seed_for("test/items", 7) == "7:1"
    second.close()
