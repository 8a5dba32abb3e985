"""Public views of records: the properties each spec schema lists, nothing else."""

from __future__ import annotations

from operator import itemgetter
from typing import Any

from mockserver.spec import Spec


class Views:
    """Drops internal fields (workspaceId, apiKeys, ...) by reading the spec's schemas."""

    def __init__(self, spec: Spec) -> None:
        self._fields: dict[str, tuple[str, ...]] = {}
        for name, schema in spec.schemas.items():
            if isinstance(schema.get("properties"), dict):
                self._fields[name] = tuple(schema["properties"])
        # A payment method is one of two shapes; its own `type` picks which.
        self._fields["PaymentMethod"] = ()
        self._getters = {
            name: itemgetter(*fields) for name, fields in self._fields.items() if len(fields) > 1
        }

    def render(self, schema: str, record: dict[str, Any]) -> dict[str, Any]:
        if schema == "PaymentMethod":
            schema = (
                "CardPaymentMethod" if record.get("type") == "card" else "NetTermsPaymentMethod"
            )
        fields = self._fields[schema]
        try:  # itemgetter is C-fast, and records normally carry every field
            return dict(zip(fields, self._getters[schema](record), strict=True))
        except KeyError:  # a field missing from the dataset: strict mode will name it
            return {name: record.get(name) for name in fields}

    def many(self, schema: str, records: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [self.render(schema, record) for record in records]
