"""Handlers of the `workspaces` tag."""

from mockserver.apis.circuithub.rules.domain import HubCall
from mockserver.engine.call import Reply, ok


def list_workspaces(call: HubCall) -> Reply:
    found = call.world.workspaces.for_user(call.caller)
    return ok({"workspaces": call.views.listing("Workspace", found)})
