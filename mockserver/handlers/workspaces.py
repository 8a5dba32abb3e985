"""Handlers of the `workspaces` tag."""

from mockserver.call import Call, Reply, ok


def list_workspaces(call: Call) -> Reply:
    found = call.world.workspaces.for_user(call.caller)
    return ok({"workspaces": call.views.many("Workspace", found)})
