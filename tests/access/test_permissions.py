"""The access rules as a matrix: role x relationship x restriction -> allowed or 404."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from opencsc.access.models import AuditEntry, Restriction, Role, User
from opencsc.access.permissions import (
    ChildNotFound,
    can_edit_child,
    can_view_child,
    child_get,
    require_child_access,
    visible_children,
)
from opencsc.people.models import Person
from tests.factories import (
    AllocationFactory,
    GrantFactory,
    PersonFactory,
    TeamFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = [r.value for r in Role]
RELATIONSHIPS = [
    "none",
    "allocated",
    "iro",
    "same_team",
    "manages_team",
    "other_team",
    "grant",
    "grant_write",
    "grant_expired",
    "grant_revoked",
    "ended_allocation",
]
RESTRICTIONS = ["none", "named", "not_named"]

# The specification, written out: which relationships let each role READ an unrestricted record.
READ = {
    "social_worker": {"allocated", "iro", "same_team", "grant", "grant_write"},
    "team_manager": {"allocated", "iro", "same_team", "manages_team", "grant", "grant_write"},
    "cp_chair_iro": {"iro", "grant", "grant_write"},
    "performance_analyst": {"grant", "grant_write"},
    "partner_practitioner": {"grant", "grant_write"},
    "administrator": {"grant", "grant_write"},
}
# ...and WRITE: team colleagues read but do not write; read-only grants do not write.
WRITE = {
    "social_worker": {"allocated", "iro", "grant_write"},
    "team_manager": {"allocated", "iro", "same_team", "manages_team", "grant_write"},
    "cp_chair_iro": {"iro", "grant_write"},
    "performance_analyst": set(),
    "partner_practitioner": {"grant_write"},
    "administrator": {"grant_write"},
}


def _setup(role: str, relationship: str, restriction: str) -> tuple[User, Person]:
    team = TeamFactory()
    user = UserFactory(role=role, team=team if relationship == "same_team" else None)
    child = PersonFactory()
    colleague = UserFactory(role=Role.SOCIAL_WORKER, team=team)
    now = timezone.now()
    if relationship == "allocated":
        AllocationFactory(person=child, worker=user)
    elif relationship == "iro":
        AllocationFactory(person=child, worker=user, role="iro")
    elif relationship == "ended_allocation":
        AllocationFactory(
            person=child, worker=user, end_date=timezone.localdate() - timedelta(days=1)
        )
    elif relationship in {"same_team", "manages_team"}:
        AllocationFactory(person=child, worker=colleague)
        if relationship == "manages_team":
            team.manager = user
            team.save()
    elif relationship == "other_team":
        other = UserFactory(role=Role.SOCIAL_WORKER, team=TeamFactory())
        AllocationFactory(person=child, worker=other)
        user.team = team
        user.save()
    elif relationship == "grant":
        GrantFactory(user=user, person=child)
    elif relationship == "grant_write":
        GrantFactory(user=user, person=child, can_write=True)
    elif relationship == "grant_expired":
        GrantFactory(user=user, person=child, expires_at=now - timedelta(minutes=1))
    elif relationship == "grant_revoked":
        GrantFactory(user=user, person=child, revoked_at=now)
    if restriction != "none":
        r = Restriction.objects.create(
            person=child, kind="high_profile", reason="press interest", created_by=colleague
        )
        r.named_users.add(user if restriction == "named" else colleague)
    return user, child


CASES = [(r, rel, res) for r in ROLES for rel in RELATIONSHIPS for res in RESTRICTIONS]


@pytest.mark.parametrize(("role", "relationship", "restriction"), CASES)
def test_access_matrix(role: str, relationship: str, restriction: str) -> None:
    user, child = _setup(role, relationship, restriction)
    hidden = restriction == "not_named"
    may_read = relationship in READ[role] and not hidden
    may_write = relationship in WRITE[role] and not hidden
    assert can_view_child(user, child) is may_read
    assert can_edit_child(user, child) is may_write
    # The caseload/search query agrees with the single-record check.
    assert (child in visible_children(user)) is may_read
    if may_read:
        require_child_access(user, child)
    else:
        with pytest.raises(ChildNotFound):
            require_child_access(user, child)


def test_denied_and_missing_children_look_the_same() -> None:
    user = UserFactory()
    stranger = PersonFactory()
    with pytest.raises(ChildNotFound) as denied:
        child_get(user=user, person_id=stranger.pk)
    with pytest.raises(ChildNotFound) as missing:
        child_get(user=user, person_id=stranger.pk + 10_000)
    assert str(denied.value) == str(missing.value)


def test_reading_a_child_is_audited_with_reason_and_ip() -> None:
    allocation = AllocationFactory()
    child_get(user=allocation.worker, person_id=allocation.person_id, reason="visit", ip="10.0.0.1")
    entry = AuditEntry.objects.get(action="read")
    assert (entry.actor_id, entry.person_pk, entry.reason, entry.ip) == (
        allocation.worker_id,
        allocation.person_id,
        "visit",
        "10.0.0.1",
    )
    assert entry.object_type == "people.person"


def test_inactive_user_sees_nothing() -> None:
    allocation = AllocationFactory(worker__is_active=False)
    assert not can_view_child(allocation.worker, allocation.person)
