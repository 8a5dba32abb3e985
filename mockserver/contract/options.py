"""What one contract run targets and how hard it pushes, from pytest options or env vars."""

from __future__ import annotations

import hashlib
import ipaddress
import os
import re
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from mockserver.contract.apis import CONTRACT_APIS, DEFAULT_API, contract_api

Profile = Literal["full", "readonly"]
PROFILES: tuple[Profile, ...] = ("full", "readonly")

DEFAULT_MAX_EXAMPLES = 50
CI_MAX_EXAMPLES = 50
CI_SEED = 20250315
IN_PROCESS_TOKEN = CONTRACT_APIS[DEFAULT_API].token
IN_PROCESS_SECOND_TOKEN = CONTRACT_APIS[DEFAULT_API].second_token
ENV_BASE_URL = "CIRCUITHUB_BASE_URL"
ENV_TOKEN = "CIRCUITHUB_API_KEY"
ENV_SECOND_TOKEN = "CIRCUITHUB_SECOND_API_KEY"
API_ROOT = "/v1"
_RATE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(?:/\s*([smh]))?\s*$")
_PER = {"s": 1.0, "m": 60.0, "h": 3600.0}


class OptionsError(ValueError):
    """Options that contradict each other; the CLI and pytest both report it as a usage error."""


@dataclass(frozen=True, slots=True)
class RunOptions:
    """One run's settings. `base_url` None means the in-process mock."""

    base_url: str | None = None
    token: str = IN_PROCESS_TOKEN
    second_token: str | None = IN_PROCESS_SECOND_TOKEN
    profile: Profile = "full"
    max_examples: int = DEFAULT_MAX_EXAMPLES
    seed: int = CI_SEED
    allow_writes: bool = False
    rate_limit: float | None = None
    ci: bool = False
    no_shrink: bool = False
    run_id: str = "local"
    report_dir: Path | None = None
    operations: frozenset[str] = field(default_factory=frozenset)
    api: str = DEFAULT_API

    @property
    def in_process(self) -> bool:
        return self.base_url is None

    @property
    def loopback(self) -> bool:
        return self.base_url is None or is_loopback(self.base_url)

    @property
    def writes(self) -> bool:
        return self.profile == "full"

    @property
    def prefix(self) -> str:
        """Names and titles of everything a run creates start with this."""
        return f"ctest-{self.run_id}-"

    def label(self, text: str = "") -> str:
        return f"{self.prefix}{text}"

    def describe(self) -> str:
        target = self.base_url or "in-process mock (strict)"
        rate = f", rate limit {self.rate_limit:g}/s" if self.rate_limit else ""
        return (
            f"api: {self.api}; target: {target}; profile: {self.profile}; "
            f"max examples: {self.max_examples}; "
            f"seed: {self.seed}; run id: {self.run_id}{rate}"
        )


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def normalize_base_url(url: str, root: str = API_ROOT) -> str:
    """Accept `http://host:8080` or `http://host:8080/v1`; always answer with the API root."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise OptionsError(f"--base-url {url!r} is not an absolute http(s) URL")
    return url if parts.path.endswith(root) else url + root


def parse_rate(text: str | None) -> float | None:
    """`5/s`, `120/m`, `2.5` -> requests per second; None or empty means no throttle."""
    if not text:
        return None
    match = _RATE.match(text)
    if match is None or float(match.group(1)) <= 0:
        raise OptionsError(f"--rate-limit {text!r}: expected N/s, N/m or N/h with N > 0")
    return float(match.group(1)) / _PER[match.group(2) or "s"]


def build(raw: dict[str, Any], env: dict[str, str] | None = None) -> RunOptions:
    """Combine raw option values (None = not given) with env vars and the profile rules."""
    env = dict(os.environ if env is None else env)
    api = raw.get("api") or DEFAULT_API
    try:
        mount = contract_api(api).mount
    except KeyError as exc:
        raise OptionsError(exc.args[0]) from None
    base_url = raw.get("base_url") or env.get(ENV_BASE_URL) or None
    run_uid = raw.get("run_uid") or env.get("PYTEST_XDIST_TESTRUNUID") or secrets.token_hex(8)
    options = RunOptions(
        base_url=normalize_base_url(base_url, mount) if base_url else None,
        max_examples=_max_examples(raw),
        seed=_seed(raw, run_uid),
        allow_writes=bool(raw.get("allow_writes")),
        rate_limit=parse_rate(raw.get("rate_limit")),
        ci=bool(raw.get("ci")),
        no_shrink=bool(raw.get("no_shrink")),
        run_id=re.sub(r"[^A-Za-z0-9]", "", run_uid)[:8] or "run",
        report_dir=Path(raw["report_dir"]) if raw.get("report_dir") else None,
        operations=frozenset(raw.get("operations") or ()),
        api=api,
    )
    options = _with_tokens(options, raw, env)
    return replace(options, profile=_profile(options, raw.get("profile")))


def _max_examples(raw: dict[str, Any]) -> int:
    value = raw.get("max_examples")
    if value is None:
        return CI_MAX_EXAMPLES if raw.get("ci") else DEFAULT_MAX_EXAMPLES
    if int(value) < 1:
        raise OptionsError("--max-examples must be at least 1")
    return int(value)


def _seed(raw: dict[str, Any], run_uid: str) -> int:
    """Explicit, else fixed in CI, else from the run id (the same in every xdist worker)."""
    if raw.get("seed") is not None:
        return int(raw["seed"])
    if raw.get("ci"):
        return CI_SEED
    return int(hashlib.sha256(run_uid.encode()).hexdigest()[:7], 16)


def _with_tokens(options: RunOptions, raw: dict[str, Any], env: dict[str, str]) -> RunOptions:
    token = raw.get("token") or env.get(ENV_TOKEN)
    second = raw.get("second_token") or env.get(ENV_SECOND_TOKEN)
    if options.in_process:
        callers = contract_api(options.api)
        return replace(
            options, token=token or callers.token, second_token=second or callers.second_token
        )
    if not token:
        raise OptionsError(f"a --base-url target needs --token (or {ENV_TOKEN})")
    return replace(options, token=token, second_token=second or None)


def _profile(options: RunOptions, requested: str | None) -> Profile:
    """`full` by default on loopback; elsewhere writes need `--profile full --allow-writes`."""
    if requested is not None and requested not in PROFILES:
        raise OptionsError(f"--profile must be one of {', '.join(PROFILES)}")
    if options.loopback:
        return "readonly" if requested == "readonly" else "full"
    if requested == "full" and not options.allow_writes:
        raise OptionsError(
            f"--profile full writes to {options.base_url}; add --allow-writes to confirm"
        )
    return "full" if requested == "full" else "readonly"


_ACTIVE: list[RunOptions] = []


def activate(options: RunOptions) -> None:
    """Make these the options suite modules read while pytest collects them."""
    _ACTIVE[:] = [options]


def active() -> RunOptions:
    """The options of the run being collected (defaults outside a contract run)."""
    return _ACTIVE[0] if _ACTIVE else RunOptions()
