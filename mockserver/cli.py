"""`circuithub-mock`: serve the mock, generate fixtures, run the contract suite."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from mockserver.catalog import DEFAULT_APIS, UnknownApi, api_names, load_api
from mockserver.engine.config import Config
from mockserver.fixtures import cli as fixtures_cli

SECRET_ENV = "CIRCUITHUB_MOCK_SECRET"


def _serve_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = subparsers.add_parser("serve", help="run the mock on a production HTTP server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument(
        "--api",
        action="append",
        dest="apis",
        metavar="NAME",
        help=f"serve only this API (repeatable; default: {', '.join(DEFAULT_APIS)})",
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
    serve.add_argument("--rate-limit", type=float, default=0.0, help="requests/s per token")
    serve.add_argument("--threads", type=int, default=8)
    serve.add_argument(
        "--no-read-cache",
        dest="read_cache",
        action="store_false",
        help="recompute every GET (answers are the same; only slower)",
    )
    serve.add_argument("--workers", type=int, default=1, help="must be 1: state is in memory")
    serve.add_argument("--import-mode", choices=("polls", "clock"), default="polls")
    serve.add_argument("--import-steps", type=int, default=1)
    serve.set_defaults(func=serve_command)


def _datasets(values: list[str], first_api: str) -> dict[str, Path]:
    found: dict[str, Path] = {}
    for value in values:
        name, _, path = value.rpartition("=") if "=" in value else ("", "", value)
        found[name or first_api] = Path(path)
    return found


def serve_command(args: argparse.Namespace) -> int:
    if args.workers != 1:
        print(
            "circuithub-mock keeps its state in memory, so it runs as one process with threads; "
            f"--workers {args.workers} would split that state. Use --threads instead.",
            file=sys.stderr,
        )
        return 2
    names = args.apis or [n for n in DEFAULT_APIS if n in api_names()]
    try:
        apis = [load_api(name) for name in names]
    except UnknownApi as exc:
        print(f"circuithub-mock serve: {exc}", file=sys.stderr)
        return 2
    import waitress

    from mockserver.engine.app import create_app, host_of

    config = Config(
        datasets=_datasets(args.fixtures, names[0]),
        seed=args.seed,
        strict=args.strict,
        clock=args.clock,
        secret=args.secret or os.environ.get(SECRET_ENV) or None,
        storage_dir=args.storage_dir,
        rate_limit=args.rate_limit,
        import_mode=args.import_mode,
        import_steps=args.import_steps,
        read_cache=args.read_cache,
    )
    app = create_app(apis, config)
    _banner(args, host_of(app))
    waitress.serve(
        app,
        host=args.host,
        port=args.port,
        threads=args.threads,
        ident="circuithub-mock",
        _quiet=True,
    )
    return 0


def _banner(args: argparse.Namespace, host: Any) -> None:
    mode = "strict" if args.strict else "default"
    print(f"circuithub-mock on http://{args.host}:{args.port} ({mode} mode)")
    print(f"seed: {args.seed}  clock: {args.clock or 'real time'}")
    for mount in host.mounts.values():
        world = host.sessions.default.worlds[mount.name]
        users = world.stores["users"].all() if "users" in world.registry.names else []
        print(f"{mount.api.title}: http://{args.host}:{args.port}{mount.path}")
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
