"""Same seed and options, same bytes: across calls and processes; counts are what they say."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import subprocess
import sys
import uuid
from collections import Counter
from pathlib import Path
from random import Random
from typing import Any

import pytest
import yaml

from mockserver.apis.dataquality.fixtures import COUNT_NAMES, PRESETS, generate
from mockserver.apis.dataquality.fixtures.presets import GENERATED
from mockserver.apis.dataquality.fixtures.timeline import uuid4
from mockserver.apis.dataquality.paths import DEFAULT_DATASET
from mockserver.fixtures.cli import add_subparser
from mockserver.fixtures.writer import dumps_json

COUNTED = ("spaces", "users", "products", "alerts", "issues", "comments")


def run(*argv: str) -> int:
    parser = argparse.ArgumentParser(prog="circuithub-mock")
    add_subparser(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["fixtures", "generate", "--api", "dataquality", *argv])
    code: int = args.func(args)
    return code


@pytest.mark.parametrize("preset", ["small", "docs"])
def test_same_seed_same_bytes(preset: str) -> None:
    assert dumps_json(generate(7, preset)) == dumps_json(generate(7, preset))


def test_different_seed_different_data() -> None:
    one, two = generate(1, "small"), generate(2, "small")
    for name in COUNTED:
        assert one[name] != two[name], name


def test_counts_change_only_what_they_count() -> None:
    base, talkative = generate(4, "small"), generate(4, "small", comments=200)
    for name in ("spaces", "users", "products", "alerts", "issues"):
        assert base[name] == talkative[name], name
    assert len(talkative["comments"]) == 200
    busier = generate(4, "small", issues=70)
    for name in ("spaces", "users", "products", "alerts"):
        assert base[name] == busier[name], name
    assert len(busier["issues"]) == 70


@pytest.mark.parametrize("preset", sorted(set(GENERATED) - {"large"}))
def test_presets_have_their_counts(preset: str) -> None:
    data = generate(1, preset)
    assert {name: len(data[name]) for name in COUNTED} == dataclasses.asdict(GENERATED[preset])
    # History: one `created` per issue, one item per comment, the rest are changes.
    actions = Counter(item["action"] for item in data["history"])
    assert actions["created"] == len(data["issues"])
    assert actions["commented"] == len(data["comments"])


def test_count_flags_are_totals(tmp_path: Path) -> None:
    out = tmp_path / "dq.json"
    flags = ["--spaces", "2", "--users", "5", "--products", "4", "--alerts", "6"]
    assert run(*flags, "--issues", "9", "--comments", "11", "-o", str(out)) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {name: len(data[name]) for name in COUNTED} == dict(
        zip(COUNTED, (2, 5, 4, 6, 9, 11), strict=True)
    )
    assert COUNT_NAMES == COUNTED


def test_the_docs_preset_is_the_default_dataset_byte_for_byte(tmp_path: Path) -> None:
    """`fixtures generate --api dataquality --preset docs` rebuilds data/docs-world.json."""
    out = tmp_path / "docs-world.json"
    assert run("--preset", "docs", "-o", str(out)) == 0
    assert out.read_bytes() == DEFAULT_DATASET.read_bytes()
    assert "docs" in PRESETS


def test_the_docs_preset_takes_no_counts(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(ValueError, match="no counts"):
        generate(1, "docs", issues=3)
    assert run("--preset", "docs", "--issues", "3", "-o", "-") == 2
    assert "no counts" in capsys.readouterr().err


def test_options_of_other_apis_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--projects", "3", "-o", "-") == 2
    assert "takes no --projects" in capsys.readouterr().err


def cli_bytes(tmp_path: Path, hash_seed: str) -> bytes:
    out = tmp_path / f"dq-{hash_seed}.json"
    command = [sys.executable, "-m", "mockserver.fixtures.cli", "generate", "--api", "dataquality"]
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    subprocess.run(
        [*command, "--seed", "5", "--preset", "small", "-o", str(out)], check=True, env=env
    )
    return out.read_bytes()


def test_separate_processes_with_different_hash_seeds_agree(tmp_path: Path) -> None:
    first = cli_bytes(tmp_path, "1")
    assert first == cli_bytes(tmp_path, "2")
    assert first == dumps_json(generate(5, "small")).encode()


def test_ids_are_the_uuids_of_the_same_bits() -> None:
    ours, theirs = Random(9), Random(9)
    for _ in range(200):
        assert uuid4(ours) == str(uuid.UUID(int=theirs.getrandbits(128), version=4))


def test_generated_text_is_json_and_yaml_safe(tmp_path: Path) -> None:
    data: dict[str, Any] = generate(6, "small")
    assert json.loads(dumps_json(data)) == data
    out = tmp_path / "dq.yaml"
    assert run("--seed", "6", "-o", str(out)) == 0
    assert yaml.safe_load(out.read_text(encoding="utf-8")) == data
