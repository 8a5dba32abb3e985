"""Projects and revisions: listing, presigned uploads, and creation from uploaded files."""

from __future__ import annotations

from typing import Any

from mockserver.apis.circuithub.errors import FileTooLarge
from mockserver.apis.circuithub.rules.access import Access
from mockserver.apis.circuithub.rules.imports import Importer
from mockserver.apis.circuithub.rules.orders import newest_first
from mockserver.apis.circuithub.rules.storage import PROJECT_PREFIX, SIGNED_HEADERS, Storage
from mockserver.engine.clock import Clock, iso
from mockserver.engine.errors import NotFound
from mockserver.engine.store.base import Record, Store, Transaction


class Projects:
    def __init__(
        self,
        projects: Store,
        revisions: Store,
        importer: Importer,
        storage: Storage,
        access: Access,
        clock: Clock,
        tx: Transaction,
    ) -> None:
        self.table = projects
        self.revisions = revisions
        self.importer = importer
        self.storage = storage
        self.access = access
        self.clock = clock
        self.tx = tx

    def for_workspace(self, user: Record, slug: str) -> list[Record]:
        workspace = self.access.workspace(user, slug)
        return newest_first(self.table.where("workspaceId", workspace["id"]))

    def get(self, user: Record, project_id: int) -> Record:
        project = self.access.owned(user, self.table, project_id, "Project")
        return self.importer.advance(project, poll=False)

    def status(self, user: Record, project_id: int) -> dict[str, Any]:
        project = self.access.owned(user, self.table, project_id, "Project")
        shown = self.importer.poll(project)
        return {
            "projectId": project["id"],
            "status": shown["importStatus"],
            "message": shown.get("importMessage"),
        }

    def list_revisions(self, user: Record, project_id: int) -> list[Record]:
        project = self.get(user, project_id)
        found = self.revisions.where("projectId", project["id"])
        return sorted(found, key=lambda r: r["number"], reverse=True)

    def revision_of(self, user: Record, project_id: int, revision_id: int | None) -> Record:
        """A revision of this project (latest by default); another project's is 404."""
        project = self.get(user, project_id)
        revision = self.revisions.get(revision_id or project["latestRevisionId"])
        if revision is None or revision["projectId"] != project["id"]:
            raise NotFound(f"Revision {revision_id} not found in project {project_id}")
        return revision

    def upload_urls(self, user: Record, slug: str, files: list[Any], base_url: str) -> list[Any]:
        workspace = self.access.workspace(user, slug)
        # The schema bounds sizes to 1..100 MiB; a mock configured lower refuses more here.
        limit = self.storage.max_upload
        for i, item in enumerate(files):
            if item["size"] > limit:
                raise FileTooLarge(
                    f"files[{i}].size {item['size']} exceeds the maximum of {limit} bytes"
                )
        storage = self.storage
        batch = f"{PROJECT_PREFIX}{storage.random_id()}/"
        owner = {"workspaceId": workspace["id"], "kind": "project", "issueId": None}
        uploads = []
        for item in files:
            key = batch + item["filename"]
            url, valid_till = storage.new_target(
                key, {**owner, "filename": item["filename"]}, base_url, item["size"], SIGNED_HEADERS
            )
            uploads.append(
                {
                    "filename": item["filename"],
                    "uploadUrl": url,
                    "objectKey": key,
                    "validTill": valid_till,
                    "headers": [list(h) for h in SIGNED_HEADERS],
                }
            )
        return uploads

    def create(self, user: Record, name: str, slug: str, files: list[Any]) -> tuple[Record, Record]:
        workspace = self.access.workspace(user, slug)
        self.importer.check_files(workspace["id"], files)
        now = iso(self.clock.now())
        with self.tx():
            project = self.table.insert(
                {
                    "id": None,
                    "workspaceId": workspace["id"],
                    "name": name,
                    "displayName": name,
                    "description": "",
                    "createdAt": now,
                    "updatedAt": now,
                    "exportClassification": "EAR99",
                    "latestRevisionId": None,
                    "latestRevisionNumber": 0,
                }
            )
            revision = self._add_revision(project, files)
        return project, revision

    def create_revision(self, user: Record, project_id: int, files: list[Any]) -> Record:
        project = self.access.owned(user, self.table, project_id, "Project")
        self.importer.check_files(project["workspaceId"], files)
        with self.tx():
            return self._add_revision(project, files)

    def _add_revision(self, project: Record, files: list[Any]) -> Record:
        now = iso(self.clock.now())
        revision = self.revisions.insert(
            {
                "id": None,
                "projectId": project["id"],
                "number": project["latestRevisionNumber"] + 1,
                "createdAt": now,
                "importedAt": None,
                "edaTool": None,
                "edaError": None,
                "importStatus": "importing",
                "importMessage": None,
                "files": [{"objectKey": f["objectKey"], "filename": f["filename"]} for f in files],
            }
        )
        self.table.update(
            project["id"],
            {
                "latestRevisionId": revision["id"],
                "latestRevisionNumber": revision["number"],
                "updatedAt": now,
            },
        )
        self.importer.start(revision)
        return revision
