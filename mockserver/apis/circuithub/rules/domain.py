"""CircuitHub's rules over one world's stores, each part given exactly what it uses."""

from __future__ import annotations

from mockserver.apis.circuithub.rules.access import Access
from mockserver.apis.circuithub.rules.billing import Billing
from mockserver.apis.circuithub.rules.bom import Bom
from mockserver.apis.circuithub.rules.imports import Importer
from mockserver.apis.circuithub.rules.issues import Issues
from mockserver.apis.circuithub.rules.orders import Orders
from mockserver.apis.circuithub.rules.parts import Parts
from mockserver.apis.circuithub.rules.projects import Projects
from mockserver.apis.circuithub.rules.quotes import Quotes
from mockserver.apis.circuithub.rules.storage import Storage
from mockserver.apis.circuithub.rules.workspaces import Workspaces
from mockserver.engine.api import Runtime
from mockserver.engine.call import Call
from mockserver.engine.store.base import Record, StoreSet


class CircuitHub:
    """The domain of one CircuitHub world: what handlers reach as `call.world`."""

    def __init__(self, stores: StoreSet, runtime: Runtime) -> None:
        tx = stores.transaction
        self.clock = runtime.clock
        self.config = runtime.config
        self.users = stores["users"]
        self.access = Access(stores["workspaces"], stores["memberships"])
        self.workspaces = Workspaces(self.access)
        self.storage = Storage(stores["uploads"], runtime, stores.blobs)
        self.parts = Parts(stores["parts"])
        self.importer = Importer(stores, self.parts, self.storage, runtime)
        self.projects = Projects(
            stores["projects"],
            stores["revisions"],
            self.importer,
            self.storage,
            self.access,
            runtime.clock,
            tx,
        )
        self.bom = Bom(stores["bomLines"], stores["parts"], self.projects, self.access, tx)
        self.orders = Orders(stores["orders"], self.access)
        self.issues = Issues(
            stores["issues"],
            stores["comments"],
            self.orders,
            self.storage,
            self.access,
            runtime.clock,
            tx,
        )
        self.quotes = Quotes(
            stores["quotes"],
            stores["parts"],
            self.bom,
            self.projects,
            self.access,
            runtime.clock,
            tx,
        )
        self.billing = Billing(
            stores["invoices"], stores["payments"], stores["paymentMethods"], self.access
        )
        self._api_keys = {k: u for u in self.users.all() for k in u.get("apiKeys", [])}

    @property
    def settled(self) -> bool:
        return len(self.importer.pending) == 0

    def user_for_key(self, key: str) -> Record | None:
        return self._api_keys.get(key)

    def user_by_id(self, ident: str) -> Record | None:
        return self.users.get(int(ident)) if ident.isdigit() else None

    def user_by_email(self, email: str) -> Record | None:
        return next((u for u in self.users.all() if u["email"] == email), None)

    def dump(self, resource: str, record: Record) -> Record:
        return self.storage.dump(record) if resource == "uploads" else record


def build_domain(stores: StoreSet, runtime: Runtime) -> CircuitHub:
    return CircuitHub(stores, runtime)


HubCall = Call[CircuitHub]
