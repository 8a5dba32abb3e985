"""Running the domain state machines with the run's example budget and seed."""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

import hypothesis
from hypothesis import HealthCheck, Phase
from hypothesis.stateful import RuleBasedStateMachine, run_state_machine_as_test

from mockserver.contract.options import RunOptions

STEPS = 8
SHRINK = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]
NO_SHRINK = [Phase.explicit, Phase.reuse, Phase.generate]


def settings_for(
    options: RunOptions, steps: int, examples: int | None = None
) -> hypothesis.settings:
    """Every field set here, so a Hypothesis profile loaded elsewhere cannot change the run."""
    return hypothesis.settings(
        max_examples=examples or options.max_examples,
        stateful_step_count=steps,
        deadline=None,
        database=None,
        derandomize=False,
        print_blob=False,
        phases=NO_SHRINK if options.no_shrink else SHRINK,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


def run(
    factory: Callable[[], RuleBasedStateMachine],
    options: RunOptions,
    *,
    steps: int = STEPS,
    examples: int | None = None,
) -> None:
    """Run a machine as a test; a failure prints the minimal sequence of steps."""
    # Hypothesis takes any factory of machines, though its annotation says a class.
    seeded = cast(type[RuleBasedStateMachine], hypothesis.seed(options.seed)(factory))
    run_state_machine_as_test(seeded, settings=settings_for(options, steps, examples))
