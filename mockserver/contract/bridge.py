"""Send Schemathesis cases to the target: auth, pacing, 429 retries, coverage, run-id tags."""

from __future__ import annotations

from typing import Any

from pyrate_limiter import Limiter
from schemathesis import Case, Response
from schemathesis.core.parameters import ParameterLocation

from mockserver.contract.apis import DEFAULT_API
from mockserver.contract.coverage import spec
from mockserver.contract.target import Target
from mockserver.contract.throttle import Throttle, with_retries

TAGGED_FIELDS = ("title", "name", "body", "comment", "content")


class ThrottleLimiter(Limiter):
    """Lets Schemathesis pace every request it sends (probes too) with the run's throttle."""

    def __init__(self, throttle: Throttle) -> None:  # no buckets: the throttle decides
        self.throttle = throttle

    def try_acquire(self, *args: Any, **kwargs: Any) -> bool:
        self.throttle.wait()
        return True


class CaseSender:
    """How Schemathesis cases reach the target and get checked."""

    def __init__(self, target: Target) -> None:
        self.target = target
        self.auth = {"Authorization": f"Bearer {target.options.token}"}
        self.limiter = ThrottleLimiter(target.throttle) if target.options.rate_limit else None

    def prepare(self, case: Case[Any]) -> None:
        """Point the case (and its operation's probes) at the target."""
        operation = case.operation
        if self.target.in_process is not None:
            operation.app = self.target.in_process.app
            operation.schema.app = self.target.in_process.app
        if self.limiter is not None:
            operation.schema.config.rate_limit = self.limiter
        if not self.target.options.in_process:
            tag_body(case, self.target.options.prefix, self.target.options.api)

    def call_kwargs(self) -> dict[str, Any]:
        kwargs: dict[str, Any] = {"headers": dict(self.auth)}
        if self.target.in_process is not None:
            kwargs["app"] = self.target.in_process.app
        else:
            kwargs["base_url"] = self.target.root
            kwargs["session"] = self.target.session
        return kwargs

    def call(self, case: Case[Any], kwargs: dict[str, Any]) -> Response:
        response: Response = with_retries(
            lambda: case.call(**kwargs),
            lambda r: r.status_code,
            lambda r: r.headers.get("retry-after", [None])[0],
            self.target.setup.stats,
        )
        if case.method.upper() == case.operation.method.upper():  # not an unsupported-method probe
            operation_id = case.operation.schema.get_operation_id(case.operation)
            self.target.observations.record(str(operation_id), response.status_code)
            if response.status_code == 201:
                self.target.setup.created.append(case.operation.label)
        return response

    def validate(
        self, case: Case[Any], response: Response, kwargs: dict[str, Any], **extra: Any
    ) -> None:
        """Every configured check; explicit auth headers let `ignored_auth` probe properly."""
        case.validate_response(
            response, headers=kwargs.get("headers"), transport_kwargs=kwargs, **extra
        )

    def check(self, case: Case[Any]) -> None:
        self.prepare(case)
        kwargs = self.call_kwargs()
        self.validate(case, self.call(case, kwargs), kwargs)


def tag_body(case: Case[Any], prefix: str, api: str = DEFAULT_API) -> None:
    """Prefix names and titles of valid write bodies, so a deployment's leftovers are findable."""
    if not isinstance(case.body, dict) or case.method.upper() not in ("POST", "PUT"):
        return
    if case.meta is not None and case.meta.is_negative_at(ParameterLocation.BODY):
        return
    operation_id = case.operation.schema.get_operation_id(case.operation)
    operation = spec(api).operations.get(str(operation_id))
    schema = operation.body_content.get("application/json", {}) if operation else {}
    properties = schema.get("properties", {})
    for name in TAGGED_FIELDS:
        value = case.body.get(name)
        if isinstance(value, str) and name in properties and not value.startswith(prefix):
            limit = properties[name].get("maxLength", len(prefix) + len(value))
            case.body[name] = (prefix + value)[:limit]
