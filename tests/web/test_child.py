"""The child record page: the header, the tabs, the filterable chronology, and its cost."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from opencsc.access.models import Restriction, Role
from opencsc.care.models import Episode, MissingEpisode, PeriodOfCare, UascStatus
from opencsc.journey.models import CpPlan, Referral, Visit
from opencsc.people.models import CaseNote, Person, Relationship, VoiceOfChild
from opencsc.web.steps import TABS, steps_for
from tests.factories import AllocationFactory, PersonFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def _looked_after(person: Person, start: date) -> Episode:
    period = PeriodOfCare.objects.create(person=person, start_date=start)
    return Episode.objects.create(
        person=person,
        period=period,
        start_date=start,
        reason_new_episode="S",
        legal_status="C2",
        category_of_need="N1",
        placement_type="U3",
        placement_provider="PR1",
    )


@pytest.fixture
def case():  # type: ignore[no-untyped-def]
    return AllocationFactory(
        worker__first_name="Kim",
        worker__last_name="Lee",
        person__given_name="Ada",
        person__family_name="Quill",
        person__upn="A201123456789",
    )


def _page(client: Client, person_id: int, **params: str) -> str:
    response = client.get(reverse("web:child", args=[person_id]), params)
    assert response.status_code == 200
    return response.content.decode()


def test_the_header_says_who_the_child_is_and_where_they_are(client: Client, case) -> None:  # type: ignore[no-untyped-def]
    person = case.person
    _looked_after(person, TODAY - timedelta(days=40))
    client.force_login(case.worker)
    html = _page(client, person.pk)
    assert '<h1 class="govuk-heading-l">Ada Quill</h1>' in html
    assert "Looked after" in html  # the status above the name
    assert person.la_child_id in html and person.nhs_number in html
    assert "A201123456789" in html  # a UPN is shown when there is one
    assert "1 June 2015 (age " in html
    assert "C2: Full care order" in html or "C2:" in html
    assert "U3:" in html and "since" in html
    assert "Kim Lee (Allocated social worker)" in html
    assert "Alerts" not in html


def test_alerts_for_restricted_missing_and_unaccompanied_children(client: Client, case) -> None:  # type: ignore[no-untyped-def]
    person = case.person
    restriction = Restriction.objects.create(
        person=person, kind="other", reason="Staff relative", created_by=case.worker
    )
    restriction.named_users.set([case.worker])
    MissingEpisode.objects.create(person=person, kind="M", start_date=TODAY)
    UascStatus.objects.create(person=person, uasc=True)
    client.force_login(case.worker)
    html = _page(client, person.pk)
    assert "This is a restricted record" in html
    assert "Currently missing from placement" in html
    assert "Unaccompanied asylum-seeking child" in html


def test_the_plan_is_shown_in_the_header(client: Client, case) -> None:  # type: ignore[no-untyped-def]
    referral = Referral.objects.create(
        person=case.person, referral_date=TODAY - timedelta(days=60), source="6"
    )
    CpPlan.objects.create(
        person=case.person,
        referral=referral,
        start_date=TODAY - timedelta(days=30),
        initial_category="NEG",
        latest_category="EMO",
    )
    client.force_login(case.worker)
    html = _page(client, case.person_id)
    assert "Child protection plan (EMO:" in html


def test_every_tab_is_a_section_with_its_own_steps(client: Client, case) -> None:  # type: ignore[no-untyped-def]
    client.force_login(case.worker)
    html = _page(client, case.person_id)
    assert 'data-module="govuk-tabs"' in html
    for tab, title in TABS:
        # Without JavaScript each tab is a link to its section on the same page.
        assert f'<a class="govuk-tabs__tab" href="#{tab}">{title}</a>' in html
        assert f'id="{tab}"' in html
        for step in steps_for(case.person, tab):
            url = reverse("web:record-step", args=[case.person_id, step.slug])
            section = html.split(f'id="{tab}"', 1)[1].split("govuk-tabs__panel", 1)[0]
            assert url in section, (tab, step.slug)
    assert reverse("web:record-step", args=[case.person_id, "case-note"]) in html


def test_someone_who_may_only_read_sees_no_steps(client: Client, case) -> None:  # type: ignore[no-untyped-def]
    team = TeamFactory()
    case.worker.team = team
    case.worker.save()
    colleague = UserFactory(team=team)  # duty cover: reads the team's cases, writes none
    client.force_login(colleague)
    html = _page(client, case.person_id)
    assert "/record/" not in html


def test_each_tab_lists_what_is_recorded(client: Client, case) -> None:  # type: ignore[no-untyped-def]
    person = case.person
    mother = PersonFactory(
        given_name="Mary", family_name="Quill", is_child=False, date_of_birth=date(1990, 1, 1)
    )
    Relationship.objects.create(
        person=mother, other_person=person, kind="parent", parental_responsibility=True
    )
    brother = PersonFactory(given_name="Ben", family_name="Quill")
    Relationship.objects.create(person=person, other_person=brother, kind="sibling")
    CaseNote.objects.create(
        person=person, noted_on=TODAY, note="Spoke to school\nAll well", author=case.worker
    )
    VoiceOfChild.objects.create(
        person=person, recorded_on=TODAY, context="visit", in_childs_words="I like my room"
    )
    client.force_login(case.worker)
    html = _page(client, person.pk)
    family = html.split('id="family"', 1)[1].split('id="family_help"', 1)[0]
    assert "Mary Quill" in family and "Parent" in family
    # a relationship entered from the other side still shows, the right way round
    assert "Ben Quill" in family and "Sibling" in family
    notes = html.split('id="notes"', 1)[1]
    assert "Spoke to school<br>All well" in notes
    assert "I like my room" in notes and "during a visit" in notes


def test_the_chronology_filters_by_kind_and_dates(client: Client, case) -> None:  # type: ignore[no-untyped-def]
    person = case.person
    for days in (5, 50):
        Visit.objects.create(person=person, kind="cin", visit_date=TODAY - timedelta(days=days))
    CaseNote.objects.create(person=person, noted_on=TODAY - timedelta(days=5), note="A note")
    client.force_login(case.worker)
    assert "3 events" in _page(client, person.pk)
    assert "2 events matching" in _page(client, person.pk, kind="visit")
    since = TODAY - timedelta(days=10)
    html = _page(
        client,
        person.pk,
        kind="",
        since_day=str(since.day),
        since_month=str(since.month),
        since_year=str(since.year),
    )
    assert "2 events matching" in html  # the recent visit and the note
    assert "Show everything" in html


def test_a_backwards_date_range_is_an_error_in_the_govuk_pattern(client: Client, case) -> None:  # type: ignore[no-untyped-def]
    client.force_login(case.worker)
    html = _page(
        client,
        case.person_id,
        since_day="10",
        since_month="3",
        since_year="2026",
        until_day="1",
        until_month="3",
        until_year="2026",
    )
    assert "<title>Error: Ada Quill" in html
    assert 'class="govuk-error-summary"' in html
    assert '<a href="#until">' in html


def test_a_saved_step_shows_the_success_banner(client: Client, case) -> None:  # type: ignore[no-untyped-def]
    client.force_login(case.worker)
    url = reverse("web:record-step", args=[case.person_id, "case-note"])
    data = {"action": "save", "note": "Phoned mum"} | {
        "noted_on_day": str(TODAY.day),
        "noted_on_month": str(TODAY.month),
        "noted_on_year": str(TODAY.year),
    }
    response = client.post(url, data, follow=True)
    html = response.content.decode()
    assert "govuk-notification-banner--success" in html and "Add a case note: saved" in html
    assert response.redirect_chain[-1][0].endswith("#notes")


def _queries(client: Client, person_id: int) -> int:
    with CaptureQueriesContext(connection) as ctx:
        _page(client, person_id)
    return len(ctx.captured_queries)


def test_the_page_costs_the_same_however_long_the_history(client: Client, case) -> None:  # type: ignore[no-untyped-def]
    """No query per row: the page must stay fast on a large authority's database."""
    person = case.person
    client.force_login(case.worker)
    referral = Referral.objects.create(
        person=person, referral_date=TODAY - timedelta(days=400), source="6"
    )
    _looked_after(person, TODAY - timedelta(days=300))

    def add(n: int) -> None:
        for i in range(n):
            Visit.objects.create(person=person, kind="cla", visit_date=TODAY - timedelta(days=i))
            CaseNote.objects.create(person=person, noted_on=TODAY, note="n", author=case.worker)
            VoiceOfChild.objects.create(
                person=person, recorded_on=TODAY, in_childs_words="w", recorded_by=case.worker
            )
            relative = PersonFactory(is_child=False)
            Relationship.objects.create(person=relative, other_person=person, kind="aunt_uncle")
            CpPlan.objects.create(
                person=person,
                referral=referral,
                start_date=TODAY - timedelta(days=200 + i),
                end_date=TODAY - timedelta(days=100 + i),
                initial_category="NEG",
                latest_category="NEG",
            )

    add(1)
    few = _queries(client, person.pk)
    add(10)
    assert _queries(client, person.pk) == few


def test_other_workers_cannot_see_the_page(client: Client, case) -> None:  # type: ignore[no-untyped-def]
    client.force_login(UserFactory(role=Role.TEAM_MANAGER))
    assert client.get(reverse("web:child", args=[case.person_id])).status_code == 404
