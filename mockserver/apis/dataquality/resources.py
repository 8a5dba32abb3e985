"""The data-quality resources: the dataset arrays, how each is indexed, what is internal.

Ids are UUIDs drawn from the session's seeded random source, so nothing is sequenced. `alias`
is the docs' placeholder id naming a record (`space-uuid`, ...), or null.
"""

from __future__ import annotations

from mockserver.engine.generic.stored import Stored
from mockserver.engine.registry import Resource

RESOURCES: tuple[Resource, ...] = (
    Resource("spaces", None, internal=("id", "name", "alias"), sequenced=False),
    Resource("users", "User", internal=("apiKeys", "spaceIds", "alias"), sequenced=False),
    Resource(
        "products", "Product", indexes=("spaceId",), internal=("spaceId", "alias"), sequenced=False
    ),
    Resource("alerts", "Alert", internal=("spaceId", "productId", "alias"), sequenced=False),
    Resource("issues", "Issue", indexes=("spaceId",), internal=("spaceId",), sequenced=False),
    Resource("comments", "Comment", indexes=("issueId",), internal=("issueId",), sequenced=False),
    Resource(
        "history", "HistoryItem", indexes=("issueId",), internal=("issueId",), sequenced=False
    ),
)

# Where zero-code mode finds each inferred resource's records, and the field linking a
# comment or history item to the `{id}` of the issue it hangs under.
LAYOUT = {
    "/issues": Stored("issues"),
    "/issues/{id}/comments": Stored("comments", {"id": "issueId"}),
    "/issues/{id}/history": Stored("history", {"id": "issueId"}),
}
