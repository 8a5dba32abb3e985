"""Handlers of the `health` tag."""

from mockserver.apis.circuithub.rules.domain import HubCall
from mockserver.engine.call import Reply, ok


def get_health(call: HubCall) -> Reply:
    return ok({"status": "ok"})
