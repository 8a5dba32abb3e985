"""openapi-core, the judge of every request the fast path rejects: its verdict and wording."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from openapi_core import OpenAPI
from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest
from openapi_core.validation.request.exceptions import SecurityValidationError
from werkzeug.wrappers import Request

from mockserver.engine.validation import Inputs


@functools.cache
def openapi_for(path: Path) -> OpenAPI:
    """Parsing the spec takes ~0.2 s, so each file is loaded once per process."""
    return OpenAPI.from_file_path(str(path))


def explain(error: BaseException) -> str:
    """Word an openapi-core error the way our 400s read: name the field and the problem."""
    message = str(error)
    cause = error.__cause__
    schema_errors = getattr(cause, "schema_errors", None) or getattr(error, "schema_errors", None)
    if schema_errors:
        first = schema_errors[0]
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first.path)
        prefix = "request body" if "body" in message.lower() else message.rstrip(".")
        return f"{prefix}{' field ' + where.lstrip('.') if where else ''}: {first.message}"
    if cause is not None and str(cause):
        return f"{message}: {cause}"
    return message


class Judge:
    """openapi-core's verdict on a request the fast path rejected (or on every one)."""

    def __init__(self, spec_path: Path) -> None:
        self.openapi = openapi_for(spec_path)

    def judge(self, request: Request) -> tuple[str | None, Inputs | None]:
        result = self.openapi.unmarshal_request(WerkzeugOpenAPIRequest(request))
        errors = [e for e in result.errors if not isinstance(e, SecurityValidationError)]
        if errors:
            return explain(errors[0]), None
        params: Any = result.parameters
        return None, Inputs(dict(params.path), dict(params.query), result.body)
