"""Demo users for a synthetic database: one per role, each with something to see."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.db.models import Case, Count, Q, When
from django.utils import timezone

from opencsc.access.audit import audit_log
from opencsc.access.cli import DEMO_USERS
from opencsc.access.models import (
    AccessGrant,
    Allocation,
    AllocationRole,
    Deployment,
    Role,
    Team,
    User,
)


class DemoRefused(Exception):
    pass


@transaction.atomic
def demo_users_create(*, password_factory: Callable[[], str]) -> list[tuple[str, str, str]]:
    """Create or reset the demo users; return (username, role label, password) rows."""
    deployment = Deployment.objects.select_related("local_authority").first()
    if deployment is None or not deployment.is_synthetic:
        raise DemoRefused(
            "this database does not hold a synthetic authority; run `opencsc synth` first. "
            "Demo users are never created in a real authority's database."
        )
    la = deployment.local_authority
    today = timezone.localdate()
    active = Q(allocations__end_date__isnull=True) | Q(allocations__end_date__gte=today)
    busiest = (
        User.objects.filter(role=Role.SOCIAL_WORKER, local_authority=la, team__isnull=False)
        .exclude(username__in=[u for u, *_ in DEMO_USERS])
        .annotate(n=Count("allocations", filter=active))
        # A child protection caseload shows the most statutory dates; then children in care.
        .order_by(
            Case(
                When(team__kind="child_protection", then=0),
                When(team__kind="children_in_care", then=1),
                default=2,
            ),
            "-n",
            "pk",
        )
        .first()
    )
    if busiest is None or busiest.team is None:
        raise DemoRefused("the synthetic authority has no social workers with a caseload")
    team: Team = busiest.team
    rows = []
    users = {}
    for username, first, last, role in DEMO_USERS:
        user, _ = User.objects.get_or_create(username=username)
        user.first_name, user.last_name, user.role = first, last, role
        user.local_authority = la
        user.team = team if role in {Role.SOCIAL_WORKER, Role.TEAM_MANAGER} else None
        user.organisation = "Synthetic Primary School" if role == Role.PARTNER_PRACTITIONER else ""
        password = password_factory()
        user.set_password(password)
        user.save()
        users[role] = user
        rows.append((username, Role(role).label, password))
    # Sam takes over the busiest synthetic worker's caseload; Tara manages that team.
    Allocation.objects.filter(worker=busiest).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    ).update(worker=users[Role.SOCIAL_WORKER])
    team.manager = users[Role.TEAM_MANAGER]
    team.save(update_fields=["manager"])
    caseload = list(
        Allocation.objects.filter(worker=users[Role.SOCIAL_WORKER], end_date__isnull=True)
        .values_list("person_id", flat=True)
        .order_by("person_id")
    )
    chair = users[Role.CP_CHAIR_IRO]
    Allocation.objects.filter(worker=chair).delete()
    Allocation.objects.bulk_create(
        Allocation(person_id=pk, worker=chair, role=AllocationRole.IRO, start_date=today)
        for pk in caseload[:5]
    )
    partner = users[Role.PARTNER_PRACTITIONER]
    AccessGrant.objects.filter(user=partner).delete()
    if caseload:
        AccessGrant.objects.create(
            user=partner,
            person_id=caseload[0],
            granted_by=users[Role.TEAM_MANAGER],
            reason="Designated safeguarding lead at the child's school (demo)",
            starts_at=timezone.now(),
            expires_at=timezone.now() + timedelta(days=30),
        )
    audit_log(actor=None, action="demo_users", detail={"users": [r[0] for r in rows]})
    return rows
