"""The call's session journal, and verification against it."""

from __future__ import annotations

from mockserver.engine.call import Call, Reply, ok
from mockserver.engine.clock import parse_instant
from mockserver.engine.control.api import Admin, VerificationFailed
from mockserver.engine.errors import ValidationError
from mockserver.engine.journal import Filters
from mockserver.engine.matching import Count, Matcher, verify


def list_requests(call: Call[Admin]) -> Reply:
    q = call.query
    since = q.get("since")
    filters = Filters(
        api=q.get("api"),
        operation_id=q.get("operationId"),
        method=q.get("method"),
        path=q.get("path"),
        status=q.get("status"),
        since=parse_instant(since) if isinstance(since, str) else since,
        limit=q.get("limit"),
    )
    return ok({"requests": call.world.session.journal.find(filters)})


def clear_requests(call: Call[Admin]) -> Reply:
    call.world.session.journal.clear()
    return Reply(204)


def verify_requests(call: Call[Admin]) -> Reply:
    body = dict(call.body)
    count = Count.from_json(body.pop("count", None))
    if count.maximum is not None and count.maximum < count.minimum:
        raise ValidationError(
            f"count: min {count.minimum} is above max {count.maximum}", parameter="count"
        )
    verdict = verify(call.world.session.journal.entries(), Matcher.from_json(body), count)
    if not verdict.ok:
        details = {"matched": verdict.matched, "nearMisses": verdict.near_misses}
        raise VerificationFailed(verdict.message, details)
    return ok({"matched": verdict.matched})
