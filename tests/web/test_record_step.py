"""The one view behind every recording step: prefill, errors, drafts and stale saves."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencsc.access.models import AuditEntry, Role
from opencsc.journey.models import Contact, Referral, Visit
from opencsc.web.models import Draft
from tests.factories import AllocationFactory, GrantFactory

pytestmark = pytest.mark.django_db


def _date(prefix: str, d: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(d.day),
        f"{prefix}_month": str(d.month),
        f"{prefix}_year": str(d.year),
    }


@pytest.fixture
def worker_client(client: Client):
    allocation = AllocationFactory()
    client.force_login(allocation.worker)
    return client, allocation


def test_the_form_is_prefilled_with_what_is_known(worker_client) -> None:
    client, allocation = worker_client
    page = client.get(reverse("web:record-step", args=[allocation.person_id, "visit"]))
    today = timezone.localdate()
    html = page.content.decode()
    assert page.status_code == 200
    assert f'name="visit_date_year" type="text" inputmode="numeric" value="{today.year}"' in html
    assert 'value="cin" checked' in html  # a child with no plan or care is due a CIN visit


def test_a_valid_step_saves_through_the_service_and_says_so(worker_client) -> None:
    client, allocation = worker_client
    url = reverse("web:record-step", args=[allocation.person_id, "visit"])
    data = {"action": "save", "kind": "cin", "seen": "yes", "seen_alone": "no", "note": "Well"}
    response = client.post(url, data | _date("visit_date", date(2026, 1, 5)))
    assert response.status_code == 302
    visit = Visit.objects.get(person=allocation.person)
    assert (visit.visit_date, visit.seen, visit.seen_alone) == (date(2026, 1, 5), True, False)
    assert AuditEntry.objects.filter(action="create", person_pk=allocation.person_id).exists()
    page = client.get(response["Location"])
    assert "Record a visit: saved" in page.content.decode()


def test_errors_follow_the_govuk_pattern_and_nothing_is_saved(worker_client) -> None:
    client, allocation = worker_client
    url = reverse("web:record-step", args=[allocation.person_id, "visit"])
    data = {"action": "save", "kind": "cin", "seen": "no", "seen_alone": "yes"}
    response = client.post(
        url, data | {"visit_date_day": "31", "visit_date_month": "2", "visit_date_year": "2026"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Record a visit" in html
    assert 'class="govuk-error-summary"' in html
    assert '<a href="#id_visit_date">Date of visit must be a real date</a>' in html
    assert not Visit.objects.exists()
    # the service's own rule (seen alone but not seen) goes beside its field
    response = client.post(url, data | _date("visit_date", date(2026, 1, 5)))
    assert "seen alone was seen" in response.content.decode()
    assert not Visit.objects.exists()


def test_a_draft_is_kept_restored_and_dropped_on_save(worker_client) -> None:
    client, allocation = worker_client
    url = reverse("web:record-step", args=[allocation.person_id, "contact"])
    typed = {"source": "1A", "notes": "Call from school"} | _date("contact_date", date(2026, 2, 3))
    autosave = client.post(url, typed | {"action": "draft"}, headers={"X-Opencsc-Autosave": "1"})
    assert autosave.status_code == 204
    # a session timeout: the worker signs in again and finds the entries as typed
    client.logout()
    client.force_login(allocation.worker)
    html = client.get(url).content.decode()
    assert "We restored the draft" in html
    assert "Call from school" in html and 'value="2026"' in html
    # nobody else sees another worker's draft
    manager = AllocationFactory(person=allocation.person).worker
    client.force_login(manager)
    assert "Call from school" not in client.get(url).content.decode()
    client.force_login(allocation.worker)
    client.post(url, typed | {"action": "save", "outcome": "referral"})
    assert Contact.objects.filter(person=allocation.person).count() == 1
    assert not Draft.objects.filter(person=allocation.person).exists()


def test_the_second_of_two_concurrent_saves_is_refused_and_nothing_is_lost(worker_client) -> None:
    client, allocation = worker_client
    person = allocation.person
    Referral.objects.create(person=person, referral_date=date(2026, 1, 2), source="1A")
    url = reverse("web:record-step", args=[person.pk, "referral-decision"])
    opened = client.get(url).content.decode()
    assert 'name="version" value="1"' in opened
    # a colleague saves a change to the same referral after our worker opened the page
    referral = Referral.objects.get(person=person)
    referral.primary_need = "N1"
    referral.version = 2
    referral.save()
    mine = {"action": "save", "nfa": "no", "version": "1"} | _date(
        "decision_date", date(2026, 1, 3)
    )
    refused = client.post(url, mine)
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "changed by someone else" in html
    assert Referral.objects.get(person=person).decision_date is None
    assert 'name="version" value="2"' in html and 'value="no" checked' in html
    assert Draft.objects.filter(person=person, step="referral-decision").exists()
    # saving again, knowingly, over the current version succeeds
    assert client.post(url, mine | {"version": "2"}).status_code == 302
    assert Referral.objects.get(person=person).decision_date == date(2026, 1, 3)


def test_a_step_that_does_not_apply_is_404(worker_client) -> None:
    client, allocation = worker_client
    url = reverse("web:record-step", args=[allocation.person_id, "referral-decision"])
    assert client.get(url).status_code == 404
    assert (
        client.get(reverse("web:record-step", args=[allocation.person_id, "nope"])).status_code
        == 404
    )


def test_a_reader_without_write_access_cannot_record(client: Client) -> None:
    grant = GrantFactory(user__role=Role.PARTNER_PRACTITIONER)
    client.force_login(grant.user)
    assert client.get(reverse("web:child", args=[grant.person_id])).status_code == 200
    url = reverse("web:record-step", args=[grant.person_id, "visit"])
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "draft", "note": "x"}).status_code == 403
