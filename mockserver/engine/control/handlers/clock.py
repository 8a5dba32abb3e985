"""The call's session clock: every timestamp and expiry of its worlds reads it."""

from __future__ import annotations

from mockserver.engine.call import Call, Reply, ok
from mockserver.engine.clock import Clock, iso
from mockserver.engine.control.api import Admin


def _shown(clock: Clock) -> Reply:
    return ok({"now": iso(clock.now()), "frozen": clock.frozen})


def get_clock(call: Call[Admin]) -> Reply:
    return _shown(call.world.session.clock)


def set_clock(call: Call[Admin]) -> Reply:
    clock = call.world.session.clock
    body = call.body
    if "now" in body:
        clock.set(body["now"], frozen=body.get("frozen", True))
    elif body["frozen"]:
        clock.freeze()
    else:
        clock.unfreeze()
    return _shown(clock)


def advance_clock(call: Call[Admin]) -> Reply:
    clock = call.world.session.clock
    clock.advance(call.body["seconds"])
    return _shown(clock)
