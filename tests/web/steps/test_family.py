"""The family and notes steps through the one recording view: prefill, save, GOV.UK errors."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencsc.people.models import CaseNote, Family, Person, Relationship, VoiceOfChild
from tests.factories import AllocationFactory, PersonFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _dates(prefix: str, d: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(d.day),
        f"{prefix}_month": str(d.month),
        f"{prefix}_year": str(d.year),
    }


@pytest.fixture
def case():  # type: ignore[no-untyped-def]
    return AllocationFactory(person__family_name="Quill")


@pytest.fixture
def worker(client: Client, case) -> Client:  # type: ignore[no-untyped-def]
    client.force_login(case.worker)
    return client


def _url(case, slug: str) -> str:  # type: ignore[no-untyped-def]
    return reverse("web:record-step", args=[case.person_id, slug])


def _save(client: Client, case, slug: str, data: dict[str, Any]) -> Any:  # type: ignore[no-untyped-def]
    return client.post(_url(case, slug), {"action": "save", **data})


def _problems(response: Any) -> str:
    html = response.content.decode()
    assert response.status_code == 200 and 'class="govuk-error-summary"' in html
    return html


def test_case_note(worker: Client, case) -> None:  # type: ignore[no-untyped-def]
    html = worker.get(_url(case, "case-note")).content.decode()
    assert f'name="noted_on_year" type="text" inputmode="numeric" value="{TODAY.year}"' in html
    response = _save(worker, case, "case-note", {"note": ""} | _dates("noted_on", TODAY))
    assert '<a href="#id_note">Enter the note</a>' in _problems(response)
    response = _save(worker, case, "case-note", {"note": "Met dad"} | _dates("noted_on", TODAY))
    assert response.status_code == 302 and response["Location"].endswith("#notes")
    assert CaseNote.objects.get(person=case.person).author == case.worker


def test_a_case_note_cannot_be_dated_tomorrow(worker: Client, case) -> None:  # type: ignore[no-untyped-def]
    tomorrow = TODAY + timedelta(days=1)
    response = _save(worker, case, "case-note", {"note": "x"} | _dates("noted_on", tomorrow))
    assert "The date must be today or in the past" in _problems(response)
    assert not CaseNote.objects.exists()


def test_family_member_is_prefilled_with_the_childs_surname(worker: Client, case) -> None:  # type: ignore[no-untyped-def]
    html = worker.get(_url(case, "family-member")).content.decode()
    assert 'name="family_name" type="text" value="Quill"' in html


def test_family_member(worker: Client, case) -> None:  # type: ignore[no-untyped-def]
    data = {
        "given_name": "Mary",
        "family_name": "Quill",
        "kind": "parent",
        "parental_responsibility": "yes",
    } | _dates("date_of_birth", date(1990, 2, 3))
    response = _save(worker, case, "family-member", data)
    assert response.status_code == 302 and response["Location"].endswith("#family")
    relationship = Relationship.objects.get(other_person=case.person)
    assert str(relationship.person) == "Mary Quill" and relationship.parental_responsibility
    page = worker.get(reverse("web:child", args=[case.person_id])).content.decode()
    assert "Mary Quill" in page


def test_family_member_errors(worker: Client, case) -> None:  # type: ignore[no-untyped-def]
    html = _problems(_save(worker, case, "family-member", {"family_name": "Quill"}))
    assert "Enter their first name" in html
    assert "Choose who they are to the child" in html
    assert "Select yes if they have parental responsibility for the child" in html
    # the service's rule goes beside the field it names
    data = {
        "given_name": "Mary",
        "family_name": "Quill",
        "kind": "parent",
        "parental_responsibility": "yes",
    } | _dates("date_of_birth", date(2020, 1, 1))
    html = _problems(_save(worker, case, "family-member", data))
    assert '<a href="#id_date_of_birth">A parent must be older than the child</a>' in html
    assert Person.objects.count() == 1


def test_linking_a_relative_already_in_the_family(worker: Client, case) -> None:  # type: ignore[no-untyped-def]
    assert worker.get(_url(case, "relationship")).status_code == 404  # no family recorded
    family = Family.objects.create(local_authority=case.person.local_authority)
    Person.objects.filter(pk=case.person_id).update(family=family)
    sister = PersonFactory(given_name="Sue", family_name="Quill", family=family)
    PersonFactory(given_name="Stranger")  # not in the family: never offered
    html = worker.get(_url(case, "relationship")).content.decode()
    assert "Sue Quill, born 1 June 2015" in html and "Stranger" not in html
    data = {"other": str(sister.pk), "kind": "sibling", "parental_responsibility": "no"}
    assert _save(worker, case, "relationship", data).status_code == 302
    assert Relationship.objects.filter(person=sister, other_person=case.person).exists()
    # once everyone in the family is linked there is nobody left to link
    assert worker.get(_url(case, "relationship")).status_code == 404


def test_a_relative_from_outside_the_family_is_refused(worker: Client, case) -> None:  # type: ignore[no-untyped-def]
    family = Family.objects.create(local_authority=case.person.local_authority)
    Person.objects.filter(pk=case.person_id).update(family=family)
    PersonFactory(family=family)
    stranger = PersonFactory()
    data = {"other": str(stranger.pk), "kind": "sibling", "parental_responsibility": "no"}
    _problems(_save(worker, case, "relationship", data))
    assert not Relationship.objects.exists()


def test_voice_of_the_child(worker: Client, case) -> None:  # type: ignore[no-untyped-def]
    html = worker.get(_url(case, "voice-of-child")).content.decode()
    assert 'value="visit" checked' in html
    data = {"context": "visit", "in_childs_words": "I miss my dog"} | _dates("recorded_on", TODAY)
    assert _save(worker, case, "voice-of-child", data).status_code == 302
    assert VoiceOfChild.objects.get().in_childs_words == "I miss my dog"
    data |= _dates("recorded_on", date(2015, 1, 1))
    assert "before the child was born" in _problems(_save(worker, case, "voice-of-child", data))


def test_voice_is_not_offered_for_an_unborn_child(worker: Client, case) -> None:  # type: ignore[no-untyped-def]
    Person.objects.filter(pk=case.person_id).update(
        date_of_birth=None, expected_date_of_birth=TODAY + timedelta(days=30)
    )
    assert worker.get(_url(case, "voice-of-child")).status_code == 404
