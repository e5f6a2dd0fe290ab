from __future__ import annotations

from dataclasses import asdict
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from opencsc.access.models import Role
from opencsc.access.selectors import age_band, deidentified_children, pseudonym
from opencsc.people.models import Address
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_analyst_view_holds_nothing_that_identifies_a_child() -> None:
    child = PersonFactory(given_name="Unique", family_name="Name", date_of_birth=date(2015, 6, 1))
    Address.objects.create(
        person=child, postcode="ZZ9 1AB", imd_decile=2, start_date=date(2015, 6, 1)
    )
    rows = deidentified_children(
        user=UserFactory(role=Role.PERFORMANCE_ANALYST), on=date(2026, 1, 1)
    )
    assert len(rows) == 1
    values = " ".join(str(v) for v in asdict(rows[0]).values())
    for identifying in ("Unique", "Name", child.nhs_number, child.la_child_id, "2015", "1AB"):
        assert identifying not in values
    assert (rows[0].age_band, rows[0].postcode_district, rows[0].imd_decile) == ("10-15", "ZZ9", 2)
    assert rows[0].pseudonym == pseudonym(child.pk) != pseudonym(child.pk + 1)


def test_only_analysts_and_administrators_get_the_list() -> None:
    with pytest.raises(PermissionDenied):
        deidentified_children(user=UserFactory(role=Role.SOCIAL_WORKER))


@pytest.mark.parametrize(
    ("dob", "band"),
    [
        (None, "unborn"),
        (date(2025, 6, 1), "under 1"),
        (date(2022, 1, 2), "1-4"),
        (date(2018, 1, 1), "5-9"),
        (date(2010, 1, 2), "10-15"),
        (date(2009, 1, 1), "16+"),
    ],
)
def test_age_bands(dob: date | None, band: str) -> None:
    assert age_band(dob, date(2026, 1, 1)) == band
