"""Case notes, family members, relationships and the child's voice: each rule passing and
failing, each write audited, nobody without a relationship able to write."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from opencsc.access.models import AuditEntry, LocalAuthority
from opencsc.access.permissions import ChildNotFound
from opencsc.people.models import CaseNote, Family, Person, Relationship, VoiceOfChild
from opencsc.people.services import (
    case_note_create,
    family_member_add,
    relationship_create,
    voice_of_child_record,
)
from tests.factories import AllocationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def case():  # type: ignore[no-untyped-def]
    return AllocationFactory()


def _fails(field: str, call, **kwargs) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as err:
        call(**kwargs)
    assert field in err.value.message_dict, err.value.message_dict


def test_a_case_note_is_saved_with_its_author_and_audited(case) -> None:  # type: ignore[no-untyped-def]
    note = case_note_create(
        actor=case.worker, person=case.person, noted_on=TODAY, note="  Phoned school  "
    )
    assert (note.note, note.author) == ("Phoned school", case.worker)
    assert AuditEntry.objects.filter(action="create", object_type="people.casenote").exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"noted_on": TODAY + timedelta(days=1), "note": "x"}, "noted_on"),
        ({"noted_on": TODAY, "note": "   "}, "note"),
    ],
)
def test_case_note_rules(case, kwargs: dict, field: str) -> None:  # type: ignore[no-untyped-def]
    _fails(field, case_note_create, actor=case.worker, person=case.person, **kwargs)
    assert not CaseNote.objects.exists()


def test_nobody_without_a_relationship_writes_a_note(case) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ChildNotFound):
        case_note_create(actor=UserFactory(), person=case.person, noted_on=TODAY, note="x")


def test_a_family_member_joins_the_childs_family_as_an_adult_on_the_record(case) -> None:  # type: ignore[no-untyped-def]
    person = case.person
    person.family = Family.objects.create(local_authority=person.local_authority)
    person.save()
    relationship = family_member_add(
        actor=case.worker,
        person=person,
        given_name="Mary",
        family_name="Example",
        kind="parent",
        date_of_birth=date(1990, 5, 1),
        parental_responsibility=True,
    )
    mother = relationship.person
    # `person` is `kind` of `other_person`: Mary is the parent of the child
    assert (relationship.other_person, relationship.kind) == (person, "parent")
    assert relationship.parental_responsibility
    assert not mother.is_child and mother.family_id == person.family_id
    assert AuditEntry.objects.filter(action="create", person_pk=person.pk).count() == 2


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"given_name": " "}, "given_name"),
        ({"family_name": ""}, "family_name"),
        ({"kind": "cousin"}, "kind"),
        ({"date_of_birth": TODAY + timedelta(days=1)}, "date_of_birth"),
        # a parent or grandparent younger than the child is a typing error
        ({"kind": "grandparent", "date_of_birth": date(2016, 1, 1)}, "date_of_birth"),
    ],
)
def test_family_member_rules_save_nothing(case, changes: dict, field: str) -> None:  # type: ignore[no-untyped-def]
    good = {"given_name": "Mary", "family_name": "Example", "kind": "parent"}
    _fails(field, family_member_add, actor=case.worker, person=case.person, **(good | changes))
    assert Person.objects.count() == 1 and not Relationship.objects.exists()


def test_a_sibling_may_be_younger(case) -> None:  # type: ignore[no-untyped-def]
    family_member_add(
        actor=case.worker,
        person=case.person,
        given_name="Baby",
        family_name="Example",
        kind="half_sibling",
        date_of_birth=TODAY - timedelta(days=30),
    )
    assert Relationship.objects.filter(kind="half_sibling").count() == 1


def test_linking_someone_already_on_the_record(case) -> None:  # type: ignore[no-untyped-def]
    brother = PersonFactory()
    relationship_create(actor=case.worker, person=case.person, other=brother, kind="sibling")
    # the same link again, from either side, is refused
    _fails(
        "kind",
        relationship_create,
        actor=case.worker,
        person=case.person,
        other=brother,
        kind="sibling",
    )
    Relationship.objects.all().delete()
    Relationship.objects.create(person=case.person, other_person=brother, kind="sibling")
    _fails(
        "kind",
        relationship_create,
        actor=case.worker,
        person=case.person,
        other=brother,
        kind="sibling",
    )


def test_a_child_is_not_their_own_relative_nor_one_from_another_authority(case) -> None:  # type: ignore[no-untyped-def]
    _fails(
        "other",
        relationship_create,
        actor=case.worker,
        person=case.person,
        other=case.person,
        kind="sibling",
    )
    elsewhere = PersonFactory(
        local_authority=LocalAuthority.objects.create(code="201", name="Elsewhere")
    )
    _fails(
        "other",
        relationship_create,
        actor=case.worker,
        person=case.person,
        other=elsewhere,
        kind="sibling",
    )


def test_the_childs_voice_in_their_own_words(case) -> None:  # type: ignore[no-untyped-def]
    voice = voice_of_child_record(
        actor=case.worker,
        person=case.person,
        recorded_on=TODAY,
        context="visit",
        in_childs_words="I want to see my nan",
    )
    assert voice.recorded_by == case.worker and voice.context == "visit"
    assert AuditEntry.objects.filter(object_type="people.voiceofchild").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"recorded_on": TODAY + timedelta(days=1)}, "recorded_on"),
        ({"recorded_on": date(2015, 5, 31)}, "recorded_on"),  # before the child was born
        ({"context": "dream"}, "context"),
        ({"in_childs_words": "  "}, "in_childs_words"),
    ],
)
def test_voice_rules(case, changes: dict, field: str) -> None:  # type: ignore[no-untyped-def]
    good = {"recorded_on": TODAY, "context": "visit", "in_childs_words": "Fine"}
    _fails(field, voice_of_child_record, actor=case.worker, person=case.person, **(good | changes))
    assert not VoiceOfChild.objects.exists()


def test_an_unborn_child_has_no_voice_recorded_yet(case) -> None:  # type: ignore[no-untyped-def]
    person = case.person
    person.date_of_birth, person.expected_date_of_birth = None, TODAY + timedelta(days=60)
    person.save()
    _fails(
        "recorded_on",
        voice_of_child_record,
        actor=case.worker,
        person=person,
        recorded_on=TODAY,
        context="other",
        in_childs_words="…",
    )
