"""Handlers of the `projects` tag."""

from typing import Any

from mockserver.apis.circuithub.rules.domain import HubCall
from mockserver.engine.call import Reply, ok


def _started(mount: str, project_id: int, revision_id: int) -> dict[str, Any]:
    return {
        "projectId": project_id,
        "revisionId": revision_id,
        "statusUrl": f"{mount}/projects/{project_id}/status",
    }


def list_projects(call: HubCall) -> Reply:
    found = call.world.projects.for_workspace(call.caller, call.query["workspace"])
    return ok({"projects": call.views.listing("Project", found)})


def get_project(call: HubCall) -> Reply:
    project = call.world.projects.get(call.caller, call.path["projectId"])
    return ok(call.views.render("Project", project))


def get_project_status(call: HubCall) -> Reply:
    return ok(call.world.projects.status(call.caller, call.path["projectId"]))


def list_revisions(call: HubCall) -> Reply:
    found = call.world.projects.list_revisions(call.caller, call.path["projectId"])
    return ok({"revisions": call.views.listing("Revision", found)})


def create_upload_urls(call: HubCall) -> Reply:
    body = call.body
    uploads = call.world.projects.upload_urls(
        call.caller, body["workspace"], body["files"], call.root
    )
    return ok({"uploads": uploads})


def create_project(call: HubCall) -> Reply:
    body = call.body
    project, revision = call.world.projects.create(
        call.caller, body["name"], body["workspace"], body["files"]
    )
    return ok(_started(call.mount, project["id"], revision["id"]), 201)


def create_revision(call: HubCall) -> Reply:
    project_id = call.path["projectId"]
    revision = call.world.projects.create_revision(call.caller, project_id, call.body["files"])
    return ok(_started(call.mount, project_id, revision["id"]), 201)
