"""The mounted APIs, and their state in the call's session."""

from __future__ import annotations

from typing import Any

from mockserver.engine.call import Call, Reply, ok
from mockserver.engine.control.api import Admin


def list_apis(call: Call[Admin]) -> Reply:
    apis = [
        {
            "name": m.name,
            "title": m.api.title,
            "basePath": m.path,
            "operations": len(m.spec.operations),
        }
        for m in call.world.host.mounts.values()
    ]
    return ok({"apis": apis})


def reset_state(call: Call[Admin]) -> Reply:
    call.world.session.reset()
    return Reply(204)


def get_snapshot(call: Call[Admin]) -> Reply:
    admin = call.world
    name = call.query.get("api")
    if name is not None:
        admin.mount(name)
        return ok(admin.session.worlds[name].snapshot())
    return ok(admin.session.snapshot())


def restore_snapshot(call: Call[Admin]) -> Reply:
    admin = call.world
    name = call.query.get("api")
    if name is not None:
        admin.mount(name)
    datasets: dict[str, Any] = {name: call.body} if name is not None else call.body
    admin.check_names(datasets, "the snapshot")
    sessions = admin.host.sessions
    for api, dataset in datasets.items():
        sessions.check_dataset(api, dataset)
    admin.session.restore(datasets)
    return Reply(204)
