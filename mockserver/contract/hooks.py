"""Contract-run plumbing: options, the target, a fresh state per test, and reports."""

from __future__ import annotations

import uuid
from collections.abc import Generator, Iterator

import pytest

from mockserver.contract import PACKAGE_DIR, SUITES_DIR, report
from mockserver.contract.apis import contract_api
from mockserver.contract.bridge import CaseSender
from mockserver.contract.discovery import Api
from mockserver.contract.options import PROFILES, OptionsError, RunOptions, activate, build
from mockserver.contract.plugin import APP_FACTORY_KEY, CREATED_KEY, OPTIONS_KEY
from mockserver.contract.target import Target

TARGET_KEY = pytest.StashKey[Target]()
OPTION_NAMES = (
    "api",
    "base_url",
    "token",
    "second_token",
    "profile",
    "max_examples",
    "seed",
    "allow_writes",
    "rate_limit",
    "ci",
    "no_shrink",
    "operations",
    "report_dir",
)
MARKERS = (
    "writes: writes to the target; deselected by the readonly profile",
    "second_token: needs a caller from another workspace (--second-token)",
)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("contract", "CircuitHub contract suites")
    add = group.addoption
    add("--api", dest="contract_api", metavar="NAME", help="the API to test (circuithub)")
    add("--base-url", dest="contract_base_url", metavar="URL", help="test this deployment")
    add("--token", dest="contract_token", help="API key of the first caller")
    add("--second-token", dest="contract_second_token", help="a caller in another workspace")
    add("--profile", dest="contract_profile", choices=PROFILES, help="full or readonly")
    add("--max-examples", dest="contract_max_examples", type=int, metavar="N")
    add("--seed", dest="contract_seed", type=int, metavar="N")
    add("--allow-writes", dest="contract_allow_writes", action="store_true")
    add("--rate-limit", dest="contract_rate_limit", metavar="N/s", help="client-side pacing")
    add("--ci", dest="contract_ci", action="store_true", help="fixed seed and budget, JUnit XML")
    add("--no-shrink", dest="contract_no_shrink", action="store_true", help="report unshrunk")
    add("--operation", dest="contract_operations", action="append", metavar="OPERATION_ID")
    add("--contract-report-dir", dest="contract_report_dir", help="for the contract command")


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config: pytest.Config) -> None:
    raw = {name: config.getoption(f"contract_{name}") for name in OPTION_NAMES}
    raw["run_uid"] = shared_run_uid(config)
    try:
        options = build(raw)
    except OptionsError as exc:
        raise pytest.UsageError(str(exc)) from None
    config.stash[OPTIONS_KEY] = options
    activate(options)
    for marker in MARKERS:
        config.addinivalue_line("markers", marker)
    if options.ci and not config.option.xmlpath:
        config.option.xmlpath = "contract-junit.xml"


def shared_run_uid(config: pytest.Config) -> str | None:
    """With xdist, pick the run id the workers will get, so the header's seed is theirs."""
    if getattr(config.option, "testrunuid", "") is None and not hasattr(config, "workerinput"):
        config.option.testrunuid = uuid.uuid4().hex
    uid: str | None = getattr(config.option, "testrunuid", None)
    return uid


def pytest_report_header(config: pytest.Config) -> str:
    return "contract " + config.stash[OPTIONS_KEY].describe()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """The API and the profile decide which suites run: deselected, never skipped."""
    options = config.stash[OPTIONS_KEY]
    tested = contract_api(options.api)
    keep: list[pytest.Item] = []
    drop: list[pytest.Item] = []
    for item in items:
        writes = item.get_closest_marker("writes") is not None and not options.writes
        lonely = item.get_closest_marker("second_token") is not None and not options.second_token
        other_api = item.path.parent == SUITES_DIR and not tested.applies(item.path.name)
        (drop if writes or lonely or other_api else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


@pytest.fixture(scope="session")
def options(pytestconfig: pytest.Config) -> RunOptions:
    return pytestconfig.stash[OPTIONS_KEY]


@pytest.fixture(scope="session")
def target(pytestconfig: pytest.Config, options: RunOptions) -> Iterator[Target]:
    found = Target(options, pytestconfig.stash.get(APP_FACTORY_KEY, None))
    pytestconfig.stash[TARGET_KEY] = found
    yield found
    pytestconfig.stash[CREATED_KEY] = list(found.setup.created)
    report.save_run(options, found)
    found.close()


@pytest.fixture(autouse=True)
def _fresh_state(target: Target) -> None:
    """In-process, every test starts from the dataset; a deployment keeps its state."""
    target.reset()


@pytest.fixture
def api(target: Target) -> Api:
    return Api(target)


@pytest.fixture(scope="session")
def sender(target: Target) -> CaseSender:
    return CaseSender(target)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    """Failures carry the curl commands that reproduce them."""
    outcome = yield
    ours = PACKAGE_DIR in item.path.parents
    if ours and outcome.failed and outcome.when == "call" and TARGET_KEY in item.config.stash:
        found = item.config.stash[TARGET_KEY]
        commands = report.reproduction(str(outcome.longrepr), found)
        if commands:
            outcome.sections.append(("Reproduce with", "\n".join(commands)))
        report.save_failure(item.config.stash[OPTIONS_KEY], outcome.nodeid, commands)
    return outcome


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    config = terminalreporter.config
    if OPTIONS_KEY not in config.stash:
        return
    options = config.stash[OPTIONS_KEY]
    created = config.stash.get(CREATED_KEY, [])
    for line in report.leftovers(options.base_url, options.prefix, created, options.api):
        terminalreporter.write_line(line)
