"""States of a child's record in which each recording step applies, built through the services a
worker's earlier saves went through, so the pages show what they show in use."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from django.utils import timezone

from opencsc.access.models import Allocation
from opencsc.care import services as care
from opencsc.care.models import CareLeaver, PathwayPlan
from opencsc.core.workingdays import add_months
from opencsc.journey import services as journey
from opencsc.journey.models import CpPlan
from opencsc.people import services as people
from opencsc.people.models import Family, Person

D = date(2025, 6, 2)  # a Monday: conferences are held on working days

State = Callable[[Allocation], None]


def ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def fresh(a: Allocation) -> None:
    """Nothing recorded yet."""


def referred(a: Allocation) -> None:
    contact = journey.contact_record(
        actor=a.worker, person=a.person, contact_date=D, source="6", outcome="referral"
    )
    journey.referral_create(
        actor=a.worker, person=a.person, referral_date=D, source="6", contact=contact
    )


def assessing(a: Allocation) -> None:
    referred(a)
    referral = a.person.referrals.get()
    journey.referral_decide(
        actor=a.worker, referral=referral, expected_version=1, decision_date=D, nfa=False
    )


def assessment_open(a: Allocation) -> None:
    assessing(a)
    journey.assessment_start(actor=a.worker, referral=a.person.referrals.get(), start_date=D)


def in_need(a: Allocation) -> None:
    """Assessed, on a child in need plan."""
    assessment_open(a)
    assessment = a.person.assessments.get()
    journey.assessment_authorise(
        actor=a.worker,
        assessment=assessment,
        expected_version=1,
        authorised_date=D + timedelta(days=20),
        factors=["3B", "4B"],
        primary_need="N4",
    )
    journey.cin_plan_start(
        actor=a.worker, referral=a.person.referrals.get(), start_date=D + timedelta(days=21)
    )


def s47_decided(a: Allocation) -> None:
    assessing(a)
    journey.strategy_discussion_record(
        actor=a.worker,
        referral=a.person.referrals.get(),
        discussion_date=D + timedelta(days=2),
        agencies="Police, school nurse",
        s47_decided=True,
    )


def s47_open(a: Allocation) -> None:
    s47_decided(a)
    journey.s47_start(
        actor=a.worker,
        strategy=a.person.strategy_discussions.get(),
        start_date=D + timedelta(days=2),
    )


def icpc_due(a: Allocation) -> None:
    s47_open(a)
    journey.s47_complete(
        actor=a.worker,
        enquiry=a.person.s47_enquiries.get(),
        expected_version=1,
        end_date=D + timedelta(days=9),
        outcome="icpc",
    )


def on_cp_plan(a: Allocation) -> None:
    icpc_due(a)
    journey.initial_conference_record(
        actor=a.worker,
        enquiry=a.person.s47_enquiries.get(),
        conference_date=D + timedelta(days=16),
        plan=True,
        category="NEG",
    )
    plan = CpPlan.objects.get(person=a.person)
    journey.review_conference_record(
        actor=a.worker,
        cp_plan=plan,
        conference_date=date(2025, 9, 10),
        continue_plan=True,
        latest_category="EMO",
    )


def fgdm_offered(a: Allocation) -> None:
    journey.fgdm_record(actor=a.worker, person=a.person, offered_date=D)


def with_network(a: Allocation) -> None:
    """A mother with parental responsibility and an aunt, in the child's family group."""
    a.person.family = Family.objects.create(local_authority_id=a.person.local_authority_id)
    a.person.save()
    people.family_member_add(
        actor=a.worker,
        person=a.person,
        given_name="Jo",
        family_name=a.person.family_name,
        kind="parent",
        date_of_birth=date(1990, 3, 27),
        parental_responsibility=True,
    )
    people.family_member_add(
        actor=a.worker, person=a.person, given_name="Bea", family_name="Stone", kind="aunt_uncle"
    )


def network_plan(a: Allocation) -> None:
    with_network(a)
    journey.family_network_plan_record(
        actor=a.worker,
        person=a.person,
        start_date=D,
        review_date=D + timedelta(days=90),
        members=list(journey.network_of(a.person)),
    )


def unlinked_sibling(a: Allocation) -> None:
    """A brother in the child's family group, on the record but not yet linked to them."""
    with_network(a)
    Person.objects.create(
        local_authority_id=a.person.local_authority_id,
        given_name="Tom",
        family_name=a.person.family_name,
        date_of_birth=date(2017, 1, 9),
        family=a.person.family,
    )


