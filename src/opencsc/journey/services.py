"""Writes for the journey from contact to a child protection plan.

Each service checks permission, applies the DfE rules that can be checked on one record (so errors
are prevented at entry, not found by the census in spring), saves atomically and audits.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction

from opencsc.access.models import User
from opencsc.access.permissions import require_child_access
from opencsc.core.codes import is_valid_code
from opencsc.journey.models import (
    Assessment,
    AssessmentFactor,
    Conference,
    ConferenceKind,
    Contact,
    CpPlan,
    Referral,
    S47Enquiry,
    S47Outcome,
    StrategyDiscussion,
    Visit,
)
from opencsc.people.models import Person
from opencsc.people.services import not_in_future, raise_if, record_create, record_update


def contact_record(
    *, actor: User, person: Person, contact_date: date, source: str, outcome: str, notes: str = ""
) -> Contact:
    require_child_access(actor, person, write=True)
    errors: dict[str, str] = {}
    not_in_future(errors, "contact_date", contact_date)
    raise_if(errors)
    return record_create(
        actor=actor,
        person=person,
        instance=Contact(
            person=person, contact_date=contact_date, source=source, outcome=outcome, notes=notes
        ),
    )


def referral_create(
    *, actor: User, person: Person, referral_date: date, source: str, contact: Contact | None = None
) -> Referral:
    require_child_access(actor, person, write=True)
    errors: dict[str, str] = {}
    not_in_future(errors, "referral_date", referral_date)
    if person.date_of_birth and referral_date < person.date_of_birth:
        errors["referral_date"] = "The referral cannot be before the child's date of birth"
    if person.referrals.filter(closure_date__isnull=True).exists():
        errors["referral_date"] = "This child already has an open referral; close it first"
    raise_if(errors)
    return record_create(
        actor=actor,
        person=person,
        instance=Referral(
            person=person, referral_date=referral_date, source=source, contact=contact
        ),
    )


def referral_decide(
    *, actor: User, referral: Referral, expected_version: int, decision_date: date, nfa: bool
) -> Referral:
    errors: dict[str, str] = {}
    not_in_future(errors, "decision_date", decision_date)
    if decision_date < referral.referral_date:
        errors["decision_date"] = "The decision cannot be before the referral"
    raise_if(errors)
    changes: dict[str, object] = {"decision_date": decision_date, "nfa": nfa}
    if nfa:
        changes |= {"closure_date": decision_date, "closure_reason": "RC8", "primary_need": "N9"}
    return record_update(
        actor=actor,
        person=referral.person,
        instance=referral,
        expected_version=expected_version,
        changes=changes,
    )


def referral_close(
    *, actor: User, referral: Referral, expected_version: int, closure_date: date, reason: str
) -> Referral:
    errors: dict[str, str] = {}
    not_in_future(errors, "closure_date", closure_date)
    if closure_date < referral.referral_date:
        errors["closure_date"] = "The case cannot close before the referral date"
    if not is_valid_code("reason_for_closure", reason):
        errors["closure_reason"] = "Choose the reason the case closed"
    if referral.person.cp_plans.filter(referral=referral, end_date__isnull=True).exists():
        errors["closure_date"] = "End the child protection plan before closing the case"
    raise_if(errors)
    return record_update(
        actor=actor,
        person=referral.person,
        instance=referral,
        expected_version=expected_version,
        changes={"closure_date": closure_date, "closure_reason": reason},
    )


def assessment_start(*, actor: User, referral: Referral, start_date: date) -> Assessment:
    require_child_access(actor, referral.person, write=True)
    errors: dict[str, str] = {}
    not_in_future(errors, "start_date", start_date)
    if start_date < referral.referral_date:
        errors["start_date"] = "The assessment cannot start before the referral"
    raise_if(errors)
    return record_create(
        actor=actor,
        person=referral.person,
        instance=Assessment(person=referral.person, referral=referral, start_date=start_date),
    )


def assessment_authorise(
    *,
    actor: User,
    assessment: Assessment,
    expected_version: int,
    authorised_date: date,
    factors: list[str],
    primary_need: str,
) -> Assessment:
    errors: dict[str, str] = {}
    not_in_future(errors, "authorised_date", authorised_date)
    if authorised_date < assessment.start_date:
        errors["authorised_date"] = "The assessment cannot be authorised before it started"
    unknown = [f for f in factors if not is_valid_code("assessment_factors", f)]
    if unknown:
        errors["factors"] = f"Unknown factor codes: {', '.join(unknown)}"
    elif not factors:
        errors["factors"] = "Choose the factors identified, or 21 if none were"
    elif "21" in factors and len(factors) > 1:
        errors["factors"] = "'No factors identified' (21) cannot be chosen with other factors"
    if not is_valid_code("primary_need", primary_need):
        errors["primary_need"] = "Choose the child's primary need"
    raise_if(errors)
    with transaction.atomic():
        updated = record_update(
            actor=actor,
            person=assessment.person,
            instance=assessment,
            expected_version=expected_version,
            changes={"authorised_date": authorised_date},
        )
        AssessmentFactor.objects.filter(assessment=assessment).delete()
        AssessmentFactor.objects.bulk_create(
            AssessmentFactor(assessment=assessment, code=f) for f in factors
        )
        referral = assessment.referral
        referral.primary_need = primary_need
        referral.save(update_fields=["primary_need"])
    return updated


def strategy_discussion_record(
    *, actor: User, referral: Referral, discussion_date: date, agencies: str = ""
) -> StrategyDiscussion:
    require_child_access(actor, referral.person, write=True)
    errors: dict[str, str] = {}
    not_in_future(errors, "discussion_date", discussion_date)
    if discussion_date < referral.referral_date:
        errors["discussion_date"] = "The strategy discussion cannot be before the referral"
    raise_if(errors)
    return record_create(
        actor=actor,
        person=referral.person,
        instance=StrategyDiscussion(
            person=referral.person,
            referral=referral,
            discussion_date=discussion_date,
            agencies=agencies,
        ),
    )


def s47_start(*, actor: User, strategy: StrategyDiscussion, start_date: date) -> S47Enquiry:
    from opencsc.core.workingdays import add_working_days

    require_child_access(actor, strategy.person, write=True)
    errors: dict[str, str] = {}
    not_in_future(errors, "start_date", start_date)
    if start_date < strategy.discussion_date:
        errors["start_date"] = "A section 47 enquiry starts on or after its strategy discussion"
    raise_if(errors)
    return record_create(
        actor=actor,
        person=strategy.person,
        instance=S47Enquiry(
            person=strategy.person,
            referral=strategy.referral,
            strategy_discussion=strategy,
            start_date=start_date,
            icpc_target_date=add_working_days(strategy.discussion_date, 15),
        ),
    )


def s47_complete(
    *, actor: User, enquiry: S47Enquiry, expected_version: int, end_date: date, outcome: str
) -> S47Enquiry:
    errors: dict[str, str] = {}
    not_in_future(errors, "end_date", end_date)
    if end_date < enquiry.start_date:
        errors["end_date"] = "The enquiry cannot end before it started"
    if outcome not in S47Outcome.values:
        errors["outcome"] = "Choose the outcome of the enquiry"
    raise_if(errors)
    return record_update(
        actor=actor,
        person=enquiry.person,
        instance=enquiry,
        expected_version=expected_version,
        changes={"end_date": end_date, "outcome": outcome},
    )


def initial_conference_record(
    *, actor: User, enquiry: S47Enquiry, conference_date: date, plan: bool, category: str = ""
) -> Conference:
    """An initial conference; when it decides on a plan, the plan starts the same day."""
    person = enquiry.person
    require_child_access(actor, person, write=True)
    errors: dict[str, str] = {}
    not_in_future(errors, "conference_date", conference_date)
    if enquiry.outcome != S47Outcome.ICPC:
        errors["conference_date"] = "Only an enquiry whose outcome is a conference leads to one"
    if conference_date < enquiry.strategy_discussion.discussion_date:
        errors["conference_date"] = "The conference cannot be before the strategy discussion"
    if plan and not is_valid_code("category_of_abuse", category):
        errors["category"] = "Choose the category of abuse for the plan"
    raise_if(errors)
    with transaction.atomic():
        cp_plan = None
        if plan:
            cp_plan = record_create(
                actor=actor,
                person=person,
                instance=CpPlan(
                    person=person,
                    referral=enquiry.referral,
                    start_date=conference_date,
                    initial_category=category,
                    latest_category=category,
                ),
            )
        return record_create(
            actor=actor,
            person=person,
            instance=Conference(
                person=person,
                referral=enquiry.referral,
                kind=ConferenceKind.INITIAL,
                s47_enquiry=enquiry,
                cp_plan=cp_plan,
                conference_date=conference_date,
                outcome="plan" if plan else "no_plan",
                chair=actor,
            ),
        )


def review_conference_record(
    *,
    actor: User,
    cp_plan: CpPlan,
    conference_date: date,
    continue_plan: bool,
    latest_category: str | None = None,
) -> Conference:
    person = cp_plan.person
    require_child_access(actor, person, write=True)
    errors: dict[str, str] = {}
    not_in_future(errors, "conference_date", conference_date)
    if cp_plan.end_date is not None:
        errors["conference_date"] = "This plan has ended"
    elif conference_date <= cp_plan.start_date:
        errors["conference_date"] = "A review is after the plan started"
    if latest_category and not is_valid_code("category_of_abuse", latest_category):
        errors["latest_category"] = "Choose a category of abuse"
    raise_if(errors)
    with transaction.atomic():
        conference = record_create(
            actor=actor,
            person=person,
            instance=Conference(
                person=person,
                referral=cp_plan.referral,
                kind=ConferenceKind.REVIEW,
                cp_plan=cp_plan,
                conference_date=conference_date,
                outcome="continue" if continue_plan else "end",
                chair=actor,
            ),
        )
        changes: dict[str, object] = {}
        if latest_category:
            changes["latest_category"] = latest_category
        if not continue_plan:
            changes["end_date"] = conference_date
        if changes:
            record_update(
                actor=actor,
                person=person,
                instance=cp_plan,
                expected_version=cp_plan.version,
                changes=changes,
            )
    return conference


def visit_record(
    *,
    actor: User,
    person: Person,
    kind: str,
    visit_date: date,
    seen: bool,
    seen_alone: bool,
    note: str = "",
) -> Visit:
    require_child_access(actor, person, write=True)
    errors: dict[str, str] = {}
    not_in_future(errors, "visit_date", visit_date)
    if seen_alone and not seen:
        errors["seen_alone"] = "A child seen alone was seen: tick 'seen' too"
    if person.date_of_birth and visit_date < person.date_of_birth:
        errors["visit_date"] = "The visit cannot be before the child's date of birth"
    raise_if(errors)
    return record_create(
        actor=actor,
        person=person,
        instance=Visit(
            person=person,
            kind=kind,
            visit_date=visit_date,
            seen=seen,
            seen_alone=seen_alone,
            note=note,
            worker=actor,
        ),
    )
