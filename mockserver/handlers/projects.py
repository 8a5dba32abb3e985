"""Handlers of the `projects` tag."""

from typing import Any

from mockserver.call import Call, Reply, ok


def _started(project_id: int, revision_id: int) -> dict[str, Any]:
    return {
        "projectId": project_id,
        "revisionId": revision_id,
        "statusUrl": f"/v1/projects/{project_id}/status",
    }


def list_projects(call: Call) -> Reply:
    found = call.world.projects.for_workspace(call.caller, call.query["workspace"])
    return ok({"projects": call.views.many("Project", found)})


def get_project(call: Call) -> Reply:
    project = call.world.projects.get(call.caller, call.path["projectId"])
    return ok(call.views.render("Project", project))


def get_project_status(call: Call) -> Reply:
    return ok(call.world.projects.status(call.caller, call.path["projectId"]))


def list_revisions(call: Call) -> Reply:
    found = call.world.projects.list_revisions(call.caller, call.path["projectId"])
    return ok({"revisions": call.views.many("Revision", found)})


def create_upload_urls(call: Call) -> Reply:
    body = call.body
    uploads = call.world.projects.upload_urls(
        call.caller, body["workspace"], body["files"], call.base_url
    )
    return ok({"uploads": uploads})


def create_project(call: Call) -> Reply:
    body = call.body
    project, revision = call.world.projects.create(
        call.caller, body["name"], body["workspace"], body["files"]
    )
    return ok(_started(project["id"], revision["id"]), 201)


def create_revision(call: Call) -> Reply:
    project_id = call.path["projectId"]
    revision = call.world.projects.create_revision(call.caller, project_id, call.body["files"])
    return ok(_started(project_id, revision["id"]), 201)
