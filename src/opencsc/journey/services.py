"""Writes for the journey from contact to a child protection plan, Family Help and the family
network.

Each service checks permission, applies the DfE rules that can be checked on one record (so errors
are prevented at entry, not found by the census in spring), saves atomically and audits. The CIN
census rule a check comes from is named beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet

from opencsc.access.models import User
from opencsc.access.permissions import require_child_access
from opencsc.core.codes import is_valid_code
from opencsc.journey.models import (
    Assessment,
    AssessmentFactor,
    CinPlan,
    CinPlanReview,
    Conference,
    ConferenceKind,
    Contact,
    CpPlan,
    FamilyGroupDecisionMeeting,
    FamilyNetworkPlan,
    Referral,
    S47Enquiry,
    S47Outcome,
    StrategyDiscussion,
    Visit,
)
from opencsc.people.models import Person, Relationship
from opencsc.people.services import (
    StaleRecordError,
    not_in_future,
    raise_if,
    record_create,
    record_update,
)


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


def _referral_open_on(errors: dict[str, str], referral: Referral, field: str, when: date) -> None:
    """Nothing happens on a referral that ended with no further action (8831, 4000, 8832) or
    after its case closed (8565)."""
    if referral.nfa:
        errors.setdefault(
            field, "This referral ended with no further action: record a new referral first"
        )
    elif referral.closure_date is not None and when > referral.closure_date:
        errors.setdefault(field, f"The case closed on {_day(referral.closure_date)}")


def _alive_on(errors: dict[str, str], person: Person, field: str, when: date) -> None:
    """Plans do not start or end after the child's death (4008, 4009Q, 8915, 8920)."""
    if person.date_of_death is not None and when > person.date_of_death:
        errors.setdefault(field, f"The child died on {_day(person.date_of_death)}")


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
    if contact is not None and contact.contact_date > referral_date:
        errors.setdefault("referral_date", "The referral cannot be before the contact it follows")
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
    # A referral with no further action has no assessment, enquiry or plan (8831).
    if nfa and (referral.assessments.exists() or referral.strategy_discussions.exists()):
        errors["nfa"] = "Work has started on this referral: close the case instead"
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


def _last_activity(referral: Referral) -> date | None:
    """The latest date recorded on the referral's assessments, enquiries, conferences and plans."""
    dates: list[date | None] = []
    for a in referral.assessments.all():
        dates += [a.start_date, a.authorised_date]
    for sd in referral.strategy_discussions.all():
        dates.append(sd.discussion_date)
    for e in referral.s47_enquiries.all():
        dates += [e.start_date, e.end_date]
    for c in referral.conferences.all():
        dates.append(c.conference_date)
    for p in referral.cp_plans.all():
        dates += [p.start_date, p.end_date]
    for cin in referral.cin_plans.all():
        dates += [cin.start_date, cin.end_date]
    known = [d for d in dates if d is not None]
    return max(known) if known else None


