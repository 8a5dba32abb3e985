"""Sessions: list, describe, create or replace, delete."""

from __future__ import annotations

from typing import Any

from mockserver.engine.call import Call, Reply, ok
from mockserver.engine.clock import iso
from mockserver.engine.control.api import Admin
from mockserver.engine.errors import ValidationError
from mockserver.engine.journal import instant
from mockserver.engine.sessions import DEFAULT_SESSION, Session


def _described(session: Session, ttl: float) -> dict[str, Any]:
    idle = session.idle_seconds
    lasting = session.id != DEFAULT_SESSION and ttl > 0
    return {
        "id": session.id,
        "createdAt": instant(session.created_at),
        "idleSeconds": round(idle, 3),
        "expiresInSeconds": round(max(0.0, ttl - idle), 3) if lasting else None,
        "seed": session.seed,
        "requests": len(session.journal),
        "faults": len(session.faults.rules()),
        "clock": {"now": iso(session.clock.now()), "frozen": session.clock.frozen},
    }


def list_sessions(call: Call[Admin]) -> Reply:
    sessions = call.world.host.sessions
    ttl = sessions.config.session_ttl
    return ok(
        {
            "sessions": [_described(s, ttl) for s in sessions],
            "limit": sessions.config.max_sessions,
            "ttlSeconds": ttl,
        }
    )


def get_session(call: Call[Admin]) -> Reply:
    sessions = call.world.host.sessions
    found = sessions.get(call.path["sessionId"])
    return ok(_described(found, sessions.config.session_ttl))


def put_session(call: Call[Admin]) -> Reply:
    admin = call.world
    sessions = admin.host.sessions
    ident = call.path["sessionId"]
    setup = call.body or {}
    datasets = dict(setup.get("datasets") or {})
    admin.check_names(datasets, "datasets")
    for name, dataset in datasets.items():
        sessions.check_dataset(name, dataset)
    seed = setup.get("seed")
    if seed is not None:
        datasets = {**_generated(admin, seed, setup.get("preset")), **datasets}
    existed = sessions.exists(ident)
    created = sessions.create(ident, seed=seed, datasets=datasets)
    return ok(_described(created, sessions.config.session_ttl), 200 if existed else 201)


def delete_session(call: Call[Admin]) -> Reply:
    call.world.host.sessions.delete(call.path["sessionId"])
    return Reply(204)


def _generated(admin: Admin, seed: int, preset: str | None) -> dict[str, dict[str, Any]]:
    """Every generator's dataset for this seed, at `preset` where the API has that preset."""
    kits = {name: m.api.fixtures for name, m in admin.host.mounts.items() if m.api.fixtures}
    known = sorted({p for kit in kits.values() for p in kit.presets})
    if preset is not None and preset not in known:
        raise ValidationError(
            f"preset {preset!r} is not a preset of any mounted API ({', '.join(known)})",
            parameter="preset",
        )
    out = {}
    for name, kit in kits.items():
        chosen = preset if preset in kit.presets else kit.default_preset
        raw = kit.generate(seed=seed, preset=chosen)
        # Generators may hand out lazy re-iterables; a session's dataset is read at each reset.
        out[name] = {k: v if isinstance(v, dict) else list(v) for k, v in raw.items()}
    return out
