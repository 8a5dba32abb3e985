"""Run options: targets, profiles, tokens from env vars, seeds and rates."""

from __future__ import annotations

from typing import Any

import pytest

from mockserver.contract.coverage import Observations, rows
from mockserver.contract.options import (
    CI_SEED,
    OptionsError,
    RunOptions,
    build,
    normalize_base_url,
    parse_rate,
)
from mockserver.contract.throttle import RetryStats, with_retries

REMOTE: dict[str, Any] = {"base_url": "https://api.example.com", "token": "key"}


def options(env: dict[str, str] | None = None, **raw: Any) -> RunOptions:
    return build(raw, env or {})


def test_in_process_defaults_to_full_with_the_docs_callers() -> None:
    found = options()
    assert (found.in_process, found.profile, found.writes) == (True, "full", True)
    assert (found.token, found.second_token) == ("ch_test_alice", "ch_test_mallory")


def test_loopback_defaults_to_full_and_anything_else_to_readonly() -> None:
    assert options(base_url="http://127.0.0.1:8080", token="k").profile == "full"
    assert options(base_url="http://localhost:8080/v1", token="k").profile == "full"
    assert options(**REMOTE).profile == "readonly"
    assert options(**REMOTE, allow_writes=True).profile == "readonly"
    assert options(**REMOTE, profile="full", allow_writes=True).writes


def test_remote_writes_need_both_flags() -> None:
    with pytest.raises(OptionsError, match="--allow-writes"):
        options(**REMOTE, profile="full")


def test_env_vars_name_the_target_and_callers() -> None:
    env = {
        "CIRCUITHUB_BASE_URL": "https://api.example.com",
        "CIRCUITHUB_API_KEY": "one",
        "CIRCUITHUB_SECOND_API_KEY": "two",
    }
    found = options(env)
    assert (found.base_url, found.token, found.second_token) == (
        "https://api.example.com/v1",
        "one",
        "two",
    )
    with pytest.raises(OptionsError, match="--token"):
        options({"CIRCUITHUB_BASE_URL": "https://api.example.com"})


def test_seeds_are_explicit_fixed_in_ci_or_shared_by_workers() -> None:
    assert options(seed=5).seed == 5
    assert options(ci=True).seed == CI_SEED
    shared = {"PYTEST_XDIST_TESTRUNUID": "00ff00ff0000"}
    assert options(shared).seed == options(shared).seed != options().seed
    assert options(shared).run_id == "00ff00ff"


def test_rates_and_urls_are_normalized() -> None:
    assert parse_rate("5/s") == 5.0 and parse_rate("120/m") == 2.0 and parse_rate(None) is None
    with pytest.raises(OptionsError):
        parse_rate("fast")
    assert normalize_base_url("http://h:1/") == "http://h:1/v1"
    with pytest.raises(OptionsError):
        normalize_base_url("h:1")


def test_429_retries_wait_as_told_and_stop() -> None:
    answers = iter([429, 429, 200])
    slept: list[float] = []
    stats = RetryStats()
    found = with_retries(lambda: next(answers), lambda s: s, lambda s: "2", stats, slept.append)
    assert (found, slept, stats.retried) == (200, [2.0, 2.0], 2)
    always = with_retries(lambda: 429, lambda s: s, lambda s: None, RetryStats(), slept.append)
    assert always == 429


def test_observed_requests_are_attributed_to_operations() -> None:
    seen = Observations("/v1")
    seen.record_url("POST", "http://h/v1/projects/upload-urls", 200)
    seen.record_url("GET", "http://h/v1/projects/7?x=1", 404)
    seen.record_url("PUT", "https://s3.example.com/bucket/key", 200)
    assert dict(seen.counts) == {("createUploadUrls", 200): 1, ("getProject", 404): 1}
    row = next(r for r in rows(seen.counts) if r.operation.operation_id == "getProject")
    assert "404" in row.exercised and "200" in row.missing and not row.undocumented
