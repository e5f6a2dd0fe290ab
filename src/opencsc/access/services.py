"""Writes to access: allocations, grants and restrictions. Each checks permission, validates,
saves atomically and audits."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from opencsc.access.audit import audit_log
from opencsc.access.models import (
    AccessGrant,
    Allocation,
    AllocationRole,
    Restriction,
    Role,
    User,
)
from opencsc.access.permissions import ChildNotFound
from opencsc.access.teams import (
    CASE_HOLDING,
    CASELOAD_ROLES,
    active_case_holding,
    allocatable_workers,
    can_allocate_child,
)
from opencsc.core.codes import is_valid_code
from opencsc.people.models import Person

MAX_GRANT = timedelta(days=90)
GRANTING_ROLES = {Role.TEAM_MANAGER, Role.ADMINISTRATOR}


def _require_role(actor: User, roles: set[Role], doing: str) -> None:
    if actor.role not in roles and not actor.is_superuser:
        raise PermissionDenied(f"Your role cannot {doing}")


def allocation_create(
    *,
    actor: User,
    person: Person,
    worker: User,
    role: str = AllocationRole.ALLOCATED_WORKER,
    start_date: date | None = None,
) -> Allocation:
    _require_role(actor, {Role.TEAM_MANAGER, Role.ADMINISTRATOR}, "allocate children")
    if worker.role in {Role.PERFORMANCE_ANALYST, Role.PARTNER_PRACTITIONER}:
        raise ValidationError({"worker": "Only case-holding staff can be allocated a child"})
    with transaction.atomic():
        allocation = Allocation(
            person=person, worker=worker, role=role, start_date=start_date or timezone.localdate()
        )
        allocation.full_clean()
        allocation.save()
        audit_log(actor=actor, action="create", person=person, obj=allocation)
    return allocation


def allocation_end(
    *, actor: User, allocation: Allocation, end_date: date | None = None, reason: str = ""
) -> Allocation:
    _require_role(actor, {Role.TEAM_MANAGER, Role.ADMINISTRATOR}, "end allocations")
    end = end_date or timezone.localdate()
    if end < allocation.start_date:
        raise ValidationError({"end_date": "The allocation cannot end before it started"})
    if reason and not is_valid_code("social_worker_change_reason", reason):
        raise ValidationError({"reason": "Choose the reason for the change of worker"})
    with transaction.atomic():
        allocation.end_date = end
        allocation.end_reason = reason
        allocation.save(update_fields=["end_date", "end_reason"])
        audit_log(actor=actor, action="update", person=allocation.person, obj=allocation)
    return allocation


def allocation_transfer_check(
    *,
    actor: User,
    person: Person,
    worker: User,
    start_date: date,
    reason: str = "",
    role: str = AllocationRole.ALLOCATED_WORKER,
) -> list[Allocation]:
    """The rules of `allocation_transfer`, so a page can check the answers before asking the
    manager to confirm. Returns the allocations the transfer would end."""
    _require_role(actor, {Role.TEAM_MANAGER, Role.ADMINISTRATOR}, "allocate children")
    errors: dict[str, str] = {}
    if actor.role == Role.TEAM_MANAGER:
        if not can_allocate_child(actor, person):
            raise ChildNotFound("No child found")
        if not allocatable_workers(actor).filter(pk=worker.pk).exists():
            errors["worker"] = "Choose someone in your teams"
    elif person.local_authority_id != actor.local_authority_id or (
        worker.local_authority_id != actor.local_authority_id
        or worker.role not in CASELOAD_ROLES
        or not worker.is_active
    ):
        errors["worker"] = "Choose a social worker or manager in your authority"
    if role not in CASE_HOLDING:
        errors["role"] = "Choose what the worker will be for the child"
    current = list(
        active_case_holding(timezone.localdate())
        .filter(person=person, role=role)
        .select_related("person")
    )
    if any(a.worker_id == worker.pk for a in current):
        errors["worker"] = (
            f"{worker.get_full_name() or worker.get_username()} already has this child"
        )
    if start_date > timezone.localdate():
        errors["start_date"] = "The date must be today or in the past"
    elif any(start_date < a.start_date for a in current):
        latest = max(a.start_date for a in current)
        errors["start_date"] = (
            f"The date must be on or after {latest:%-d %B %Y}, when the current worker started"
        )
    if current and not is_valid_code("social_worker_change_reason", reason):
        errors["reason"] = "Choose the reason for the change of worker"
    if errors:
        raise ValidationError(errors)
    return current


def allocation_transfer(
    *,
    actor: User,
    person: Person,
    worker: User,
    start_date: date,
    reason: str = "",
    role: str = AllocationRole.ALLOCATED_WORKER,
) -> Allocation:
    """Make `worker` the child's worker from `start_date`, ending the current worker's allocation
    in that role on the same day (as SSDA903 SWEpisodes run one into the next). Both changes are
    saved and audited together, so the child never ends up with two workers or none."""
    with transaction.atomic():
        # Two managers moving the same child at once: the second waits, then sees the first's.
        Person.objects.select_for_update().only("pk").get(pk=person.pk)
        current = allocation_transfer_check(
            actor=actor,
            person=person,
            worker=worker,
            start_date=start_date,
            reason=reason,
            role=role,
        )
        for allocation in current:
            allocation_end(actor=actor, allocation=allocation, end_date=start_date, reason=reason)
        return allocation_create(
            actor=actor, person=person, worker=worker, role=role, start_date=start_date
        )


def access_grant_create(
    *,
    actor: User,
    user: User,
    person: Person,
    reason: str,
    expires_at: datetime,
    can_write: bool = False,
) -> AccessGrant:
    _require_role(actor, GRANTING_ROLES, "grant access to a record")
    now = timezone.now()
    errors = {}
    if not reason.strip():
        errors["reason"] = "Enter the reason for giving access"
    if expires_at <= now:
        errors["expires_at"] = "The access must end in the future"
    elif expires_at - now > MAX_GRANT:
        errors["expires_at"] = "Access can be granted for 90 days at most"
    if can_write and user.role in {Role.PERFORMANCE_ANALYST}:
        errors["can_write"] = "Analysts cannot be given write access"
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        grant = AccessGrant.objects.create(
            user=user,
            person=person,
            reason=reason.strip(),
            can_write=can_write,
            granted_by=actor,
            starts_at=now,
            expires_at=expires_at,
        )
        audit_log(
            actor=actor,
            action="grant",
            person=person,
            obj=grant,
            reason=grant.reason,
            detail={"user": user.get_username(), "expires_at": expires_at.isoformat()},
        )
    return grant


def access_grant_revoke(*, actor: User, grant: AccessGrant) -> AccessGrant:
    _require_role(actor, GRANTING_ROLES, "revoke access")
    with transaction.atomic():
        grant.revoked_at = timezone.now()
        grant.save(update_fields=["revoked_at"])
        audit_log(actor=actor, action="revoke", person=grant.person, obj=grant)
    return grant


def restriction_create(
    *, actor: User, person: Person, kind: str, reason: str, named_users: list[User]
) -> Restriction:
    _require_role(actor, {Role.TEAM_MANAGER, Role.ADMINISTRATOR}, "restrict a record")
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason for restricting the record"})
    if not named_users:
        raise ValidationError({"named_users": "Name at least one person who may see the record"})
    with transaction.atomic():
        restriction = Restriction.objects.create(
            person=person, kind=kind, reason=reason.strip(), created_by=actor
        )
        restriction.named_users.set(named_users)
        audit_log(
            actor=actor,
            action="restrict",
            person=person,
            obj=restriction,
            detail={"named": sorted(u.get_username() for u in named_users)},
        )
    return restriction
