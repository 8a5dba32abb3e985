"""Handlers of the `storage` tag: the targets of presigned upload URLs."""

from mockserver.apis.circuithub.rules.domain import HubCall
from mockserver.apis.circuithub.rules.storage import ATTACHMENT_PREFIX, PROJECT_PREFIX
from mockserver.engine.call import Reply


def _put(call: HubCall, key: str) -> Reply:
    etag = call.world.storage.put(key, call.query, call.headers, call.body)
    return Reply(200, headers={"ETag": etag})


def put_upload_object(call: HubCall) -> Reply:
    return _put(call, f"{PROJECT_PREFIX}{call.path['uploadId']}/{call.path['filename']}")


def put_attachment_object(call: HubCall) -> Reply:
    return _put(call, f"{ATTACHMENT_PREFIX}{call.path['uploadId']}/{call.path['filename']}")
