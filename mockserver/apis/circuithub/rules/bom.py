"""Bills of materials: reading with summary counts, part choice and DNP placements."""

from __future__ import annotations

from typing import Any

from mockserver.apis.circuithub.rules.access import Access
from mockserver.apis.circuithub.rules.projects import Projects
from mockserver.engine.errors import NotFound
from mockserver.engine.store.base import Record, Store, Transaction

SUMMARY_KEYS = {"resolved": "resolved", "unresolved": "unresolved", "error": "errored"}


def summarize(lines: list[Record]) -> dict[str, int]:
    """Counts are derived from the lines on every read, so they cannot drift."""
    summary = {"total": len(lines), "resolved": 0, "unresolved": 0, "errored": 0}
    for line in lines:
        summary[SUMMARY_KEYS[line["status"]]] += 1
    return summary


class Bom:
    def __init__(
        self, lines: Store, parts: Store, projects: Projects, access: Access, tx: Transaction
    ) -> None:
        self.lines = lines
        self.parts = parts
        self.projects = projects
        self.access = access
        self.tx = tx

    def of_revision(self, revision_id: int) -> list[Record]:
        return sorted(self.lines.where("revisionId", revision_id), key=lambda line: line["id"])

    def get(self, user: Record, project_id: int, revision_id: int | None) -> dict[str, Any]:
        revision = self.projects.revision_of(user, project_id, revision_id)
        lines = self.of_revision(revision["id"])
        return {"revisionId": revision["id"], "lines": lines, "summary": summarize(lines)}

    def _line(self, user: Record, line_id: int) -> Record:
        """A BOM line of the caller's workspaces: 404 unknown, 403 another workspace's."""
        line = self.lines.get(line_id)
        if line is None:
            raise NotFound(f"BOM line {line_id} not found")
        revision = self.projects.revisions.get(line["revisionId"])
        project = self.projects.table.get(revision["projectId"]) if revision else None
        if project is None:
            raise NotFound(f"BOM line {line_id} not found")
        self.access.check(user, project["workspaceId"])
        return line

    def set_part(self, user: Record, line_id: int, part_id: int) -> Record:
        line = self._line(user, line_id)
        part = self.parts.get(part_id)
        if part is None:
            raise NotFound(f"Part {part_id} not found")
        self.lines.update(
            line["id"],
            {
                "status": "resolved",
                "resolvedPartId": part["id"],
                "resolvedPartMpn": part["mpn"],
                "resolvedPartDescription": part.get("description"),
                "resolvedManufacturer": part["manufacturer"],
            },
        )
        return part

    def set_dnp(self, user: Record, line_id: int, ref: str, dnp: bool) -> dict[str, Any]:
        line = self._line(user, line_id)
        refs = line["referenceDesignators"]
        if ref not in refs:
            raise NotFound(
                f"Reference designator {ref!r} is not on BOM line {line_id} ({', '.join(refs)})"
            )
        with self.tx():
            # Read again under the lock: the copy read above may predate another request's mark.
            current = self.lines.get(line["id"]) or line
            marked = [r for r in current["dnp"] if r != ref] + ([ref] if dnp else [])
            self.lines.update(line["id"], {"dnp": sorted(marked, key=refs.index)})
        return {"ref": ref, "dnp": dnp}
