"""Access services: each rule passing and failing, each write audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from opencsc.access.models import AuditEntry, Role
from opencsc.access.permissions import can_view_child
from opencsc.access.services import (
    access_grant_create,
    access_grant_revoke,
    allocation_create,
    allocation_end,
    restriction_create,
)
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():  # type: ignore[no-untyped-def]
    return UserFactory(role=Role.TEAM_MANAGER)


def test_a_manager_allocates_and_the_worker_can_then_see_the_child(manager) -> None:  # type: ignore[no-untyped-def]
    worker, child = UserFactory(), PersonFactory()
    allocation = allocation_create(actor=manager, person=child, worker=worker)
    assert can_view_child(worker, child)
    allocation_end(actor=manager, allocation=allocation, end_date=allocation.start_date)
    assert AuditEntry.objects.filter(object_type="access.allocation").count() == 2


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.PERFORMANCE_ANALYST, Role.CP_CHAIR_IRO])
def test_only_managers_and_administrators_allocate(role: Role) -> None:
    with pytest.raises(PermissionDenied):
        allocation_create(
            actor=UserFactory(role=role), person=PersonFactory(), worker=UserFactory()
        )


def test_analysts_and_partners_cannot_hold_a_caseload(manager) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        allocation_create(
            actor=manager, person=PersonFactory(), worker=UserFactory(role=Role.PERFORMANCE_ANALYST)
        )


def test_an_allocation_cannot_end_before_it_started(manager) -> None:  # type: ignore[no-untyped-def]
    allocation = allocation_create(actor=manager, person=PersonFactory(), worker=UserFactory())
    with pytest.raises(ValidationError):
        allocation_end(
            actor=manager, allocation=allocation, end_date=allocation.start_date - timedelta(days=1)
        )


def test_a_grant_gives_time_limited_access_for_a_reason_and_can_be_revoked(manager) -> None:  # type: ignore[no-untyped-def]
    partner, child = UserFactory(role=Role.PARTNER_PRACTITIONER), PersonFactory()
    grant = access_grant_create(
        actor=manager,
        user=partner,
        person=child,
        reason="school DSL",
        expires_at=timezone.now() + timedelta(days=30),
    )
    assert can_view_child(partner, child)
    assert AuditEntry.objects.get(action="grant").reason == "school DSL"
    access_grant_revoke(actor=manager, grant=grant)
    assert not can_view_child(partner, child)


@pytest.mark.parametrize(
    ("reason", "days", "can_write", "role", "field"),
    [
        ("  ", 30, False, Role.PARTNER_PRACTITIONER, "reason"),
        ("ok", -1, False, Role.PARTNER_PRACTITIONER, "expires_at"),
        ("ok", 91, False, Role.PARTNER_PRACTITIONER, "expires_at"),
        ("ok", 30, True, Role.PERFORMANCE_ANALYST, "can_write"),
    ],
)
def test_grant_rules(
    manager, reason: str, days: int, can_write: bool, role: Role, field: str
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as err:
        access_grant_create(
            actor=manager,
            user=UserFactory(role=role),
            person=PersonFactory(),
            reason=reason,
            expires_at=timezone.now() + timedelta(days=days),
            can_write=can_write,
        )
    assert field in err.value.message_dict


def test_a_social_worker_cannot_grant_access() -> None:
    with pytest.raises(PermissionDenied):
        access_grant_create(
            actor=UserFactory(),
            user=UserFactory(),
            person=PersonFactory(),
            reason="x",
            expires_at=timezone.now() + timedelta(days=1),
        )


def test_a_restriction_needs_a_reason_and_named_users_and_hides_the_record(manager) -> None:  # type: ignore[no-untyped-def]
    child = PersonFactory()
    with pytest.raises(ValidationError):
        restriction_create(
            actor=manager, person=child, kind="adoption", reason=" ", named_users=[manager]
        )
    with pytest.raises(ValidationError):
        restriction_create(
            actor=manager, person=child, kind="adoption", reason="adopted", named_users=[]
        )
    worker = UserFactory()
    allocation_create(actor=manager, person=child, worker=worker)
    restriction_create(
        actor=manager, person=child, kind="adoption", reason="adopted", named_users=[manager]
    )
    assert not can_view_child(worker, child)
    assert AuditEntry.objects.filter(action="restrict", person_pk=child.pk).exists()
