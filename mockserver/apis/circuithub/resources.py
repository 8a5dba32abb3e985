"""CircuitHub's resources: the dataset arrays, how each is keyed and indexed, what is internal.

Public fields come from the spec schema named here; `internal` lists what records carry
besides (never served). README's dataset table is checked against this declaration.
"""

from __future__ import annotations

from mockserver.engine.registry import Resource

RESOURCES: tuple[Resource, ...] = (
    Resource("workspaces", "Workspace", internal=("credit",)),
    Resource("users", "UserRef", internal=("name", "apiKeys")),
    Resource(
        "memberships",
        None,
        key=("userId", "workspaceId"),
        internal=("userId", "workspaceId", "role"),
        sequenced=False,
    ),
    Resource(
        "projects", "Project", indexes=("workspaceId",), internal=("workspaceId", "displayName")
    ),
    Resource(
        "revisions",
        "Revision",
        indexes=("projectId",),
        internal=("projectId", "importStatus", "importMessage", "files"),
    ),
    Resource(
        "bomLines",
        "BomLine",
        indexes=("revisionId",),
        internal=("revisionId", "mpn", "manufacturer", "resolvedPartId", "dnp"),
    ),
    Resource("parts", "Part", internal=("supplier", "package", "priceBreaks")),
    Resource("orders", "Order", indexes=("workspaceId",), internal=("workspaceId",)),
    Resource("issues", "Issue", indexes=("workspaceId",), internal=("workspaceId",)),
    Resource("comments", "Comment", indexes=("issueId",), internal=("issueId",)),
    Resource(
        "quotes",
        "Quote",
        indexes=("revisionId",),
        internal=("workspaceId", "bomFingerprint", "breakdowns"),
    ),
    Resource("invoices", "Invoice", indexes=("workspaceId",), internal=("workspaceId",)),
    Resource("payments", "Payment", indexes=("workspaceId",), internal=("workspaceId",)),
    Resource(
        "paymentMethods",
        "PaymentMethod",
        indexes=("workspaceId",),
        internal=("workspaceId",),
        sequenced=False,
    ),
    Resource(
        "uploads",
        None,
        key="objectKey",
        internal=(
            "objectKey",
            "workspaceId",
            "kind",
            "issueId",
            "filename",
            "size",
            "uploaded",
            "etag",
            "content",
            "contentBase64",
        ),
        sequenced=False,
    ),
)