def referral_close(
    *, actor: User, referral: Referral, expected_version: int, closure_date: date, reason: str
) -> Referral:
    """Close the case. A child in need plan still open ends the same day: help has ended."""
    errors: dict[str, str] = {}
    not_in_future(errors, "closure_date", closure_date)
    if closure_date < referral.referral_date:
        errors["closure_date"] = "The case cannot close before the referral date"
    if not is_valid_code("reason_for_closure", reason):
        errors["closure_reason"] = "Choose the reason the case closed"
    if referral.person.cp_plans.filter(referral=referral, end_date__isnull=True).exists():
        errors["closure_date"] = "End the child protection plan before closing the case"
    last = _last_activity(referral)
    if last is not None and closure_date < last:  # 8565
        errors.setdefault(
            "closure_date", f"The case cannot close before its last activity, on {_day(last)}"
        )
    if referral.assessments.filter(authorised_date__isnull=True).exists():  # 8867
        errors[NON_FIELD_ERRORS] = "Authorise the open assessment before closing the case"
    elif referral.s47_enquiries.filter(end_date__isnull=True).exists():  # 8868
        errors[NON_FIELD_ERRORS] = "Record the section 47 outcome before closing the case"
    elif (
        referral.s47_enquiries.filter(outcome=S47Outcome.ICPC)
        .exclude(conferences__kind=ConferenceKind.INITIAL)
        .exists()
    ):  # 8868: an enquiry that decided on a conference is complete once it is held
        errors[NON_FIELD_ERRORS] = "Record the initial conference before closing the case"
    raise_if(errors)
    with transaction.atomic():
        for plan in referral.cin_plans.filter(end_date__isnull=True):
            record_update(
                actor=actor,
                person=referral.person,
                instance=plan,
                expected_version=plan.version,
                changes={"end_date": closure_date},
            )
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
    if start_date < referral.referral_date:  # 1103
        errors["start_date"] = "The assessment cannot start before the referral"
    _referral_open_on(errors, referral, "start_date", start_date)
    if referral.assessments.filter(authorised_date__isnull=True).exists():  # 8896, 8863Q
        errors.setdefault("start_date", "An assessment is still open: authorise it first")
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
    """Complete an assessment; its factors are recorded now and only now (8614, 8897Q)."""
    errors: dict[str, str] = {}
    not_in_future(errors, "authorised_date", authorised_date)
    if authorised_date < assessment.start_date:  # 8608
        errors["authorised_date"] = "The assessment cannot be authorised before it started"
    factors = list(dict.fromkeys(factors))  # each factor once (8898)
    unknown = [f for f in factors if not is_valid_code("assessment_factors", f)]
    if unknown:  # includes 18A and 19A, replaced in 2018 (8945Q, 8950Q)
        errors["factors"] = f"Unknown factor codes: {', '.join(unknown)}"
    elif not factors:
        errors["factors"] = "Choose the factors identified, or 21 if none were"
    elif "21" in factors and len(factors) > 1:  # 8869
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


def _cin_plan_clashes(person: Person, start_date: date) -> str:
    """Why an open-ended CIN plan cannot start on `start_date`, or ""."""
    if person.cin_plans.filter(end_date__isnull=True).exists():  # 4004
        return "This child already has an open child in need plan"
    later = person.cin_plans.filter(end_date__gt=start_date).order_by("-end_date").first()
    if later is not None and later.end_date is not None:  # 4014
        return f"It would overlap the child in need plan that ended on {_day(later.end_date)}"
    if person.cp_plans.filter(Q(end_date__isnull=True) | Q(end_date__gt=start_date)).exists():
        # 4001, 4016, 4017: the child protection plan ends first (step-down)
        return "The child is on a child protection plan then: end it first"
    return ""


def cin_plan_start(*, actor: User, referral: Referral, start_date: date) -> CinPlan:
    """A Family Help / child in need plan within the referral's episode."""
    person = referral.person
    require_child_access(actor, person, write=True)
    errors: dict[str, str] = {}
    not_in_future(errors, "start_date", start_date)
    if start_date < referral.referral_date:  # 4015
        errors.setdefault("start_date", "The plan cannot start before the referral")
    _referral_open_on(errors, referral, "start_date", start_date)
    _alive_on(errors, person, "start_date", start_date)
    if clash := _cin_plan_clashes(person, start_date):
        errors.setdefault("start_date", clash)
    raise_if(errors)
    return record_create(
        actor=actor,
        person=person,
        instance=CinPlan(person=person, referral=referral, start_date=start_date),
    )


def cin_plan_end(
    *, actor: User, cin_plan: CinPlan, expected_version: int, end_date: date
) -> CinPlan:
    errors: dict[str, str] = {}
    not_in_future(errors, "end_date", end_date)
    if cin_plan.end_date is not None:
        errors["end_date"] = f"This plan ended on {_day(cin_plan.end_date)}"
    elif end_date < cin_plan.start_date:  # 4011
        errors["end_date"] = "The plan cannot end before it started"
    _alive_on(errors, cin_plan.person, "end_date", end_date)
    closure = cin_plan.referral.closure_date
    if closure is not None and end_date > closure:  # 8565
        errors.setdefault("end_date", f"The case closed on {_day(closure)}")
    raise_if(errors)
    return record_update(
        actor=actor,
        person=cin_plan.person,
        instance=cin_plan,
        expected_version=expected_version,
        changes={"end_date": end_date},
    )


