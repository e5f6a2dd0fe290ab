"""The care, permanence and leaving-care steps in the browser (Django's test client): each form is
prefilled from the record, a valid entry saves through the service, an invalid one shows the
GOV.UK error summary and saves nothing. Last, the looked-after journey walked page by page."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencsc.access.models import Allocation
from opencsc.care import services as s
from opencsc.care.models import (
    Adoption,
    CareLeaverContact,
    ClaReview,
    Episode,
    MissingEpisode,
    PeriodOfCare,
    PermanenceOrder,
    PlacedForAdoption,
)
from opencsc.core.workingdays import add_months
from opencsc.journey.models import Referral
from opencsc.people.models import Address
from opencsc.web.steps import STEPS
from tests.factories import AllocationFactory, PersonFactory

pytestmark = pytest.mark.django_db
T = timezone.localdate()


def ago(days: int) -> date:
    return T - timedelta(days=days)


def _date(prefix: str, d: date) -> dict[str, str]:
    return {
        f"{prefix}_day": str(d.day),
        f"{prefix}_month": str(d.month),
        f"{prefix}_year": str(d.year),
    }


def _shows_date(html: str, prefix: str, d: date) -> bool:
    return all(
        f'name="{prefix}_{part}" type="text" inputmode="numeric" value="{value}"' in html
        for part, value in (("day", d.day), ("month", d.month), ("year", d.year))
    )


# States of the record each step starts from, built through the services.


def looked_after(a: Allocation, legal_status: str = "C1") -> None:
    s.care_start(
        actor=a.worker,
        person=a.person,
        start_date=ago(200),
        legal_status=legal_status,
        category_of_need="N1",
        placement_type="U6",
        placement_provider="PR1",
        placement_postcode="AB1 2CD",
        home_postcode="AB3 4EF",
    )


def reviewed(a: Allocation) -> None:
    looked_after(a)
    s.cla_review_record(actor=a.worker, person=a.person, review_date=ago(100), participation="PN3")


def missing(a: Allocation) -> None:
    looked_after(a)
    s.missing_episode_record(actor=a.worker, person=a.person, kind="M", start_date=ago(5))


def decided(a: Allocation) -> None:
    looked_after(a, "C2")
    s.adoption_decision_record(actor=a.worker, person=a.person, decision_date=ago(150))


def matched(a: Allocation) -> None:
    decided(a)
    s.legal_status_change(
        actor=a.worker, person=a.person, expected_version=1, on=ago(140), legal_status="E1"
    )
    s.adoption_match_record(
        actor=a.worker, person=a.person, expected_version=1, match_date=ago(130)
    )


def placed(a: Allocation) -> None:
    matched(a)
    current = s.current_episode(a.person)
    assert current is not None
    s.placement_change(
        actor=a.worker,
        person=a.person,
        expected_version=current.version,
        on=ago(120),
        placement_type="A6",
        placement_provider="PR1",
        placement_postcode="EF1 2GH",
        reason_place_change="CARPL",
    )


def care_leaver(a: Allocation) -> None:
    """19 today; looked after for four years until a year ago; one contact since."""
    a.person.date_of_birth = add_months(T, -19 * 12)
    a.person.save()
    period = PeriodOfCare.objects.create(
        person=a.person, start_date=ago(5 * 365), end_date=ago(365)
    )
    Episode.objects.create(
        person=a.person,
        period=period,
        start_date=ago(5 * 365),
        end_date=ago(365),
        reason_new_episode="S",
        legal_status="C2",
        category_of_need="N1",
        placement_type="U4",
        placement_provider="PR1",
        reason_ceased="E5",
    )
    s.care_leaver_contact_record(
        actor=a.worker,
        person=a.person,
        contact_date=ago(100),
        in_touch="YES",
        activity="F2",
        accommodation="U1",
    )


def known_beforehand(a: Allocation) -> None:
    Address.objects.create(person=a.person, kind="home", postcode="ZZ1 1ZZ")
    Referral.objects.create(person=a.person, referral_date=ago(30), source="1A", primary_need="N2")


def current(a: Allocation) -> Episode:
    episode = s.current_episode(a.person)
    assert episode is not None
    return episode


@dataclass(frozen=True)
class Case:
    slug: str
    setup: Callable[[Allocation], None]
    shown: list[str]  # in the prefilled page
    valid: dict[str, str]
    saved: Callable[[Allocation], bool]
    invalid: dict[str, str]
    error: str
    unchanged: Callable[[Allocation], bool]
    dates: dict[str, date] = field(default_factory=dict)  # prefilled dates


CASES = [
    Case(
        slug="start-care",
        setup=known_beforehand,
        dates={"start_date": T},
        shown=['value="ZZ1 1ZZ"', 'value="N2" checked'],
        valid={
            "legal_status": "C2",
            "category_of_need": "N2",
            "placement_type": "U6",
            "placement_provider": "PR1",
            "placement_postcode": "ab1 2cd",
            "home_postcode": "ZZ1 1ZZ",
        }
        | _date("start_date", ago(1)),
        saved=lambda a: Episode.objects.filter(
            person=a.person, reason_new_episode="S", start_date=ago(1), placement_postcode="AB1 2CD"
        ).exists(),
        invalid={
            "legal_status": "C2",
            "category_of_need": "N2",
            "placement_type": "K3",  # supported accommodation, and the child is 11
            "placement_provider": "PR4",
            "placement_postcode": "AB1 2CD",
            "home_postcode": "ZZ1 1ZZ",
        }
        | _date("start_date", ago(1)),
        error="A child in a K3 placement must be at least 16",
        unchanged=lambda a: not Episode.objects.filter(person=a.person).exists(),
    ),
    Case(
        slug="placement-move",
        setup=looked_after,
        dates={"on": T},
        shown=[
            '<option value="U6" selected>',
            '<option value="PR1" selected>',
            '<option value="C1" selected>',
            'value="no" checked',
        ],
        valid={
            "placement_type": "K2",
            "placement_provider": "PR4",
            "placement_postcode": "CD1 2EF",
            "same_carer": "no",
            "legal_status": "C1",
            "reason_place_change": "CREQB",
        }
        | _date("on", ago(10)),
        saved=lambda a: (current(a).placement_type, current(a).reason_new_episode) == ("K2", "P"),
        invalid={
            "placement_type": "K2",
            "placement_provider": "PR4",
            "placement_postcode": "CD1 2EF",
            "same_carer": "no",
            "legal_status": "C1",
        }
        | _date("on", ago(10)),
        error="Choose the reason the placement changed",
        unchanged=lambda a: Episode.objects.filter(person=a.person).count() == 1,
    ),
    Case(
        slug="legal-status",
        setup=looked_after,
        dates={"on": T},
        shown=['<option value="C1" selected>'],
        valid={"legal_status": "C2"} | _date("on", ago(10)),
        saved=lambda a: (current(a).legal_status, current(a).reason_new_episode) == ("C2", "L"),
        invalid={"legal_status": "C1"} | _date("on", ago(10)),
        error="The child is already on C1",
        unchanged=lambda a: Episode.objects.filter(person=a.person).count() == 1,
    ),
    Case(
        slug="cla-review",
        setup=reviewed,
        dates={"review_date": T},
        shown=['value="PN3" checked'],  # as the child took part last time
        valid={"participation": "PN1"} | _date("review_date", ago(1)),
        saved=lambda a: ClaReview.objects.filter(person=a.person, review_date=ago(1)).exists(),
        invalid={"participation": "PN0"} | _date("review_date", ago(1)),
        error="PN0 is only for a child under 4",
        unchanged=lambda a: ClaReview.objects.filter(person=a.person).count() == 1,
    ),
    Case(
        slug="missing",
        setup=looked_after,
        dates={"start_date": T},
        shown=['value="M" checked'],
        valid={"kind": "A"} | _date("start_date", ago(2)),
        saved=lambda a: MissingEpisode.objects.filter(
            person=a.person, kind="A", start_date=ago(2), end_date=None
        ).exists(),
        invalid={"kind": "M"} | _date("start_date", ago(300)),
        error="The child was not looked after on that date",
        unchanged=lambda a: not MissingEpisode.objects.exists(),
    ),
    Case(
        slug="missing-return",
        setup=missing,
        dates={"end_date": T},
        shown=[],
        valid={
            "return_interview_offered": "yes",
            "return_interview_accepted": "no",
        }
        | _date("end_date", ago(1)),
        saved=lambda a: MissingEpisode.objects.filter(
            person=a.person,
            end_date=ago(1),
            return_interview_offered=True,
            return_interview_accepted=False,
        ).exists(),
        invalid={"return_interview_offered": "yes"} | _date("end_date", ago(1)),
        error="Say whether the child accepted the interview",
        unchanged=lambda a: MissingEpisode.objects.get(person=a.person).end_date is None,
    ),
    Case(
        slug="cease-care",
        setup=looked_after,
        dates={"on": T},
        shown=['<option value="E4A">'],
        valid={"reason_ceased": "E4A"} | _date("on", ago(1)),
        saved=lambda a: (
            Episode.objects.filter(person=a.person, end_date=ago(1), reason_ceased="E4A").exists()
            and s.current_episode(a.person) is None
        ),
        invalid={"reason_ceased": "E17"} | _date("on", ago(1)),
        error="Reason E17 is only for a young person aged 18 or over",
        unchanged=lambda a: s.current_episode(a.person) is not None,
    ),
    Case(
        slug="adoption-decision",
        setup=lambda a: looked_after(a, "C2"),
        dates={"decision_date": T},
        shown=[],
        valid=_date("decision_date", ago(100)),
        saved=lambda a: (
            Adoption.objects.get(person=a.person).decision_date == ago(100)
            and PlacedForAdoption.objects.get(person=a.person).placed_date == ago(100)
        ),
        invalid=_date("decision_date", ago(300)),
        error="The decision is made after the child started to be looked after",
        unchanged=lambda a: (
            not Adoption.objects.exists() and not PlacedForAdoption.objects.exists()
        ),
    ),
    Case(
        slug="adoption-match",
        setup=decided,
        dates={"match_date": T},
        shown=[],
        valid=_date("match_date", ago(100)),
        saved=lambda a: Adoption.objects.get(person=a.person).match_date == ago(100),
        invalid=_date("match_date", ago(160)),
        error="The match must be on or after the decision",
        unchanged=lambda a: Adoption.objects.get(person=a.person).match_date is None,
    ),
    Case(
        slug="placed-for-adoption",
        setup=matched,
        dates={"on": T},
        shown=[
            '<option value="E1" selected>',
            '<option value="CARPL" selected>',
            '<option value="PR1" selected>',
            ">A6: Placed for adoption with placement order not with current foster carer</label>",
        ],
        valid={
            "placement_type": "A6",
            "placement_provider": "PR1",
            "placement_postcode": "EF1 2GH",
            "legal_status": "E1",
            "reason_place_change": "CARPL",
        }
        | _date("on", ago(120)),
        saved=lambda a: (current(a).placement_type, current(a).reason_new_episode) == ("A6", "P"),
        invalid={
            "placement_type": "A6",
            "placement_provider": "PR1",
            "placement_postcode": "EF1 2GH",
            "legal_status": "C2",
            "reason_place_change": "CARPL",
        }
        | _date("on", ago(120)),
        error="A child placed for adoption under a placement order is on E1",
        unchanged=lambda a: current(a).placement_type == "U6",
    ),
    Case(
        slug="adoption-order",
        setup=placed,
        dates={"order_date": T},
        shown=[],
        valid={
            "reason_ceased": "E11",
            "sex_of_adopters": "MF",
            "adopters_legal_status": "L11",
        }
        | _date("order_date", ago(10)),
        saved=lambda a: (
            Adoption.objects.get(person=a.person).adoption_order_date == ago(10)
            and Episode.objects.filter(person=a.person, reason_ceased="E11").exists()
        ),
        invalid={
            "reason_ceased": "E11",
            "sex_of_adopters": "MM",
            "adopters_legal_status": "L3",
        }
        | _date("order_date", ago(10)),
        error="does not fit who they are",
        unchanged=lambda a: (
            Adoption.objects.get(person=a.person).adoption_order_date is None
            and s.current_episode(a.person) is not None
        ),
    ),
    Case(
        slug="adoption-decision-reversed",
        setup=decided,
        dates={"on": T},
        shown=[],
        valid={"reason": "RD1"} | _date("on", ago(100)),
        saved=lambda a: PlacedForAdoption.objects.filter(
            person=a.person, ceased_date=ago(100), reason_ceased="RD1"
        ).exists(),
        invalid={"reason": "RD1"} | _date("on", ago(160)),
        error="The decision cannot be reversed before it was made",
        unchanged=lambda a: s.open_adoption_decision(a.person) is not None,
    ),
    Case(
        slug="permanence-order",
        setup=looked_after,
        dates={"made_date": T},
        shown=[],
        valid={
            "kind": "sgo",
            "carers": "Aunt and uncle",
            "kinship": "yes",
            "former_foster_carers": "yes",
        }
        | _date("made_date", ago(10)),
        saved=lambda a: (
            PermanenceOrder.objects.filter(person=a.person, kind="sgo").exists()
            and Episode.objects.filter(person=a.person, reason_ceased="E45").exists()
        ),
        invalid={"kind": "sgo", "kinship": "yes"} | _date("made_date", ago(10)),
        error="Say whether the guardians are the foster carers",
        unchanged=lambda a: (
            not PermanenceOrder.objects.exists() and s.current_episode(a.person) is not None
        ),
    ),
    Case(
        slug="care-leaver-contact",
        setup=care_leaver,
        dates={"contact_date": T},
        shown=[
            'value="YES" checked',
            '<option value="F2" selected>',
            '<option value="U1" selected>',
        ],
        valid={"in_touch": "YES", "activity": "F4", "accommodation": "U1"}
        | _date("contact_date", ago(1)),
        saved=lambda a: CareLeaverContact.objects.filter(
            person=a.person, contact_date=ago(1), activity="F4"
        ).exists(),
        invalid={"in_touch": "YES", "activity": "0", "accommodation": "U1"}
        | _date("contact_date", ago(1)),
        error="You are in touch: choose the young person",
        unchanged=lambda a: CareLeaverContact.objects.filter(person=a.person).count() == 1,
    ),
]
BY_SLUG = {c.slug: c for c in CASES}


def _open(client: Client, case: Case) -> tuple[Allocation, str]:
    allocation = AllocationFactory()
    case.setup(allocation)
    client.force_login(allocation.worker)
    return allocation, reverse("web:record-step", args=[allocation.person_id, case.slug])


def _version(html: str) -> dict[str, str]:
    """The version the page carries, as the browser would post it back."""
    found = re.search(r'name="version" value="(\d+)"', html)
    return {"version": found[1]} if found else {}


def _save(client: Client, url: str, data: dict[str, str]) -> HttpResponse:
    opened = client.get(url)
    assert opened.status_code == 200
    return client.post(url, data | _version(opened.content.decode()) | {"action": "save"})


def test_every_care_step_is_tested() -> None:
    care_steps = {k for k, v in STEPS.items() if v.tab in {"care", "permanence", "leaving_care"}}
    assert care_steps <= set(BY_SLUG)


@pytest.mark.parametrize("slug", BY_SLUG)
def test_the_form_is_prefilled(client: Client, slug: str) -> None:
    case = BY_SLUG[slug]
    allocation, url = _open(client, case)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    for text in case.shown:
        assert text in html, text
    for prefix, d in case.dates.items():
        assert _shows_date(html, prefix, d), prefix
    # an update carries the version of the record it changes (optimistic concurrency)
    step = STEPS[slug]
    target = step.target(allocation.person) if step.target else None
    assert _version(html) == ({"version": str(target.version)} if target else {})


@pytest.mark.parametrize("slug", BY_SLUG)
def test_a_valid_entry_saves_through_the_service(client: Client, slug: str) -> None:
    case = BY_SLUG[slug]
    allocation, url = _open(client, case)
    response = _save(client, url, case.valid)
    assert response.status_code == 302, response.content.decode()
    assert case.saved(allocation)
    assert "saved" in client.get(response["Location"]).content.decode()


@pytest.mark.parametrize("slug", BY_SLUG)
def test_an_invalid_entry_shows_the_error_summary_and_saves_nothing(
    client: Client, slug: str
) -> None:
    case = BY_SLUG[slug]
    allocation, url = _open(client, case)
    response = _save(client, url, case.invalid)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: " in html
    assert 'class="govuk-error-summary"' in html
    assert case.error in html
    assert case.unchanged(allocation)


def test_steps_apply_only_when_they_make_sense(client: Client) -> None:
    allocation = AllocationFactory()
    client.force_login(allocation.worker)

    def status(slug: str) -> int:
        return client.get(reverse("web:record-step", args=[allocation.person_id, slug])).status_code

    # not looked after: care can start, nothing that needs an open episode applies
    assert status("start-care") == 200
    for slug in ("placement-move", "cla-review", "cease-care", "missing", "care-leaver-contact"):
        assert status(slug) == 404, slug
    looked_after(allocation)
    assert status("start-care") == 404
    assert status("missing-return") == 404  # nobody is missing
    assert status("adoption-match") == 404  # no decision yet
    assert status("cease-care") == 200


def test_missing_answers_are_named_in_the_govuk_style(client: Client) -> None:
    _, url = _open(client, BY_SLUG["cease-care"])
    html = _save(client, url, {}).content.decode()
    assert '<a href="#id_on">Enter the date the child stopped being looked after</a>' in html
    assert '<a href="#id_reason_ceased">Select why care ended</a>' in html
    # Orders that end care are recorded with the order, on the Permanence tab.
    assert 'value="E11"' not in html and 'value="E45"' not in html


def test_care_cannot_start_in_a_temporary_or_adoption_placement(client: Client) -> None:
    _, url = _open(client, BY_SLUG["start-care"])
    html = client.get(url).content.decode()
    assert 'value="U6"' in html
    assert 'value="T1"' not in html and 'value="A5"' not in html  # rules 380, 551


def test_a_move_refused_as_stale_keeps_the_entries(client: Client) -> None:
    allocation, url = _open(client, BY_SLUG["placement-move"])
    opened = _version(client.get(url).content.decode())
    # A colleague records a change of legal status after our worker opened the page: a new
    # episode is current now, and our worker's move must not silently undo the new status.
    s.legal_status_change(
        actor=allocation.worker,
        person=allocation.person,
        expected_version=1,
        on=ago(50),
        legal_status="C2",
    )
    move = BY_SLUG["placement-move"].valid | opened | {"action": "save"}
    response = client.post(url, move)
    html = response.content.decode()
    assert response.status_code == 200
    assert "changed by someone else" in html
    assert 'value="CD1 2EF"' in html
    assert Episode.objects.filter(person=allocation.person).count() == 2


def test_the_looked_after_journey_through_the_browser(client: Client) -> None:
    """Start care, move, review, missing and back, cease care, then keep in touch at 17."""
    person = PersonFactory(date_of_birth=add_months(T, -17 * 12) - timedelta(days=200))
    allocation = AllocationFactory(person=person)
    client.force_login(allocation.worker)

    def record(slug: str, data: dict[str, str]) -> None:
        response = _save(client, reverse("web:record-step", args=[person.pk, slug]), data)
        assert response.status_code == 302, (slug, response.content.decode())

    record(
        "start-care",
        {
            "legal_status": "V2",
            "category_of_need": "N4",
            "placement_type": "U6",
            "placement_provider": "PR1",
            "placement_postcode": "AB1 2CD",
            "home_postcode": "AB3 4EF",
        }
        | _date("start_date", ago(150)),
    )
    record(
        "placement-move",
        {
            "placement_type": "K2",
            "placement_provider": "PR4",
            "placement_postcode": "CD1 2EF",
            "urn": "SC123456",
            "same_carer": "no",
            "legal_status": "C1",
            "reason_place_change": "CHILD",
        }
        | _date("on", ago(100)),
    )
    record("cla-review", {"participation": "PN1"} | _date("review_date", ago(90)))
    record("missing", {"kind": "M"} | _date("start_date", ago(60)))
    record(
        "missing-return",
        {"return_interview_offered": "yes", "return_interview_accepted": "yes"}
        | _date("end_date", ago(58)),
    )
    record("cease-care", {"reason_ceased": "E5"} | _date("on", ago(30)))
    record(
        "care-leaver-contact",
        {"in_touch": "YES", "activity": "F2", "accommodation": "D1"}
        | _date("contact_date", ago(1)),
    )

    episodes = list(Episode.objects.filter(person=person).order_by("start_date"))
    assert [(e.reason_new_episode, e.legal_status, e.placement_type) for e in episodes] == [
        ("S", "V2", "U6"),
        ("B", "C1", "K2"),  # a new carer and a care order on the same day
    ]
    assert [(e.start_date, e.end_date, e.reason_ceased) for e in episodes] == [
        (ago(150), ago(100), "X1"),
        (ago(100), ago(30), "E5"),
    ]
    assert episodes[0].reason_place_change == "CHILD" and episodes[1].urn == "SC123456"
    assert episodes[1].category_of_need == "N4" and episodes[1].home_postcode == "AB3 4EF"
    assert PeriodOfCare.objects.get(person=person).end_date == ago(30)
    review = ClaReview.objects.get(person=person)
    assert (review.review_date, review.participation, review.period_id) == (
        ago(90),
        "PN1",
        episodes[0].period_id,
    )
    away = MissingEpisode.objects.get(person=person)
    assert (away.start_date, away.end_date, away.return_interview_accepted) == (
        ago(60),
        ago(58),
        True,
    )
    contact = CareLeaverContact.objects.get(person=person)
    assert (contact.in_touch, contact.activity, contact.accommodation) == ("YES", "F2", "D1")
    # and the child's record tells the story
    page = client.get(reverse("web:child", args=[person.pk])).content.decode()
    assert "Ceased to be looked after" in page and "Care leaver contact" in page
