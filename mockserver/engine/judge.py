"""openapi-core, the judge of every request the fast path rejects: its verdict and wording."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from werkzeug.wrappers import Request

from mockserver.engine.errors import ValidationError
from mockserver.engine.screening import MAX_DEPTH, bounded, is_text, parse_json
from mockserver.engine.spec import load_spec
from mockserver.engine.validation import Inputs, refusal

if TYPE_CHECKING:
    # openapi-core takes half a second to import; it is loaded on the first second opinion.
    from openapi_core import OpenAPI


@functools.cache
def openapi_for(path: Path) -> OpenAPI:
    """Built once per file and process, from the document the engine already parsed."""
    from openapi_core import OpenAPI

    return OpenAPI.from_dict(load_spec(path).document, base_uri=path.resolve().as_uri())


def explain(error: BaseException) -> str:
    """Word an openapi-core error the way our 400s read: name the field and the problem.

    The client's value is quoted as an excerpt at most (`screening.bounded`).
    """
    message = str(error)
    cause = error.__cause__
    schema_errors = getattr(cause, "schema_errors", None) or getattr(error, "schema_errors", None)
    if schema_errors:
        first = schema_errors[0]
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in first.path)
        prefix = "request body" if "body" in message.lower() else message.rstrip(".")
        field = " field " + where.lstrip(".") if where else ""
        return bounded(f"{prefix}{field}: {first.message}", first.instance)
    if cause is not None and str(cause):
        return bounded(f"{message}: {cause}", getattr(cause, "value", None))
    return bounded(message, None)


def _refusal(error: BaseException) -> ValidationError:
    """openapi-core's wording, with the code its first violated keyword's `x-errors` gives."""
    cause = error.__cause__
    schema_errors = getattr(cause, "schema_errors", None) or getattr(error, "schema_errors", None)
    first = schema_errors[0] if schema_errors else None
    if first is None:
        return ValidationError(explain(error))
    return refusal(explain(error), first.schema, str(first.validator))


def _plain(values: Mapping[str, Any], raw: Mapping[str, Any]) -> dict[str, Any]:
    """Values as the fast path types them: openapi-core turns `format: date` into a `date`
    and `format: uuid` into a `UUID`, which handlers and JSON answers do not expect."""
    return {name: v if _is_plain(v) else raw.get(name) for name, v in values.items()}


def _is_plain(value: Any) -> bool:
    if isinstance(value, list):
        return all(_is_plain(item) for item in value)
    return value is None or isinstance(value, str | int | float | bool)


def _plain_body(request: Request, unmarshalled: Any) -> Any:
    """The JSON body as parsed, not as unmarshalled (formats stay strings, as on the fast path).
    Parsed by screening's rules, so nothing it refuses gets through here either."""
    data = request.get_data(cache=True)
    return parse_json(data) if unmarshalled is not None and data else unmarshalled


def _unsafe(inputs: Inputs) -> str | None:
    """Text the screening should have refused; checked again so no verdict lets it through.
    (The body was parsed by `parse_json`, which checks its text.)"""
    for where, values in (("path", inputs.path), ("query", inputs.query)):
        for name, value in values.items():
            if isinstance(value, str) and not is_text(value):
                return f"{where} parameter '{name}' is not valid Unicode text"
    return None


class Judge:
    """openapi-core's verdict on a request the fast path rejected (or on every one)."""

    def __init__(self, spec_path: Path) -> None:
        self.spec_path = spec_path

    @property
    def openapi(self) -> OpenAPI:
        """Built on first use: most runs never need a second opinion, so start-up skips it."""
        return openapi_for(self.spec_path)

    def judge(
        self, request: Request, *, raw_body: bool = False
    ) -> tuple[str | None, Inputs | None]:
        """(openapi-core's message, None) or (None, the inputs)."""
        error, inputs = self.verdict(request, raw_body=raw_body)
        return (None, inputs) if error is None else (error.message, None)

    def verdict(
        self, request: Request, *, raw_body: bool = False
    ) -> tuple[ValidationError | None, Inputs | None]:
        """(the refusal, None) or (None, the inputs); `raw_body` operations get the body's
        bytes, as from the fast path, whatever openapi-core makes of them."""
        try:
            from openapi_core.contrib.werkzeug import WerkzeugOpenAPIRequest

            result = self.openapi.unmarshal_request(WerkzeugOpenAPIRequest(request))
        except RecursionError:
            return ValidationError(f"request body nests deeper than {MAX_DEPTH} levels"), None
        except Exception as exc:  # openapi-core trips on some input (`Content-Type: a;b`)
            return ValidationError(bounded(f"the request cannot be read: {exc}", None)), None
        from openapi_core.validation.request.exceptions import SecurityValidationError

        errors = [e for e in result.errors if not isinstance(e, SecurityValidationError)]
        if errors:
            return _refusal(errors[0]), None
        params: Any = result.parameters
        try:
            body = request.get_data(cache=True) if raw_body else _plain_body(request, result.body)
        except ValidationError as refused:  # what screening refuses (had it not run first)
            return refused, None
        inputs = Inputs(
            _plain(params.path, getattr(request, "view_args", None) or {}),
            _plain(params.query, request.args),
            body,
        )
        problem = _unsafe(inputs)
        return (ValidationError(problem), None) if problem else (None, inputs)