def cin_plan_review_record(
    *,
    actor: User,
    plan: CinPlan,
    review_date: date,
    plan_continues: bool,
    next_review_date: date | None = None,
    notes: str = "",
    expected_version: int,
) -> CinPlanReview:
    """A review of a child in need plan. A plan that does not continue ends on the review date,
    through `cin_plan_end`, so its rules and the plan's version (`expected_version`, the one the
    worker saw) are checked as when the plan is ended on its own."""
    person = plan.person
    require_child_access(actor, person, write=True)
    errors: dict[str, str] = {}
    not_in_future(errors, "review_date", review_date)
    if plan.end_date is not None:
        errors["review_date"] = f"This plan ended on {_day(plan.end_date)}"
    elif review_date < plan.start_date:
        errors["review_date"] = "The review cannot be before the plan started"
    if plan_continues and next_review_date is None:
        errors["next_review_date"] = "Enter the date of the next review"
    elif next_review_date is not None and next_review_date <= review_date:
        errors["next_review_date"] = "The next review is after this review"
    raise_if(errors)
    with transaction.atomic():
        if not plan_continues:
            try:
                cin_plan_end(
                    actor=actor,
                    cin_plan=plan,
                    expected_version=expected_version,
                    end_date=review_date,
                )
            except ValidationError as err:  # the plan's end date is the review's date
                raise ValidationError(
                    {
                        "review_date" if field == "end_date" else field: messages
                        for field, messages in err.message_dict.items()
                    }
                ) from err
        elif not CinPlan.objects.filter(pk=plan.pk, version=expected_version).exists():
            # Continuing changes nothing on the plan, but a review of a plan someone else has
            # since changed (ended, say) is refused like any other stale save.
            raise StaleRecordError(plan)
        return record_create(
            actor=actor,
            person=person,
            instance=CinPlanReview(
                person=person,
                plan=plan,
                review_date=review_date,
                plan_continues=plan_continues,
                # No next review for a plan that ended here.
                next_review_date=next_review_date if plan_continues else None,
                notes=notes,
            ),
        )


def strategy_discussion_record(
    *,
    actor: User,
    referral: Referral,
    discussion_date: date,
    agencies: str = "",
    s47_decided: bool = True,
) -> StrategyDiscussion:
    require_child_access(actor, referral.person, write=True)
    errors: dict[str, str] = {}
    not_in_future(errors, "discussion_date", discussion_date)
    if discussion_date < referral.referral_date:
        errors["discussion_date"] = "The strategy discussion cannot be before the referral"
    _referral_open_on(errors, referral, "discussion_date", discussion_date)
    raise_if(errors)
    return record_create(
        actor=actor,
        person=referral.person,
        instance=StrategyDiscussion(
            person=referral.person,
            referral=referral,
            discussion_date=discussion_date,
            agencies=agencies,
            s47_decided=s47_decided,
        ),
    )


