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
    *, actor: User, allocation: Allocation, end_date: date | None = None
) -> Allocation:
    _require_role(actor, {Role.TEAM_MANAGER, Role.ADMINISTRATOR}, "end allocations")
    end = end_date or timezone.localdate()
    if end < allocation.start_date:
        raise ValidationError({"end_date": "The allocation cannot end before it started"})
    with transaction.atomic():
        allocation.end_date = end
        allocation.save(update_fields=["end_date"])
        audit_log(actor=actor, action="update", person=allocation.person, obj=allocation)
    return allocation


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
