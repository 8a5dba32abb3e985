"""Zero-code mode's registration: any OpenAPI 3.0/3.1 document becomes an ApiPackage."""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mockserver.engine.api import ApiPackage, Runtime
from mockserver.engine.call import Reply
from mockserver.engine.errors import ApiError
from mockserver.engine.generic.domain import GenericDomain, dataset_of, stored_resources
from mockserver.engine.generic.generate import Generator
from mockserver.engine.generic.handlers import handler_factory
from mockserver.engine.generic.infer import Inference, infer
from mockserver.engine.generic.operations import RawOperation
from mockserver.engine.generic.prepare import mount_path, operation_ids, prepare, write_prepared
from mockserver.engine.generic.problems import Problem, problem
from mockserver.engine.generic.respond import problem_reply
from mockserver.engine.generic.schemas import load_document
from mockserver.engine.generic.security import Scheme, requirements, schemes
from mockserver.engine.generic.seed import seed_records
from mockserver.engine.generic.table import render
from mockserver.engine.generic.values import Values
from mockserver.engine.spec import Operation
from mockserver.engine.store.base import StoreSet

NAME = "spec"
RECORDS_PER_COLLECTION = 5


@dataclass(frozen=True, slots=True)
class ZeroCode:
    """A served spec: the package to mount, what was inferred, and its startup table."""

    package: ApiPackage
    inference: Inference
    table: str


class ErrorRenderer:
    """Errors in the spec's documented shape for the failing operation (one generator, locked)."""

    def __init__(self, inference: Inference, seed: int) -> None:
        self.inference = inference
        self.generator = Generator(inference.schemas, Values(seed))
        self.lock = threading.Lock()

    def __call__(self, error: ApiError, operation: Operation | None) -> Reply:
        op = self._operation(operation)
        with self.lock:
            if op is None:
                found = Problem(error.status, "application/json", {"message": error.message})
            else:
                found = problem(self.generator, op, error.status, error.message)
        headers = dict(error.headers)
        if error.status == 401:
            headers.setdefault("WWW-Authenticate", self._challenge(op))
        return problem_reply(found, headers)

    def _operation(self, operation: Operation | None) -> RawOperation | None:
        if operation is None:
            return None
        try:
            return self.inference.operation(operation.method, operation.path)
        except StopIteration:
            return None

    def _challenge(self, op: RawOperation | None) -> str:
        names = requirements(self.inference.schemas, op)[0] if op else []
        declared = (self.inference.schemas.document.get("components") or {}).get(
            "securitySchemes"
        ) or {}
        for name in names:
            scheme = declared.get(name) or {}
            if scheme.get("type") == "http" and scheme.get("scheme"):
                return str(scheme["scheme"]).capitalize()
        return "Bearer"


def zero_code(
    spec_path: Path,
    seed: int = 1,
    keys: Collection[str] = (),
    count: int = RECORDS_PER_COLLECTION,
) -> ZeroCode:
    """Infers, seeds and packages a spec; it never refuses one it only partly understands."""
    document = load_document(spec_path)
    inference = infer(document)
    seeds = seed_records(inference, seed, count)
    dataset = dataset_of(seeds, inference)

    def build_domain(stores: StoreSet, runtime: Runtime) -> GenericDomain:
        return GenericDomain(inference, stores, runtime)

    def default_dataset() -> dict[str, Any]:
        return dataset

    prepared = prepare(document)
    ids = operation_ids(prepared)
    secured = frozenset(
        ids[(op.method, op.path)]
        for op in inference.operations
        if requirements(inference.schemas, op) and (op.method, op.path) in ids
    )
    package = ApiPackage(
        name=NAME,
        title=str((document.get("info") or {}).get("title") or spec_path.name),
        mount=mount_path(document),
        spec_path=write_prepared(prepared),
        resources=stored_resources(inference),
        handlers=handler_factory(inference, frozenset(keys)),
        build_domain=build_domain,
        default_dataset=default_dataset,
        render_error=ErrorRenderer(inference, seed),
        # Answers depend on credentials the engine's cache key does not see.
        uncacheable=secured,
    )
    table = render(inference, f"{package.title} ({spec_path})")
    return ZeroCode(package, inference, table + _security_note(inference, keys))


def _security_note(inference: Inference, keys: Collection[str]) -> str:
    """What the startup table says about credentials."""
    known = schemes(inference.schemas)
    if not known:
        return ""
    kinds = ", ".join(f"{s.name} ({s.kind}{_where(s)})" for s in known.values())
    accepted = f"{len(keys)} configured credential(s)" if keys else "any well-formed credential"
    return f"\nSecurity schemes: {kinds}; accepted: {accepted}"


def _where(scheme: Scheme) -> str:
    return f" in {scheme.location} {scheme.field}" if scheme.kind == "apiKey" else ""


def api_from_spec(spec_path: Path, seed: int = 1, keys: Collection[str] = ()) -> ApiPackage:
    return zero_code(spec_path, seed, keys).package
