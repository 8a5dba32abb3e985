"""`circuithub-mock`: serve the mock, generate fixtures, run the contract suite."""

from __future__ import annotations

import argparse
import ipaddress
import logging
import os
import secrets
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from mockserver.catalog import DEFAULT_APIS, UnknownApi, api_names, load_api
from mockserver.engine.config import Config
from mockserver.engine.errors import Unavailable
from mockserver.engine.store.sqlite import DataDirBusy
from mockserver.fixtures import cli as fixtures_cli

SECRET_ENV = "CIRCUITHUB_MOCK_SECRET"
ADMIN_TOKEN_ENV = "CIRCUITHUB_MOCK_ADMIN_TOKEN"


def _serve_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = subparsers.add_parser("serve", help="run the mock on granian, a production server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument(
        "--api",
        action="append",
        dest="apis",
        metavar="NAME",
        help=f"serve only this API (repeatable; default: {', '.join(DEFAULT_APIS)})",
    )
    serve.add_argument(
        "--spec",
        type=Path,
        metavar="FILE",
        help="zero-code mode: serve any OpenAPI 3.0/3.1 document statefully, alone, "
        "at its server path",
    )
    serve.add_argument(
        "--key",
        action="append",
        dest="keys",
        default=[],
        metavar="CREDENTIAL",
        help="with --spec: accept only this credential (API key, token or user:password; "
        "repeatable; default: any well-formed one)",
    )
    serve.add_argument("--seed", type=int, default=1)
    serve.add_argument("--strict", action="store_true", help="validate every response too")
    serve.add_argument("--clock", metavar="ISO", help="freeze the clock at this instant")
    serve.add_argument(
        "--fixtures",
        action="append",
        default=[],
        metavar="[API=]FILE",
        help="dataset to serve (for the first API, or API=FILE)",
    )
    serve.add_argument(
        "--secret", help=f"signing secret for tokens and URLs (or {SECRET_ENV}; default: random)"
    )
    serve.add_argument("--storage-dir", type=Path, help="keep uploaded bytes here, not in memory")
    serve.add_argument(
        "--max-stored-bytes",
        type=int,
        default=Config().max_stored_bytes,
        metavar="N",
        help="cap on uploaded bytes kept (default 1 GiB); past it a PUT is 400 QuotaExceeded",
    )
    serve.add_argument("--rate-limit", type=float, default=0.0, help="requests/s per token")
    serve.add_argument(
        "--threads", type=int, help="app threads per worker (default: 2 per core + 1, at most 8)"
    )
    serve.add_argument(
        "--connection-limit",
        type=int,
        default=1000,
        metavar="N",
        help="open connections per worker; more wait in the backlog (default 1000)",
    )
    serve.add_argument(
        "--header-timeout",
        type=float,
        default=10.0,
        metavar="SECONDS",
        help="close a connection whose request head is incomplete after this; also the idle "
        "keep-alive limit (default 10, at most 60)",
    )
    serve.add_argument(
        "--no-read-cache",
        dest="read_cache",
        action="store_false",
        help="recompute every GET (answers are the same; only slower)",
    )
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="processes; more than 1 needs --redis-url, which they share (default 1)",
    )
    state = serve.add_mutually_exclusive_group()
    state.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help="keep state in DIR (SQLite): every acknowledged write survives a restart",
    )
    state.add_argument(
        "--redis-url",
        metavar="URL",
        help="keep state in Redis (redis://HOST:PORT/DB), shared by every replica and worker",
    )
    serve.add_argument("--import-mode", choices=("polls", "clock"), default="polls")
    serve.add_argument("--import-steps", type=int, default=1)
    serve.add_argument(
        "--admin-token",
        help=f"token the admin API (/_mock) requires (or {ADMIN_TOKEN_ENV}); needed to use it "
        "when --host is not a loopback address",
    )
    serve.add_argument(
        "--max-sessions",
        type=int,
        default=Config().max_sessions,
        metavar="N",
        help="sessions besides the default one (default %(default)s)",
    )
    serve.add_argument(
        "--session-ttl",
        type=float,
        default=Config().session_ttl,
        metavar="SECONDS",
        help="idle time after which a session expires (default %(default)s; 0: never)",
    )
    serve.set_defaults(func=serve_command)