def s47_start(*, actor: User, strategy: StrategyDiscussion, start_date: date) -> S47Enquiry:
    from opencsc.core.workingdays import add_working_days

    require_child_access(actor, strategy.person, write=True)
    errors: dict[str, str] = {}
    not_in_future(errors, "start_date", start_date)
    if start_date < strategy.discussion_date:  # and so not before the referral (2889)
        errors["start_date"] = "A section 47 enquiry starts on or after its strategy discussion"
    _referral_open_on(errors, strategy.referral, "start_date", start_date)
    if strategy.person.s47_enquiries.filter(end_date__isnull=True).exists():  # 8890, 8839
        errors.setdefault("start_date", "A section 47 enquiry is still open: record its outcome")
    if not strategy.s47_decided:
        errors[NON_FIELD_ERRORS] = "The strategy discussion did not decide on an enquiry"
    elif strategy.s47_enquiries.exists():
        errors[NON_FIELD_ERRORS] = "This strategy discussion's enquiry is already recorded"
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
    """An initial conference; when it decides on a plan, the plan starts the same day (2885) and
    an open child in need plan ends that day, since the two never run together (4017)."""
    person = enquiry.person
    require_child_access(actor, person, write=True)
    errors: dict[str, str] = {}
    not_in_future(errors, "conference_date", conference_date)
    if enquiry.outcome != S47Outcome.ICPC:
        errors["conference_date"] = "Only an enquiry whose outcome is a conference leads to one"
    if conference_date < enquiry.strategy_discussion.discussion_date:
        errors["conference_date"] = "The conference cannot be before the strategy discussion"
    elif conference_date < enquiry.start_date:  # 8615
        errors["conference_date"] = "The conference cannot be before the enquiry started"
    if conference_date.weekday() >= 5:  # 8875
        errors.setdefault("conference_date", "An initial conference is not held at a weekend")
    _referral_open_on(errors, enquiry.referral, "conference_date", conference_date)
    if enquiry.conferences.filter(kind=ConferenceKind.INITIAL).exists():  # 2884
        errors[NON_FIELD_ERRORS] = "This enquiry's initial conference is already recorded"
    cin_plan = person.cin_plans.filter(end_date__isnull=True).first()
    if plan:
        if not is_valid_code("category_of_abuse", category):  # 8905
            errors["category"] = "Choose the category of abuse for the plan"
        clash = person.cp_plans.filter(Q(end_date__isnull=True) | Q(end_date__gt=conference_date))
        if clash.exists():  # 8935, 8940
            errors.setdefault("conference_date", "The child is already on a child protection plan")
        if person.cin_plans.filter(end_date__gt=conference_date).exists() or (
            cin_plan is not None and cin_plan.start_date > conference_date
        ):  # 4017
            errors.setdefault(
                "conference_date", "A child in need plan runs after this date: correct it first"
            )
    raise_if(errors)
    with transaction.atomic():
        cp_plan = None
        if plan:
            if cin_plan is not None:
                record_update(
                    actor=actor,
                    person=person,
                    instance=cin_plan,
                    expected_version=cin_plan.version,
                    changes={"end_date": conference_date},
                )
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
    cin_plan: bool = False,
    expected_version: int | None = None,
) -> Conference:
    """A review conference. Ending the plan ends it on the conference date; with `cin_plan` the
    child steps down to a child in need plan starting that day. `expected_version` is the plan's
    version the chair saw (the plan's current version if not given)."""
    person = cp_plan.person
    require_child_access(actor, person, write=True)
    errors: dict[str, str] = {}
    not_in_future(errors, "conference_date", conference_date)
    if cp_plan.end_date is not None:
        errors["conference_date"] = "This plan has ended"
    elif conference_date <= cp_plan.start_date:  # 8841
        errors["conference_date"] = "A review is after the plan started"
    _alive_on(errors, person, "conference_date", conference_date)
    if latest_category and not is_valid_code("category_of_abuse", latest_category):  # 8910
        errors["latest_category"] = "Choose a category of abuse"
    if continue_plan and cin_plan:
        errors["cin_plan"] = "A child in need plan follows only a plan that ends"
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
        if changes or expected_version is not None:
            record_update(
                actor=actor,
                person=person,
                instance=cp_plan,
                expected_version=cp_plan.version if expected_version is None else expected_version,
                changes=changes,
            )
        if cin_plan:
            cin_plan_start(actor=actor, referral=cp_plan.referral, start_date=conference_date)
    return conference


def cp_plan_end(
    *, actor: User, cp_plan: CpPlan, expected_version: int, end_date: date, cin_plan: bool = False
) -> CpPlan:
    """End a child protection plan outside a review conference (the child moved away, became
    looked after…); with `cin_plan` help steps down to a child in need plan from that day."""
    errors: dict[str, str] = {}
    not_in_future(errors, "end_date", end_date)
    if cp_plan.end_date is not None:
        errors["end_date"] = f"This plan ended on {_day(cp_plan.end_date)}"
    elif end_date <= cp_plan.start_date:  # 8840, 8925
        errors["end_date"] = "The plan must end after the day it started"
    _alive_on(errors, cp_plan.person, "end_date", end_date)
    raise_if(errors)
    with transaction.atomic():
        ended = record_update(
            actor=actor,
            person=cp_plan.person,
            instance=cp_plan,
            expected_version=expected_version,
            changes={"end_date": end_date},
        )
        if cin_plan:
            cin_plan_start(actor=actor, referral=cp_plan.referral, start_date=end_date)
    return ended


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


