"""The startup table: every operation and the behaviour inferred for it."""

from __future__ import annotations

from collections.abc import Sized

from mockserver.engine.generic.infer import Inference
from mockserver.engine.generic.model import Behaviour, Plan, Resource

HEADER = ("METHOD", "PATH", "OPERATION", "BEHAVIOUR", "DETAIL")


def resource_line(resource: Resource) -> str:
    if resource.id is None:
        ident = "no ids (read-only list)"
    else:
        ident = f"id {resource.id.field or resource.id.param} ({resource.id.kind})"
    parts = [f"{resource.key}: {ident}"]
    if resource.scope:
        parent = resource.parent or "unknown parent"
        parts.append(f"scoped by {', '.join(resource.scope)} of {parent}")
    return "; ".join(parts)


def detail(plan: Plan) -> str:
    parts: list[str] = []
    if plan.resource:
        parts.append(f"on {plan.resource}")
    if plan.behaviour is Behaviour.LIST and plan.envelope is not None:
        envelope = plan.envelope
        shape = "bare array" if envelope.items is None else f"wrapper.{envelope.items}"
        roles = ", ".join(f"{path}={role}" for path, role in envelope.roles)
        parts.append(f"{shape} ({roles})" if roles else shape)
        if plan.filters:
            parts.append("filters " + ", ".join(name for name, _ in plan.filters))
        if plan.pagination is not None:
            paging = plan.pagination
            names = [n for n in (paging.page, paging.offset, paging.cursor, paging.size) if n]
            parts.append(f"paging {paging.style} ({', '.join(names)})")
    if plan.body_id:
        parts.append("id from body")
    parts.append(f"-> {plan.status}" + (f" {plan.media_type}" if plan.media_type else ""))
    parts.extend(plan.notes)
    return "; ".join(parts)


def rows(inference: Inference) -> list[tuple[str, str, str, str, str]]:
    return [
        (plan.method.upper(), plan.path, plan.operation_id, str(plan.behaviour), detail(plan))
        for plan in inference.plans
    ]


def render(inference: Inference, title: str = "") -> str:
    """The table as text, resources first; columns are padded, the detail column is not."""
    lines = [title] if title else []
    counts = f"{_count(inference.plans, 'operation')}, {_count(inference.resources, 'resource')}"
    lines.append(f"Zero-code mode: {counts}")
    lines.extend(f"  resource {resource_line(r)}" for r in inference.resources.values())
    table = [HEADER, *rows(inference)]
    widths = [max(len(row[column]) for row in table) for column in range(len(HEADER) - 1)]
    for row in table:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  ".join([*cells, row[-1]]).rstrip())
    return "\n".join(lines)


def _count(things: Sized, noun: str) -> str:
    number = len(things)
    return f"{number} {noun}{'' if number == 1 else 's'}"
