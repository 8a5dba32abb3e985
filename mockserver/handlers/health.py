"""Handlers of the `health` tag."""

from mockserver.call import Call, Reply, ok


def get_health(call: Call) -> Reply:
    return ok({"status": "ok"})
