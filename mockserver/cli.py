"""`circuithub-mock`: serve the mock, generate fixtures, run the contract suite."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from mockserver.config import DEFAULT_DATASET, Config
from mockserver.fixtures import cli as fixtures_cli


def _serve_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = subparsers.add_parser("serve", help="run the mock on a production WSGI server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--seed", type=int, default=1)
    serve.add_argument("--strict", action="store_true", help="validate every response too")
    serve.add_argument("--clock", metavar="ISO", help="freeze the clock at this instant")
    serve.add_argument("--fixtures", type=Path, default=DEFAULT_DATASET, help="dataset to serve")
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


def serve_command(args: argparse.Namespace) -> int:
    if args.workers != 1:
        print(
            "circuithub-mock keeps its state in memory, so it runs as one process with threads; "
            f"--workers {args.workers} would split that state. Use --threads instead.",
            file=sys.stderr,
        )
        return 2
    import waitress

    from mockserver.app import create_app, mock_of

    config = Config(
        dataset_path=args.fixtures,
        seed=args.seed,
        strict=args.strict,
        clock=args.clock,
        storage_dir=args.storage_dir,
        rate_limit=args.rate_limit,
        import_mode=args.import_mode,
        import_steps=args.import_steps,
        read_cache=args.read_cache,
    )
    app = create_app(config)
    _banner(args, mock_of(app).world.tables["users"].all())
    waitress.serve(
        app,
        host=args.host,
        port=args.port,
        threads=args.threads,
        ident="circuithub-mock",
        _quiet=True,
    )
    return 0


def _banner(args: argparse.Namespace, users: list[dict[str, object]]) -> None:
    mode = "strict" if args.strict else "default"
    print(f"circuithub-mock serving http://{args.host}:{args.port}/v1 ({mode} mode)")
    print(f"dataset: {args.fixtures}  seed: {args.seed}  clock: {args.clock or 'real time'}")
    print("API keys (Authorization: Bearer <key>):")
    for user in users[:10]:
        keys = ", ".join(str(k) for k in user.get("apiKeys", []) or [])  # type: ignore[attr-defined]
        print(f"  {keys:<24} {user['email']}")
    if len(users) > 10:
        print(f"  ... and {len(users) - 10} more users in the dataset")
    sys.stdout.flush()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="circuithub-mock", description=__doc__)
    subparsers = parser.add_subparsers(dest="command", required=True)
    _serve_parser(subparsers)
    fixtures_cli.add_subparser(subparsers)
    # The contract suites ship beside the package (see pyproject); imported late, because
    # loading them reads the spec into schemathesis.
    from contract_tests.runner import add_subparser as add_contract

    add_contract(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
