"""A team manager's reach: the people in their teams, and the teams' children left without a
worker (whom nobody else can see, so the manager must be able to find and allocate them)."""

from __future__ import annotations

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from opencsc.access.models import Allocation, AllocationRole, Role, User
from opencsc.access.permissions import _restriction_filter, can_edit_child
from opencsc.people.models import Person

# Allocations that make someone the child's worker (an IRO chairs, but does not hold the case).
CASE_HOLDING = {
    AllocationRole.ALLOCATED_WORKER,
    AllocationRole.LEAD_PRACTITIONER,
    AllocationRole.PERSONAL_ADVISER,
}
# Roles a manager may allocate a child to.
CASELOAD_ROLES = {Role.SOCIAL_WORKER, Role.TEAM_MANAGER}


def team_ids(manager: User) -> set[int]:
    """The teams a manager answers for: those they manage and their own."""
    if manager.role != Role.TEAM_MANAGER:
        return set()
    ids = set(manager.managed_teams.values_list("id", flat=True))
    if manager.team_id is not None:
        ids.add(manager.team_id)
    return ids


def team_members(manager: User) -> QuerySet[User]:
    """Everyone active in the manager's teams who works with children, the manager excepted."""
    return (
        User.objects.filter(team_id__in=team_ids(manager), is_active=True)
        .filter(role__in=[Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.CP_CHAIR_IRO])
        .exclude(pk=manager.pk)
        .select_related("team")
        .order_by("last_name", "first_name", "username")
    )


def allocatable_workers(manager: User) -> QuerySet[User]:
    return team_members(manager).filter(role__in=CASELOAD_ROLES)


def active_case_holding(today: date) -> QuerySet[Allocation]:
    return Allocation.objects.filter(role__in=CASE_HOLDING, start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )


def unallocated_children(manager: User, today: date | None = None) -> QuerySet[Person]:
    """Children without a worker whose last worker was in one of the manager's teams.

    Driven from the teams' ended allocations, so it stays one indexed query however large the
    authority is. Restricted records stay hidden unless the manager is named on them."""
    today = today or timezone.localdate()
    ids = team_ids(manager)
    if not ids:
        return Person.objects.none()
    ended = Allocation.objects.filter(role__in=CASE_HOLDING, end_date__lt=today)
    last_team = (
        ended.filter(person=OuterRef("pk"))
        .order_by("-end_date", "-pk")
        .values("worker__team_id")[:1]
    )
    qs = Person.objects.filter(
        is_child=True,
        pk__in=ended.filter(worker__team_id__in=ids).values("person_id"),
    )
    if manager.local_authority_id is not None:
        qs = qs.filter(local_authority_id=manager.local_authority_id)
    return (
        qs.filter(~Exists(active_case_holding(today).filter(person=OuterRef("pk"))))
        .annotate(last_team_id=Subquery(last_team))
        .filter(last_team_id__in=ids)
        .filter(_restriction_filter(manager))
    )


def can_allocate_child(manager: User, person: Person) -> bool:
    """A manager allocates their teams' children: those they may change, and those their teams
    held last and nobody holds now."""
    if manager.role != Role.TEAM_MANAGER:
        return False
    if can_edit_child(manager, person):
        return True
    return unallocated_children(manager).filter(pk=person.pk).exists()
