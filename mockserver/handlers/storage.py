"""Handlers of the `storage` tag: the targets of presigned upload URLs."""

from mockserver.call import Call, Reply
from mockserver.state.storage import ATTACHMENT_PREFIX, PROJECT_PREFIX


def _put(call: Call, key: str) -> Reply:
    etag = call.world.storage.put(key, call.query, call.headers, call.body)
    return Reply(200, headers={"ETag": etag})


def put_upload_object(call: Call) -> Reply:
    return _put(call, f"{PROJECT_PREFIX}{call.path['uploadId']}/{call.path['filename']}")


def put_attachment_object(call: Call) -> Reply:
    return _put(call, f"{ATTACHMENT_PREFIX}{call.path['uploadId']}/{call.path['filename']}")