def looked_after(a: Allocation, legal_status: str = "C2") -> None:
    care.care_start(
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
    care.cla_review_record(
        actor=a.worker, person=a.person, review_date=ago(180), participation="PN1"
    )


def missing(a: Allocation) -> None:
    looked_after(a)
    care.missing_episode_record(actor=a.worker, person=a.person, kind="M", start_date=ago(2))


def adoption_decided(a: Allocation) -> None:
    looked_after(a)
    care.adoption_decision_record(actor=a.worker, person=a.person, decision_date=ago(150))


def matched(a: Allocation) -> None:
    adoption_decided(a)
    episode = care.current_episode(a.person)
    assert episode is not None
    care.legal_status_change(
        actor=a.worker,
        person=a.person,
        expected_version=episode.version,
        on=ago(140),
        legal_status="E1",
    )
    adoption = care.adoption_plan(a.person)
    assert adoption is not None
    care.adoption_match_record(
        actor=a.worker, person=a.person, expected_version=adoption.version, match_date=ago(130)
    )


def placed_for_adoption(a: Allocation) -> None:
    matched(a)
    episode = care.current_episode(a.person)
    assert episode is not None
    care.placement_change(
        actor=a.worker,
        person=a.person,
        expected_version=episode.version,
        on=ago(120),
        placement_type="A6",
        placement_provider="PR1",
        placement_postcode="EF1 2GH",
        reason_place_change="CARPL",
    )


def care_leaver(a: Allocation) -> None:
    """19, looked after from 16 until 18, with a contact and a pathway plan since."""
    a.person.date_of_birth = add_months(timezone.localdate(), -19 * 12)
    a.person.save()
    care.care_start(
        actor=a.worker,
        person=a.person,
        start_date=ago(3 * 365),
        legal_status="C2",
        category_of_need="N1",
        placement_type="U4",
        placement_provider="PR1",
        placement_postcode="AB1 2CD",
        home_postcode="AB3 4EF",
    )
    episode = care.current_episode(a.person)
    assert episode is not None
    care.care_end(
        actor=a.worker,
        person=a.person,
        expected_version=episode.version,
        on=ago(365),
        reason_ceased="E5",
    )
    care.care_leaver_contact_record(
        actor=a.worker,
        person=a.person,
        contact_date=ago(100),
        in_touch="YES",
        activity="F2",
        accommodation="U1",
    )
    CareLeaver.objects.create(person=a.person, eligibility="former_relevant")
    PathwayPlan.objects.create(person=a.person, plan_date=ago(300), review_date=ago(120))


# The state each step is checked in. A step not named here (a new one) is checked in the first
# state of STATES where it applies.
FOR_STEP: dict[str, State] = {
    "contact": referred,  # a second contact on an open case
    "referral": fresh,
    "referral-decision": referred,
    "assessment-start": assessing,
    "assessment-authorise": assessment_open,
    "cin-plan-start": assessing,
    "cin-plan-end": in_need,
    "cin-plan-review": in_need,
    "strategy-discussion": assessing,
    "s47-start": s47_decided,
    "s47-outcome": s47_open,
    "initial-conference": icpc_due,
    "review-conference": on_cp_plan,
    "cp-plan-end": on_cp_plan,
    "close-case": in_need,
    "visit": on_cp_plan,
    "fgdm": with_network,
    "fgdm-meeting": fgdm_offered,
    "family-network-plan": with_network,
    "family-network-plan-end": network_plan,
    "case-note": fresh,
    "family-member": with_network,
    "voice-of-child": fresh,
    "relationship": unlinked_sibling,
    "start-care": in_need,
    "placement-move": looked_after,
    "legal-status": looked_after,
    "cla-review": looked_after,
    "missing": looked_after,
    "missing-return": missing,
    "cease-care": looked_after,
    "adoption-decision": looked_after,
    "adoption-match": adoption_decided,
    "placed-for-adoption": matched,
    "adoption-order": placed_for_adoption,
    "adoption-decision-reversed": adoption_decided,
    "permanence-order": looked_after,
    "care-leaver-contact": care_leaver,
}
STATES: list[State] = list(dict.fromkeys(FOR_STEP.values()))