def is_loopback(host: str) -> bool:
    """Only this machine can reach a server bound here (the admin API is then open)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _datasets(values: list[str], first_api: str) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for value in values:
        name, _, path = value.rpartition("=") if "=" in value else ("", "", value)
        found[name or first_api] = Path(path)
    return found


def serve_command(args: argparse.Namespace) -> int:
    if args.workers != 1 and not args.redis_url:
        where = "in --data-dir" if args.data_dir else "in memory"
        print(
            f"circuithub-mock keeps its state {where}, for one process with threads; "
            f"--workers {args.workers} would split that state. Use --threads, or --redis-url "
            "to share state between workers.",
            file=sys.stderr,
        )
        return 2
    zero = None
    if args.spec is not None:
        from mockserver.engine.generic.api import zero_code

        try:
            zero = zero_code(args.spec, args.seed, args.keys)
        except (OSError, ValueError) as exc:
            print(f"circuithub-mock serve --spec: {exc}", file=sys.stderr)
            return 2
        names, apis = [zero.package.name], [zero.package]
    else:
        names = args.apis or [n for n in DEFAULT_APIS if n in api_names()]
        try:
            apis = [load_api(name) for name in names]
        except UnknownApi as exc:
            print(f"circuithub-mock serve: {exc}", file=sys.stderr)
            return 2
    from mockserver.engine.app import create_app, host_of
    from mockserver.engine.server import serve

    try:
        state = _state(args)
    except (DataDirBusy, Unavailable) as exc:
        print(f"circuithub-mock serve: {exc}", file=sys.stderr)
        return 2

    config = Config(
        datasets=_datasets(args.fixtures, names[0]),
        seed=args.seed,
        strict=args.strict,
        clock=args.clock,
        # Drawn here, in the parent, so every worker shares it; popped from the environment,
        # which the server would otherwise copy into every request's WSGI environ.
        secret=args.secret or os.environ.pop(SECRET_ENV, None) or state.secret,
        storage_dir=args.storage_dir,
        max_stored_bytes=args.max_stored_bytes,
        rate_limit=args.rate_limit,
        import_mode=args.import_mode,
        import_steps=args.import_steps,
        read_cache=args.read_cache,
        admin_token=args.admin_token or os.environ.pop(ADMIN_TOKEN_ENV, None) or None,
        admin_open=is_loopback(args.host),
        max_sessions=args.max_sessions,
        session_ttl=args.session_ttl,
        data_dir=args.data_dir,
        redis_url=args.redis_url,
    )

    def build() -> Any:
        # Runs in each worker after the fork: the parent holds no copy of the state.
        app = create_app(apis, config)
        if zero is not None:
            print(zero.table)
        _banner(args, host_of(app))
        return app

    serve(
        build,
        host=args.host,
        port=args.port,
        threads=args.threads,
        workers=args.workers,
        connection_limit=args.connection_limit,
        header_timeout=args.header_timeout,
    )
    return 0


@dataclass(slots=True)
class State:
    """Where state is kept, as the serving process holds it."""

    secret: str
    # Held open while serving: a second server on the same --data-dir is refused.
    claim: IO[str] | None = None


def _state(args: argparse.Namespace) -> State:
    """Claim --data-dir; the secret kept with durable or shared state, or a fresh one."""
    from mockserver.engine.store.backends import kept_secret
    from mockserver.engine.store.sqlite import claim

    held = claim(args.data_dir) if args.data_dir else None
    where = Config(data_dir=args.data_dir, redis_url=args.redis_url)
    return State(kept_secret(where) or secrets.token_hex(32), held)


def _banner(args: argparse.Namespace, host: Any) -> None:
    mode = "strict" if args.strict else "default"
    print(f"circuithub-mock on http://{args.host}:{args.port} ({mode} mode)")
    print(f"seed: {args.seed}  clock: {args.clock or 'real time'}")
    access = "open" if host.config.admin_open else "closed (no --admin-token)"
    access = "needs --admin-token" if host.config.admin_token else access
    print(f"admin API: http://{args.host}:{args.port}/_mock ({access})")
    for mount in host.mounts.values():
        world = host.sessions.default.worlds[mount.name]
        users = world.stores["users"].all() if "users" in world.registry.names else []
        print(f"{mount.api.title}: http://{args.host}:{args.port}{mount.path}")
        if not users:
            continue
        print("  API keys (Authorization: Bearer <key>), test credentials only:")
        for user in users[:10]:
            keys = ", ".join(str(k) for k in user.get("apiKeys", []) or [])
            print(f"    {keys:<24} {user.get('email') or user.get('name', '')}")
        if len(users) > 10:
            print(f"    ... and {len(users) - 10} more users in the dataset")
    sys.stdout.flush()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="circuithub-mock", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True)
    _serve_parser(subparsers)
    fixtures_cli.add_subparser(subparsers)
    # Imported late: loading the suites reads the spec into schemathesis.
    from mockserver.contract.runner import add_subparser as add_contract

    add_contract(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
