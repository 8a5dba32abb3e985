"""Who may see what: spaces, membership, the docs' id aliases and references within a space."""

from __future__ import annotations

from mockserver.engine.errors import Forbidden, NotFound
from mockserver.engine.store.base import Record, Store

# The resource each aliasable id names, and what a record of it is called in messages.
KINDS = {"spaces": "space", "users": "member", "products": "product", "alerts": "quality alert"}


class Access:
    """Spaces and their members, products and alerts; none of them change through the API."""

    def __init__(self, spaces: Store, users: Store, products: Store, alerts: Store) -> None:
        self.stores = {"spaces": spaces, "users": users, "products": products, "alerts": alerts}
        # The docs write `space-uuid` etc.; the dataset marks the record each one names.
        self.aliases: dict[str, dict[str, str]] = {
            name: {r["alias"]: r["id"] for r in store.all() if r.get("alias")}
            for name, store in self.stores.items()
        }

    def resolve(self, resource: str, ident: str) -> str:
        """The canonical id an id or alias stands for (an unknown alias stays as it is)."""
        return self.aliases[resource].get(ident, ident)

    def space(self, user: Record, ident: str) -> Record:
        """A space the caller is a member of: 404 when there is none, 403 when not theirs."""
        space = self.stores["spaces"].get(self.resolve("spaces", ident))
        if space is None:
            raise NotFound(f"Space '{ident}' not found")
        if space["id"] not in user["spaceIds"]:
            raise Forbidden(f"You are not a member of space '{ident}'")
        return space

    def home(self, record: Record) -> Record:
        """The space an issue (or product, or alert) belongs to."""
        space = self.stores["spaces"].get(record["spaceId"])
        assert space is not None, "every record's space exists"
        return space

    def product_of(self, alert: Record) -> Record | None:
        """The product a quality alert watches."""
        return self.stores["products"].get(alert["productId"])

    def within(self, space: Record, resource: str, field: str, ident: str) -> Record:
        """The product, member or alert `ident` of `space`, or 404 naming the field.

        Unknown and another space's alike: the id is well formed, the record is not there.
        """
        record = self.stores[resource].get(self.resolve(resource, ident))
        if record is not None and space["id"] in _spaces_of(record):
            return record
        kind = KINDS[resource]
        raise NotFound(f"{field} '{ident}' is not a {kind} of space '{space['name']}'")


def _spaces_of(record: Record) -> list[str]:
    return record["spaceIds"] if "spaceIds" in record else [record["spaceId"]]
