"""Chains of calls through the spec's `links`: ids from one response feed the next request."""

from __future__ import annotations

from typing import Any, ClassVar

import hypothesis
from schemathesis import Case, Response

from mockserver.contract import schema
from mockserver.contract.bridge import CaseSender
from mockserver.contract.options import RunOptions, active

SCHEMA = schema.load(active())
LinkedMachine: Any = SCHEMA.as_state_machine()


class LinkedCalls(LinkedMachine):  # type: ignore[misc]
    """Schemathesis' link-driven machine, sending through the run's target."""

    sender: ClassVar[CaseSender]

    def setup(self) -> None:
        """In-process, each scenario starts from the dataset, so a failure replays the same."""
        self.sender.target.reset()

    def before_call(self, case: Case[Any]) -> None:
        self.sender.prepare(case)

    def get_call_kwargs(self, case: Case[Any]) -> dict[str, Any]:
        return self.sender.call_kwargs()

    def call(self, case: Case[Any], **kwargs: Any) -> Response:
        return self.sender.call(case, kwargs)

    def validate_response(
        self, response: Response, case: Case[Any], additional_checks: Any = None, **kwargs: Any
    ) -> None:
        self.sender.validate(
            case, response, kwargs, additional_checks=additional_checks, recorder=self.recorder
        )


def test_linked_calls(sender: CaseSender, options: RunOptions) -> None:
    machine: Any = hypothesis.seed(options.seed)(type("Run", (LinkedCalls,), {"sender": sender}))
    # Derived from the machine's own settings: a fresh `settings()` would drop deadline=None.
    settings = hypothesis.settings(
        machine.TestCase.settings,
        max_examples=options.max_examples,
        stateful_step_count=schema.STATEFUL_STEPS,
        database=None,
        phases=[hypothesis.Phase.generate]
        + ([] if options.no_shrink else [hypothesis.Phase.shrink]),
    )
    machine.run(settings=settings)
