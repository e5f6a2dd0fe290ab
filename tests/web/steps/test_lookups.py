"""The child page asks every step whether it applies; shared questions are answered once."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opencsc.journey.models import Referral
from opencsc.web.steps import TABS, steps_by_tab, steps_for
from opencsc.web.steps.journey import open_referral
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_steps_by_tab_gives_the_same_steps_with_fewer_queries() -> None:
    person = PersonFactory()
    Referral.objects.create(person=person, referral_date=date(2026, 1, 2), source="1A")
    with CaptureQueriesContext(connection) as one_by_one:
        expected = {tab: steps_for(person, tab) for tab, _ in TABS}
    with CaptureQueriesContext(connection) as shared:
        assert steps_by_tab(person) == expected
    assert len(shared) < len(one_by_one)


def test_outside_the_child_page_a_lookup_asks_afresh() -> None:
    person = PersonFactory()
    assert open_referral(person) is None
    referral = Referral.objects.create(person=person, referral_date=date(2026, 1, 2), source="1A")
    assert open_referral(person) == referral
