from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from opencsc.access.models import AuditEntry, Role
from opencsc.access.permissions import can_edit_child
from opencsc.people.services import StaleRecordError, person_create, record_update
from tests.factories import AllocationFactory, UserFactory

pytestmark = pytest.mark.django_db
GOOD = {"given_name": "Ada", "family_name": "Lovelace", "date_of_birth": date(2016, 1, 1)}


def test_person_create_allocates_the_worker_and_audits() -> None:
    worker = UserFactory()
    person = person_create(actor=worker, nhs_number="943 476 5919", **GOOD)
    assert person.nhs_number == "9434765919"
    assert can_edit_child(worker, person)
    assert AuditEntry.objects.filter(action="create", person_pk=person.pk).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"nhs_number": "9434765918"}, "nhs_number"),
        ({"upn": "A201123424007"}, "upn"),
        ({"date_of_birth": date.today() + timedelta(days=2)}, "date_of_birth"),
        ({"date_of_birth": None}, "date_of_birth"),
        ({"sex": "U"}, "sex"),
        ({"expected_date_of_birth": date(2026, 1, 1)}, "expected_date_of_birth"),
        ({"given_name": " "}, "given_name"),
    ],
)
def test_person_create_rules_fail_with_the_field_named(changes: dict, field: str) -> None:
    with pytest.raises(ValidationError) as err:
        person_create(actor=UserFactory(), **(GOOD | changes))
    assert field in err.value.message_dict


def test_an_unborn_child_has_an_expected_date_and_sex_u() -> None:
    person = person_create(
        actor=UserFactory(),
        given_name="Baby",
        family_name="Lovelace",
        expected_date_of_birth=date(2027, 2, 1),
        sex="U",
    )
    assert person.date_of_birth is None and person.sex == "U"


def test_analysts_and_partners_cannot_add_children() -> None:
    for role in (Role.PERFORMANCE_ANALYST, Role.PARTNER_PRACTITIONER, Role.ADMINISTRATOR):
        with pytest.raises(PermissionDenied):
            person_create(actor=UserFactory(role=role), **GOOD)


def test_second_save_of_the_same_version_is_refused_and_nothing_is_lost() -> None:
    allocation = AllocationFactory()
    person = allocation.person
    first = type(person).objects.get(pk=person.pk)
    second = type(person).objects.get(pk=person.pk)
    record_update(
        actor=allocation.worker,
        person=person,
        instance=first,
        expected_version=1,
        changes={"given_name": "First"},
    )
    with pytest.raises(StaleRecordError, match="changed by someone else"):
        record_update(
            actor=allocation.worker,
            person=person,
            instance=second,
            expected_version=1,
            changes={"given_name": "Second"},
        )
    person.refresh_from_db()
    assert (person.given_name, person.version) == ("First", 2)
    assert AuditEntry.objects.filter(action="update").count() == 1
    assert timezone.now() >= person.updated_at
