"""openapi.yaml as a Schemathesis schema, configured for one run's options."""

from __future__ import annotations

from typing import Any

import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.schemas import BaseSchema

from mockserver.contract import SPEC_PATH
from mockserver.contract.options import RunOptions

STATEFUL_STEPS = 10
UNSAFE_METHODS = ["POST", "PUT", "PATCH", "DELETE"]
# Operations whose prose documents 400s (or 413) for input the JSON Schema cannot rule out;
# there, a schema-valid request may be refused. Quoted from openapi.yaml's descriptions.
SEMANTIC_REJECTIONS: dict[str, str] = {
    "startCliLogin": "only http://localhost:PORT/... URIs; anything else is 400",
    "createUploadUrls": "size 1..104857600 (400/413); no '..' in a filename (400)",
    "createProject": "object keys must be uploads of this workspace (400 INVALID_OBJECT_KEY)",
    "createRevision": "the same object-key rules as POST /projects apply",
    "createIssueComment": "an attachment url must be an uploaded key of this issue (400)",
    "getIssueUploadUrl": "a filename may not contain '..' (the Filename schema says so)",
    "listInvoices": "from/to must be real dates; the pattern admits 2025-13-45",
    "getStatement": "a startDate after endDate is 400 VALIDATION_ERROR",
    "createQuote": "a revision whose import is not complete cannot be quoted (400)",
}
ACCEPTANCE = ["2xx", "3xx", "400", "401", "403", "404", "409", "413", "429", "5xx"]


def config_for(options: RunOptions) -> SchemathesisConfig:
    """Every default check, all generation modes; budget and seed from the options."""
    operations: list[dict[str, Any]] = [
        {
            "include-operation-id": sorted(SEMANTIC_REJECTIONS),
            "checks": {"positive_data_acceptance": {"expected-statuses": ACCEPTANCE}},
        }
    ]
    return SchemathesisConfig.from_dict(
        {
            "seed": options.seed,
            "generation": {
                "max-examples": options.max_examples,
                "mode": "all",
                "database": "none",
                "no-shrink": options.no_shrink,
                # The run sends its own credentials; the `ignored_auth` check probes without.
                "with-security-parameters": False,
                # The spec does not forbid unknown query parameters, so they are not "invalid".
                "allow-extra-parameters": False,
            },
            # Only the spec's own `links` chain calls: inferred transitions guess wrongly here.
            "phases": {"stateful": {"max-steps": STATEFUL_STEPS, "inference": {"algorithms": []}}},
            "operations": operations,
        }
    )


def load(options: RunOptions) -> BaseSchema:
    """The schema a run tests: storage is left to the domain suites (it needs signatures)."""
    schema: BaseSchema = schemathesis.openapi.from_path(SPEC_PATH, config=config_for(options))
    # Only excludes: the config's [[operations]] entries turn any `include` into a no-op.
    schema = schema.exclude(tag="storage")
    if not options.writes:
        schema = schema.exclude(method=UNSAFE_METHODS)
    if options.operations:
        wanted = options.operations
        schema = schema.exclude(
            lambda ctx: ctx.operation.definition.raw["operationId"] not in wanted
        )
    return schema
