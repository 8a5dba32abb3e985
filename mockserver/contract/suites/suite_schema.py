"""Every operation against openapi.yaml: the examples, coverage and fuzzing phases, all checks."""

from __future__ import annotations

from typing import Any

from schemathesis import Case

from mockserver.contract import schema
from mockserver.contract.bridge import CaseSender
from mockserver.contract.options import active

SCHEMA = schema.load(active())


@SCHEMA.parametrize()
def test_operation(case: Case[Any], sender: CaseSender) -> None:
    sender.check(case)
