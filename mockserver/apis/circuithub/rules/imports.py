"""The import of a revision's files: key checks, the outcome, and its lifecycle."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockserver.apis.circuithub.domain.bomcsv import (
    BomCsvError,
    BomRow,
    is_plausible_mpn,
    parse_bom,
)
from mockserver.apis.circuithub.domain.derived_bom import derive_bom
from mockserver.apis.circuithub.domain.edatool import classify_files
from mockserver.apis.circuithub.errors import InvalidObjectKey
from mockserver.apis.circuithub.rules.parts import Parts
from mockserver.apis.circuithub.rules.storage import PROJECT_PREFIX, Storage
from mockserver.engine.api import Runtime
from mockserver.engine.clock import iso, parse_instant
from mockserver.engine.errors import ValidationError
from mockserver.engine.store.base import Record, StoreSet


@dataclass(slots=True)
class Outcome:
    """What an import will end in; revealed when its lifecycle completes."""

    eda_tool: str | None
    error: str | None
    lines: list[Record] = field(default_factory=list)

    def pending(self, revision_id: int) -> Record:
        """The import in flight, as the `imports` work store keeps it."""
        return {
            "id": revision_id,
            "edaTool": self.eda_tool,
            "error": self.error,
            "lines": self.lines,
            "polls": 0,
        }


def batch_of(key: str) -> str:
    """`uploads/abc123/bom.csv` -> `uploads/abc123/`."""
    parts = key.split("/")
    return "/".join(parts[:2]) + "/" if len(parts) >= 3 else key


class Importer:
    def __init__(
        self,
        stores: StoreSet,
        parts: Parts,
        storage: Storage,
        runtime: Runtime,
    ) -> None:
        self.uploads = stores["uploads"]
        self.revisions = stores["revisions"]
        self.projects = stores["projects"]
        self.lines = stores["bomLines"]
        self.parts = parts
        self.storage = storage
        self.clock = runtime.clock
        self.rng = runtime.rng
        self.config = runtime.config
        self.tx = stores.transaction
        # Imports in flight, by revision id: in the stores, so any replica advances them.
        self.pending = stores.work("imports")

    def check_files(self, workspace_id: int, files: list[Any]) -> None:
        """Each key under an upload prefix of this workspace, and uploaded."""
        owners = {
            batch_of(u["objectKey"]): u["workspaceId"]
            for u in self.uploads.all()
            if u["kind"] == "project"
        }
        for i, ref in enumerate(files):
            key = ref["objectKey"]
            if not key.startswith(PROJECT_PREFIX) or owners.get(batch_of(key)) != workspace_id:
                raise InvalidObjectKey(
                    f"files[{i}].objectKey {key!r} is not under an upload prefix of this workspace"
                )
            record = self.uploads.get(key)
            if record is None or not record["uploaded"]:
                raise ValidationError(f"files[{i}].objectKey {key!r} has not been uploaded")

    def start(self, revision: Record) -> None:
        self.pending.insert(self._outcome(revision).pending(revision["id"]))

    def _outcome(self, revision: Record) -> Outcome:
        names = [f["filename"] for f in revision["files"]]
        files = classify_files(names)
        if files.error:
            return Outcome(files.eda_tool, files.error)
        if files.bom_file is None:
            return Outcome(
                files.eda_tool, None, derive_bom(self.rng, self._catalogue(), files.eda_tool or "")
            )
        key = next(f["objectKey"] for f in revision["files"] if f["filename"] == files.bom_file)
        try:
            rows = parse_bom(self.storage.read(key) or b"", files.bom_file)
        except BomCsvError as exc:
            return Outcome(files.eda_tool, f"BOM {files.bom_file}: {exc}")
        return Outcome(files.eda_tool, None, [self._line(row) for row in rows])

    def _catalogue(self) -> list[Record]:
        parts = sorted(self.parts.table.all(), key=lambda p: p["id"])
        return parts[:500]

    def _line(self, row: BomRow) -> Record:
        part = self.parts.by_mpn(row.mpn) if row.mpn else None
        status = "resolved" if part else ("unresolved" if is_plausible_mpn(row.mpn) else "error")
        return {
            "value": row.value,
            "footprint": row.footprint,
            "description": row.description,
            "referenceDesignators": list(row.designators),
            "status": status,
            "mpn": row.mpn,
            "manufacturer": row.manufacturer,
            "resolvedPartId": part["id"] if part else None,
            "resolvedPartMpn": part["mpn"] if part else None,
            "resolvedPartDescription": part.get("description") if part else None,
            "resolvedManufacturer": part["manufacturer"] if part else None,
            "dnp": [],
        }

    def poll(self, project: Record) -> Record:
        """The latest revision as one status poll sees it.

        By polls, a poll reports the state it found and then moves the import on; by the
        clock, the import is first brought up to the clock's time.
        """
        revisions = self.revisions
        by_clock = self.config.import_mode == "clock"
        if by_clock:
            self.advance(project, poll=True)
        seen = dict(revisions.get(project["latestRevisionId"]) or {})
        if not by_clock:
            self.advance(project, poll=True)
        return seen

    def advance(self, project: Record, *, poll: bool) -> Record:
        """Move the latest revision's import on: by status polls, or by the mock clock.

        Returns the project as it now stands (an import that ends touches it).
        """
        revision_id = project["latestRevisionId"]
        if self.pending.get(revision_id) is None:
            return project
        config = self.config
        with self.tx():
            outcome = self.pending.get(revision_id)
            if outcome is None:  # ended meanwhile, by another request
                return self.projects.get(project["id"]) or project
            if config.import_mode == "clock":
                revision = self.revisions.get(revision_id)
                assert revision is not None
                elapsed = self.clock.now() - parse_instant(revision["createdAt"])
                due = elapsed.total_seconds() >= config.import_steps
            else:
                polls = outcome["polls"] + (1 if poll else 0)
                due = polls >= config.import_steps
                if poll and not due:
                    self.pending.update(revision_id, {"polls": polls})
            return self._finish(project, revision_id, outcome) if due else project

    def _finish(self, project: Record, revision_id: int, outcome: Record) -> Record:
        with self.tx():
            self.pending.delete(revision_id)
            now = iso(self.clock.now())
            failed = outcome["error"] is not None
            self.revisions.update(
                revision_id,
                {
                    "importStatus": "failed" if failed else "complete",
                    "importMessage": outcome["error"],
                    "edaTool": outcome["edaTool"],
                    "edaError": outcome["error"],
                    "importedAt": None if failed else now,
                },
            )
            lines = self.lines
            for line in outcome["lines"]:
                lines.insert({"id": None, "revisionId": revision_id, **line})
            return self.projects.update(project["id"], {"updatedAt": now})
