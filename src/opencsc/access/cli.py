"""`opencsc audit verify` and `opencsc demo-users`."""

from __future__ import annotations

import argparse
import secrets
from typing import Any

from opencsc.cli import django_setup

DEMO_USERS = [
    ("sam.social-worker", "Sam", "Social worker", "social_worker"),
    ("tara.team-manager", "Tara", "Team manager", "team_manager"),
    ("chris.cp-chair", "Chris", "CP chair and IRO", "cp_chair_iro"),
    ("ana.analyst", "Ana", "Performance analyst", "performance_analyst"),
    ("parker.partner", "Parker", "Partner practitioner", "partner_practitioner"),
    ("adam.admin", "Adam", "Administrator", "administrator"),
]


def register(sub: Any) -> None:
    audit = sub.add_parser("audit", help="the tamper-evident audit log")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    verify = audit_sub.add_parser(
        "verify", help="check the hash chain; name the first broken entry"
    )
    verify.set_defaults(func=_verify)
    demo = sub.add_parser(
        "demo-users", help="create one demo user per role (synthetic databases only)"
    )
    demo.set_defaults(func=_demo_users)


def _verify(args: argparse.Namespace) -> int:
    django_setup()
    from opencsc.access.audit import audit_verify

    result = audit_verify()
    if result.ok:
        print(f"audit log intact: {result.checked} entries")
        return 0
    print(f"audit log broken at entry {result.first_broken_id}: {result.reason}")
    return 1


def _demo_users(args: argparse.Namespace) -> int:
    django_setup()
    from opencsc.access.demo import DemoRefused, demo_users_create

    try:
        created = demo_users_create(password_factory=lambda: secrets.token_urlsafe(12))
    except DemoRefused as exc:
        print(f"demo-users: {exc}")
        return 2
    print("Sign in at http://127.0.0.1:8000/ as any of these demo users:\n")
    print(f"  {'username':<22} {'role':<24} password")
    for username, role, password in created:
        print(f"  {username:<22} {role:<24} {password}")
    print("\nThese users exist only in this synthetic demo database.")
    return 0
