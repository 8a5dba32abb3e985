"""Handlers of the `issues` tag."""

from mockserver.apis.circuithub.rules.domain import HubCall
from mockserver.engine.call import Reply, ok


def list_issues(call: HubCall) -> Reply:
    q = call.query
    found = call.world.issues.for_workspace(
        call.caller, q["workspace"], q.get("order"), q.get("status")
    )
    return ok({"issues": call.views.listing("Issue", found)})


def create_issue(call: HubCall) -> Reply:
    body = call.body
    issue = call.world.issues.create(
        call.caller, call.path["orderId"], body["title"], body.get("comment")
    )
    return ok(call.views.render("Issue", issue), 201)


def get_issue_upload_url(call: HubCall) -> Reply:
    q = call.query
    target = call.world.issues.upload_url(
        call.caller, call.path["issueId"], q["filename"], str(q["uuid"]), call.root, q.get("size")
    )
    return ok(target)


def create_issue_comment(call: HubCall) -> Reply:
    body = call.body
    comment = call.world.issues.comment(
        call.caller, call.path["issueId"], body["body"], body.get("attachments", [])
    )
    return ok(call.views.render("Comment", comment), 201)
