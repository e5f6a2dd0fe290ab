"""Moving a child between workers, and the teams' children left without one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from opencsc.access.models import Allocation, AuditEntry, Restriction, Role
from opencsc.access.permissions import ChildNotFound, can_edit_child
from opencsc.access.services import allocation_end, allocation_transfer
from opencsc.access.teams import can_allocate_child, unallocated_children
from tests.factories import AllocationFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def team():  # type: ignore[no-untyped-def]
    team = TeamFactory()
    team.manager = UserFactory(role=Role.TEAM_MANAGER, team=team)
    team.save()
    return team


def _case(team):  # type: ignore[no-untyped-def]
    return AllocationFactory(worker__team=team, start_date=TODAY - timedelta(days=30))


def test_a_move_ends_one_allocation_and_starts_the_next_on_the_same_day(team) -> None:  # type: ignore[no-untyped-def]
    case = _case(team)
    newcomer = UserFactory(team=team)
    new = allocation_transfer(
        actor=team.manager, person=case.person, worker=newcomer, start_date=TODAY, reason="LEFTRL"
    )
    case.refresh_from_db()
    assert (case.end_date, case.end_reason) == (TODAY, "LEFTRL")
    assert (new.worker, new.start_date, new.end_date) == (newcomer, TODAY, None)
    assert can_edit_child(newcomer, case.person)
    actions = list(
        AuditEntry.objects.filter(object_type="access.allocation").values_list("action", flat=True)
    )
    assert actions == ["update", "create"]


def test_a_move_needs_a_reason_and_a_date_in_the_current_allocation(team) -> None:  # type: ignore[no-untyped-def]
    case = _case(team)
    newcomer = UserFactory(team=team)
    for kwargs, field in (
        ({"reason": ""}, "reason"),
        ({"reason": "BORED"}, "reason"),
        ({"reason": "MANAGE", "start_date": TODAY - timedelta(days=31)}, "start_date"),
        ({"reason": "MANAGE", "start_date": TODAY + timedelta(days=1)}, "start_date"),
    ):
        with pytest.raises(ValidationError) as err:
            allocation_transfer(
                actor=team.manager,
                person=case.person,
                worker=newcomer,
                **({"start_date": TODAY} | kwargs),
            )
        assert field in err.value.message_dict
    # nothing changed: still one worker, the same one
    assert list(Allocation.objects.values_list("worker_id", "end_date")) == [(case.worker_id, None)]


def test_the_new_worker_must_be_a_case_holder_in_the_managers_teams(team) -> None:  # type: ignore[no-untyped-def]
    case = _case(team)
    for worker in (
        UserFactory(),  # another team
        UserFactory(team=team, role=Role.PERFORMANCE_ANALYST),
        case.worker,  # already the child's worker
    ):
        with pytest.raises(ValidationError) as err:
            allocation_transfer(
                actor=team.manager,
                person=case.person,
                worker=worker,
                start_date=TODAY,
                reason="MANAGE",
            )
        assert "worker" in err.value.message_dict


def test_only_managers_move_children_and_only_their_teams(team) -> None:  # type: ignore[no-untyped-def]
    case = _case(team)
    newcomer = UserFactory(team=team)
    with pytest.raises(PermissionDenied):
        allocation_transfer(
            actor=case.worker, person=case.person, worker=newcomer, start_date=TODAY, reason="X"
        )
    other_manager = UserFactory(role=Role.TEAM_MANAGER, team=TeamFactory())
    with pytest.raises(ChildNotFound):
        allocation_transfer(
            actor=other_manager,
            person=case.person,
            worker=newcomer,
            start_date=TODAY,
            reason="MANAGE",
        )


def test_a_child_left_without_a_worker_stays_the_teams_to_allocate(team) -> None:  # type: ignore[no-untyped-def]
    case = _case(team)
    allocation_end(actor=team.manager, allocation=case, end_date=TODAY - timedelta(days=1))
    # nobody holds the child now, so the relationship rules hide them from everyone…
    assert not can_edit_child(team.manager, case.person)
    # …but the team that held them last can find and allocate them
    assert list(unallocated_children(team.manager)) == [case.person]
    assert can_allocate_child(team.manager, case.person)
    assert not can_allocate_child(UserFactory(role=Role.TEAM_MANAGER), case.person)
    newcomer = UserFactory(team=team)
    allocation_transfer(actor=team.manager, person=case.person, worker=newcomer, start_date=TODAY)
    assert not unallocated_children(team.manager).exists()


def test_a_child_moved_to_another_team_is_that_teams(team) -> None:  # type: ignore[no-untyped-def]
    case = _case(team)
    other = TeamFactory()
    allocation_end(actor=team.manager, allocation=case, end_date=TODAY - timedelta(days=10))
    later = AllocationFactory(
        person=case.person, worker__team=other, start_date=TODAY - timedelta(days=9)
    )
    allocation_end(actor=team.manager, allocation=later, end_date=TODAY - timedelta(days=1))
    assert not unallocated_children(team.manager).exists()


def test_restricted_children_stay_hidden_unless_the_manager_is_named(team) -> None:  # type: ignore[no-untyped-def]
    case = _case(team)
    allocation_end(actor=team.manager, allocation=case, end_date=TODAY - timedelta(days=1))
    restriction = Restriction.objects.create(
        person=case.person, kind="other", reason="x", created_by=team.manager
    )
    assert not unallocated_children(team.manager).exists()
    restriction.named_users.set([team.manager])
    assert unallocated_children(team.manager).exists()
