"""The visibility scope is read from the user's relationships, not tested child by child.

A correlated EXISTS per child made every search test every child in the authority (0.9 s for
100,000 children, bench/web_pages.py); the scope is one UNION of person ids read by index.
"""

from __future__ import annotations

import pytest

from opencsc.access.models import Role
from opencsc.access.permissions import visible_children
from tests.factories import AllocationFactory, PersonFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_scope_is_one_union_of_the_users_relationships() -> None:
    team = TeamFactory()
    manager = UserFactory(role=Role.TEAM_MANAGER, team=team)
    sql = str(visible_children(manager).query).upper()
    assert sql.count(" UNION ") == 2  # grants, own allocations, the team's allocations
    assert sql.count("EXISTS") == 2  # only the restriction check, per child found


def test_a_search_scope_finds_the_same_children_as_before() -> None:
    team = TeamFactory()
    worker = UserFactory(team=team)
    colleague = UserFactory(team=team)
    mine = AllocationFactory(worker=worker).person
    theirs = AllocationFactory(worker=colleague).person
    PersonFactory()  # nobody's
    assert set(visible_children(worker)) == {mine, theirs}