# --- The family network ----------------------------------------------------------------------


def _fgdm_errors(
    offered_date: date, meeting_date: date | None, facilitated: bool, outcome: str
) -> dict[str, str]:
    errors: dict[str, str] = {}
    not_in_future(errors, "offered_date", offered_date)
    not_in_future(errors, "meeting_date", meeting_date)
    if meeting_date is not None and meeting_date < offered_date:
        errors.setdefault("meeting_date", "The meeting cannot be before it was offered")
    if meeting_date is None and (facilitated or outcome.strip()):
        errors["meeting_date"] = "Enter the date of the meeting, or leave its outcome until then"
    return errors


def fgdm_record(
    *,
    actor: User,
    person: Person,
    offered_date: date,
    meeting_date: date | None = None,
    facilitated: bool = False,
    outcome: str = "",
) -> FamilyGroupDecisionMeeting:
    """A family group decision meeting offered to the family, and held if `meeting_date`."""
    require_child_access(actor, person, write=True)
    raise_if(_fgdm_errors(offered_date, meeting_date, facilitated, outcome))
    return record_create(
        actor=actor,
        person=person,
        instance=FamilyGroupDecisionMeeting(
            person=person,
            offered_date=offered_date,
            meeting_date=meeting_date,
            facilitated=facilitated,
            outcome=outcome,
        ),
    )


def fgdm_update(
    *,
    actor: User,
    meeting: FamilyGroupDecisionMeeting,
    expected_version: int,
    meeting_date: date,
    facilitated: bool,
    outcome: str = "",
) -> FamilyGroupDecisionMeeting:
    """The meeting, once held: its date, whether it was facilitated, what the family decided."""
    errors = _fgdm_errors(meeting.offered_date, meeting_date, facilitated, outcome)
    raise_if(errors)
    return record_update(
        actor=actor,
        person=meeting.person,
        instance=meeting,
        expected_version=expected_version,
        changes={"meeting_date": meeting_date, "facilitated": facilitated, "outcome": outcome},
    )


def network_of(person: Person) -> QuerySet[Person]:
    """The people in a child's current family and network, whichever way round it is recorded."""
    current = Relationship.objects.filter(end_date__isnull=True)
    return (
        Person.objects.filter(
            Q(pk__in=current.filter(other_person=person).values("person"))
            | Q(pk__in=current.filter(person=person).values("other_person"))
        )
        .exclude(pk=person.pk)
        .order_by("family_name", "given_name")
    )


def family_network_plan_record(
    *,
    actor: User,
    person: Person,
    start_date: date,
    review_date: date | None = None,
    members: Iterable[Person] = (),
) -> FamilyNetworkPlan:
    """A Family Network Plan, naming the people in the child's network who make it."""
    require_child_access(actor, person, write=True)
    members = list(members)
    errors: dict[str, str] = {}
    not_in_future(errors, "start_date", start_date)
    if person.family_network_plans.filter(end_date__isnull=True).exists():
        errors["start_date"] = "This child has a Family Network Plan already: end it first"
    if review_date is not None and review_date <= start_date:
        errors["review_date"] = "The review is after the plan starts"
    network = set(network_of(person).values_list("pk", flat=True))
    if any(m.pk not in network for m in members):
        errors["members"] = "Choose people recorded in the child's family and network"
    raise_if(errors)
    with transaction.atomic():
        plan = record_create(
            actor=actor,
            person=person,
            instance=FamilyNetworkPlan(
                person=person, start_date=start_date, review_date=review_date
            ),
        )
        plan.network_members.set(members)
    return plan


def family_network_plan_end(
    *, actor: User, plan: FamilyNetworkPlan, expected_version: int, end_date: date
) -> FamilyNetworkPlan:
    errors: dict[str, str] = {}
    not_in_future(errors, "end_date", end_date)
    if plan.end_date is not None:
        errors["end_date"] = f"This plan ended on {_day(plan.end_date)}"
    elif end_date < plan.start_date:
        errors["end_date"] = "The plan cannot end before it started"
    raise_if(errors)
    return record_update(
        actor=actor,
        person=plan.person,
        instance=plan,
        expected_version=expected_version,
        changes={"end_date": end_date},
    )
