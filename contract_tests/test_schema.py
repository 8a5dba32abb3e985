"""Every operation against openapi.yaml: the examples, coverage and fuzzing phases, all checks."""

from __future__ import annotations

from typing import Any

from schemathesis import Case

from contract_tests import schema
from contract_tests.bridge import CaseSender
from contract_tests.options import active

SCHEMA = schema.load(active())


@SCHEMA.parametrize()
def test_operation(case: Case[Any], sender: CaseSender) -> None:
    sender.check(case)
