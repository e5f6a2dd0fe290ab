"""The `opencsc` command.

Each area registers its own subcommands (a module with `register(subparsers)`), so this file
stays a dispatcher. Commands that touch the record call `django_setup()` first; data-layer
commands (returns validate, rules) never start Django.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

# Modules that add subcommands. Each defines register(subparsers: argparse._SubParsersAction).
COMMAND_MODULES: list[str] = [
    "opencsc.access.cli",
    "opencsc.adapters.synth_cli",
    "opencsc.returns.cli",
]


def django_setup() -> None:
    """Start Django for commands that read or write the record."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencsc.config.settings")
    import django

    django.setup()


def _manage(args: argparse.Namespace) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencsc.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["opencsc manage", *args.rest])
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="opencsc", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    manage = sub.add_parser("manage", help="run a Django management command (migrate, runserver…)")
    manage.add_argument("rest", nargs=argparse.REMAINDER)
    manage.set_defaults(func=_manage)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    result: int = args.func(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
