"""Steps from the front door to child protection and Family Help.

contact → referral → decision → assessment (start, authorisation with factors) → child in need
plan → strategy discussion → section 47 (start, outcome) → initial conference and the plan it
starts → review conferences → end of the plan (step-down) → closure; visits throughout; family
group decision meetings and Family Network Plans beside them.

Each step applies only when the record says it makes sense (an enquiry needs a strategy discussion
that decided on one; a review needs an open plan), so the child page offers the next steps and
nothing else. The services hold the rules; the forms only ask.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from opencsc.access.models import User
from opencsc.core.codes import choices
from opencsc.core.workingdays import add_months
from opencsc.journey import services
from opencsc.journey.models import (
    Assessment,
    CinPlan,
    ConferenceKind,
    Contact,
    CpPlan,
    FamilyGroupDecisionMeeting,
    FamilyNetworkPlan,
    Referral,
    S47Enquiry,
    S47Outcome,
    StrategyDiscussion,
    VisitKind,
)
from opencsc.people.models import Person
from opencsc.web.forms import DateField, choice_field, yes_no
from opencsc.web.steps import Step, lookup, register

# --- What is open on the child's record: the steps' conditions and targets -------------------


@lookup
def open_referral(person: Person) -> Referral | None:
    return person.referrals.filter(closure_date__isnull=True).order_by("-referral_date").first()


@lookup
def _assessing(person: Person) -> Referral | None:
    """The open referral, once the decision is to assess the child's needs."""
    r = open_referral(person)
    return r if r is not None and r.decision_date is not None and not r.nfa else None


@lookup
def _open_assessment(person: Person) -> Assessment | None:
    return (
        person.assessments.filter(authorised_date__isnull=True, referral__closure_date__isnull=True)
        .order_by("-start_date")
        .first()
    )


@lookup
def _open_cin_plan(person: Person) -> CinPlan | None:
    return person.cin_plans.filter(end_date__isnull=True).order_by("-start_date").first()


@lookup
def _open_cp_plan(person: Person) -> CpPlan | None:
    return person.cp_plans.filter(end_date__isnull=True).order_by("-start_date").first()


@lookup
def _open_s47(person: Person) -> S47Enquiry | None:
    return person.s47_enquiries.filter(end_date__isnull=True).order_by("-start_date").first()


@lookup
def _awaiting_s47(person: Person) -> StrategyDiscussion | None:
    """A strategy discussion on the open referral that decided on an enquiry not yet started."""
    return (
        person.strategy_discussions.filter(
            s47_decided=True, s47_enquiries__isnull=True, referral__closure_date__isnull=True
        )
        .order_by("-discussion_date")
        .first()
    )


@lookup
def _awaiting_icpc(person: Person) -> S47Enquiry | None:
    return (
        person.s47_enquiries.filter(outcome=S47Outcome.ICPC, referral__closure_date__isnull=True)
        .exclude(conferences__kind=ConferenceKind.INITIAL)
        .order_by("-start_date")
        .first()
    )


@lookup
def _fgdm_not_held(person: Person) -> FamilyGroupDecisionMeeting | None:
    return person.fgdms.filter(meeting_date__isnull=True).order_by("-offered_date").first()


@lookup
def _open_network_plan(person: Person) -> FamilyNetworkPlan | None:
    return person.family_network_plans.filter(end_date__isnull=True).order_by("-start_date").first()


def _required(target: Any) -> Any:
    assert target is not None  # the step's `applies` guarantees it
    return target


# --- Contact and referral ----------------------------------------------------------------------


class ContactForm(forms.Form):
    contact_date = DateField(label="Date of contact")
    source = choice_field(choices("referral_source"), label="Who made contact")
    outcome = choice_field(choices("contact_outcome"), label="Decision", radios=True)
    notes = forms.CharField(label="What was said", required=False, widget=forms.Textarea)


def _contact_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.contact_record(actor=actor, person=person, **data)


register(
    Step(
        slug="contact",
        title="Record a contact",
        tab="overview",
        form=ContactForm,
        save=_contact_save,
        initial=lambda person, today: {"contact_date": today},
    )
)


def _contact_to_refer(person: Person) -> Contact | None:
    """The latest contact that decided on a referral and has none yet."""
    return (
        person.contacts.filter(outcome="referral", referral__isnull=True)
        .order_by("-contact_date", "-pk")
        .first()
    )


class ReferralForm(forms.Form):
    referral_date = DateField(label="Date of referral")
    source = choice_field(choices("referral_source"), label="Source of referral")


def _referral_initial(person: Person, today: date) -> dict[str, Any]:
    contact = _contact_to_refer(person)
    if contact is None:
        return {"referral_date": today}
    return {"referral_date": contact.contact_date, "source": contact.source}


def _referral_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    contact = _contact_to_refer(person)
    if contact is not None and contact.contact_date > data["referral_date"]:
        contact = None  # an earlier referral than this contact: it does not follow from it
    return services.referral_create(actor=actor, person=person, contact=contact, **data)


register(
    Step(
        slug="referral",
        title="Record a referral",
        tab="overview",
        form=ReferralForm,
        save=_referral_save,
        initial=_referral_initial,
        applies=lambda person: open_referral(person) is None,
        hint="The date and source are those of the contact that led to it, if there was one.",
    )
)


class ReferralDecisionForm(forms.Form):
    decision_date = DateField(label="Date of decision")
    nfa = forms.TypedChoiceField(
        label="Decision",
        choices=[("no", "Assess the child's needs"), ("yes", "No further action")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
    )


def _decide_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.referral_decide(
        actor=actor,
        referral=_required(open_referral(person)),
        expected_version=data.pop("version"),
        **data,
    )


register(
    Step(
        slug="referral-decision",
        title="Record the referral decision",
        tab="overview",
        form=ReferralDecisionForm,
        save=_decide_save,
        initial=lambda person, today: {"decision_date": today},
        applies=lambda person: bool(
            (r := open_referral(person)) is not None and r.decision_date is None
        ),
        target=open_referral,
        hint="No further action closes the case on the date of the decision.",
    )
)


# --- Assessment --------------------------------------------------------------------------------


class AssessmentStartForm(forms.Form):
    start_date = DateField(label="Date the assessment started")


def _assessment_start_initial(person: Person, today: date) -> dict[str, Any]:
    referral = _assessing(person)
    # The first assessment usually starts on the day the referral was accepted.
    if referral is not None and referral.decision_date and not referral.assessments.exists():
        return {"start_date": referral.decision_date}
    return {"start_date": today}


def _assessment_start_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.assessment_start(actor=actor, referral=_required(_assessing(person)), **data)


register(
    Step(
        slug="assessment-start",
        title="Start an assessment",
        tab="family_help",
        form=AssessmentStartForm,
        save=_assessment_start_save,
        initial=_assessment_start_initial,
        applies=lambda person: _assessing(person) is not None and _open_assessment(person) is None,
    )
)


class AssessmentAuthoriseForm(forms.Form):
    authorised_date = DateField(label="Date the assessment was authorised")
    factors = forms.MultipleChoiceField(
        label="Factors identified at assessment",
        choices=choices("assessment_factors"),
        widget=forms.CheckboxSelectMultiple,
        help_text="Select all that apply, or only 21 if no factors were identified.",
        error_messages={"required": "Choose the factors identified, or 21 if none were"},
    )
    primary_need = choice_field(choices("primary_need"), label="The child's primary need")


def _assessment_authorise_initial(person: Person, today: date) -> dict[str, Any]:
    initial: dict[str, Any] = {"authorised_date": today}
    assessment = _open_assessment(person)
    if assessment is not None and assessment.referral.primary_need:
        initial["primary_need"] = assessment.referral.primary_need
    # A re-assessment starts from what the last one found.
    last = (
        person.assessments.filter(authorised_date__isnull=False)
        .order_by("-authorised_date")
        .first()
    )
    if last is not None:
        initial["factors"] = list(last.factors.values_list("code", flat=True))
    return initial


def _assessment_authorise_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.assessment_authorise(
        actor=actor,
        assessment=_required(_open_assessment(person)),
        expected_version=data.pop("version"),
        **data,
    )


register(
    Step(
        slug="assessment-authorise",
        title="Authorise the assessment",
        tab="family_help",
        form=AssessmentAuthoriseForm,
        save=_assessment_authorise_save,
        initial=_assessment_authorise_initial,
        applies=lambda person: _open_assessment(person) is not None,
        target=_open_assessment,
    )
)


# --- Family Help / child in need plan ----------------------------------------------------------


class CinPlanStartForm(forms.Form):
    start_date = DateField(label="Date the plan started")


def _cin_plan_start_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.cin_plan_start(actor=actor, referral=_required(_assessing(person)), **data)


register(
    Step(
        slug="cin-plan-start",
        title="Start a child in need plan",
        tab="family_help",
        form=CinPlanStartForm,
        save=_cin_plan_start_save,
        initial=lambda person, today: {"start_date": today},
        applies=lambda person: (
            _assessing(person) is not None
            and _open_cin_plan(person) is None
            and _open_cp_plan(person) is None
        ),
        hint="A Family Help plan for a child in need.",
    )
)


class CinPlanEndForm(forms.Form):
    end_date = DateField(label="Date the plan ended")


def _cin_plan_end_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.cin_plan_end(
        actor=actor,
        cin_plan=_required(_open_cin_plan(person)),
        expected_version=data.pop("version"),
        **data,
    )


register(
    Step(
        slug="cin-plan-end",
        title="End the child in need plan",
        tab="family_help",
        form=CinPlanEndForm,
        save=_cin_plan_end_save,
        initial=lambda person, today: {"end_date": today},
        applies=lambda person: _open_cin_plan(person) is not None,
        target=_open_cin_plan,
    )
)


class CinPlanReviewForm(forms.Form):
    review_date = DateField(label="Date of the review")
    plan_continues = yes_no(label="Does the plan continue?")
    next_review_date = DateField(
        label="Date of the next review",
        required=False,
        help_text="Leave blank if the plan ends at this review",
    )
    notes = forms.CharField(label="What the review found", required=False, widget=forms.Textarea)


def _cin_plan_review_initial(person: Person, today: date) -> dict[str, Any]:
    # Three months is a common local standard for reviewing a child in need plan; there is no
    # statutory timescale, so this is only a pre-fill the worker changes.
    return {"review_date": today, "plan_continues": True, "next_review_date": add_months(today, 3)}


def _cin_plan_review_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.cin_plan_review_record(
        actor=actor,
        plan=_required(_open_cin_plan(person)),
        expected_version=data.pop("version"),
        **data,
    )


register(
    Step(
        slug="cin-plan-review",
        title="Record a child in need plan review",
        tab="family_help",
        form=CinPlanReviewForm,
        save=_cin_plan_review_save,
        initial=_cin_plan_review_initial,
        applies=lambda person: _open_cin_plan(person) is not None,
        target=_open_cin_plan,
        hint="A plan that does not continue ends on the day of the review.",
    )
)


# --- Strategy discussion and section 47 --------------------------------------------------------


class StrategyDiscussionForm(forms.Form):
    discussion_date = DateField(label="Date of the strategy discussion")
    agencies = forms.CharField(
        label="Agencies taking part",
        required=False,
        max_length=300,
        help_text="For example, police, health visitor, school",
    )
    s47_decided = yes_no(label="Was a section 47 enquiry decided?")


def _strategy_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    referral = _required(open_referral(person))
    return services.strategy_discussion_record(actor=actor, referral=referral, **data)


register(
    Step(
        slug="strategy-discussion",
        title="Record a strategy discussion",
        tab="child_protection",
        form=StrategyDiscussionForm,
        save=_strategy_save,
        initial=lambda person, today: {"discussion_date": today},
        applies=lambda person: bool((r := open_referral(person)) is not None and not r.nfa),
    )
)


class S47StartForm(forms.Form):
    start_date = DateField(label="Date the section 47 enquiry started")


def _s47_start_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.s47_start(actor=actor, strategy=_required(_awaiting_s47(person)), **data)


def _s47_start_initial(person: Person, today: date) -> dict[str, Any]:
    strategy = _awaiting_s47(person)
    return {"start_date": strategy.discussion_date if strategy else today}


register(
    Step(
        slug="s47-start",
        title="Start a section 47 enquiry",
        tab="child_protection",
        form=S47StartForm,
        save=_s47_start_save,
        initial=_s47_start_initial,
        applies=lambda person: _awaiting_s47(person) is not None and _open_s47(person) is None,
        hint="The initial conference is due within 15 working days of the strategy discussion.",
    )
)


class S47OutcomeForm(forms.Form):
    end_date = DateField(label="Date the enquiry was completed")
    outcome = choice_field(list(S47Outcome.choices), label="Outcome", radios=True)


def _s47_outcome_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.s47_complete(
        actor=actor,
        enquiry=_required(_open_s47(person)),
        expected_version=data.pop("version"),
        **data,
    )


register(
    Step(
        slug="s47-outcome",
        title="Record the section 47 outcome",
        tab="child_protection",
        form=S47OutcomeForm,
        save=_s47_outcome_save,
        initial=lambda person, today: {"end_date": today},
        applies=lambda person: _open_s47(person) is not None,
        target=_open_s47,
    )
)


# --- Conferences and the child protection plan -------------------------------------------------


class InitialConferenceForm(forms.Form):
    conference_date = DateField(label="Date of the conference")
    plan = yes_no(label="Did the conference decide on a child protection plan?")
    category = choice_field(
        choices("category_of_abuse"), label="Category of abuse (if there is a plan)", required=False
    )


def _icpc_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.initial_conference_record(
        actor=actor, enquiry=_required(_awaiting_icpc(person)), **data
    )


register(
    Step(
        slug="initial-conference",
        title="Record the initial child protection conference",
        tab="child_protection",
        form=InitialConferenceForm,
        save=_icpc_save,
        initial=lambda person, today: {"conference_date": today},
        applies=lambda person: _awaiting_icpc(person) is not None,
        hint=(
            "A child protection plan starts on the day of the conference. "
            "A child in need plan ends that day: the two never run together."
        ),
    )
)

REVIEW_DECISIONS = [
    ("continue", "Continue the plan"),
    ("step_down", "End the plan and step down to a child in need plan"),
    ("end", "End the plan, with no plan after it"),
]


class ReviewConferenceForm(forms.Form):
    conference_date = DateField(label="Date of the review conference")
    decision = choice_field(REVIEW_DECISIONS, label="Decision", radios=True)
    latest_category = choice_field(choices("category_of_abuse"), label="Category of abuse")


def _review_initial(person: Person, today: date) -> dict[str, Any]:
    plan = _open_cp_plan(person)
    return {"conference_date": today, "latest_category": plan.latest_category if plan else ""}


def _review_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    decision = data["decision"]
    return services.review_conference_record(
        actor=actor,
        cp_plan=_required(_open_cp_plan(person)),
        expected_version=data["version"],
        conference_date=data["conference_date"],
        continue_plan=decision == "continue",
        latest_category=data["latest_category"],
        cin_plan=decision == "step_down",
    )


register(
    Step(
        slug="review-conference",
        title="Record a review conference",
        tab="child_protection",
        form=ReviewConferenceForm,
        save=_review_save,
        initial=_review_initial,
        applies=lambda person: _open_cp_plan(person) is not None,
        target=_open_cp_plan,
        hint="Ending the plan ends it on the day of the conference.",
    )
)


class CpPlanEndForm(forms.Form):
    end_date = DateField(label="Date the plan ended")
    cin_plan = yes_no(label="Will help continue under a child in need plan?")


def _cp_plan_end_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.cp_plan_end(
        actor=actor,
        cp_plan=_required(_open_cp_plan(person)),
        expected_version=data.pop("version"),
        **data,
    )


register(
    Step(
        slug="cp-plan-end",
        title="End the child protection plan",
        tab="child_protection",
        form=CpPlanEndForm,
        save=_cp_plan_end_save,
        initial=lambda person, today: {"end_date": today, "cin_plan": True},
        applies=lambda person: _open_cp_plan(person) is not None,
        target=_open_cp_plan,
        hint=(
            "For a plan that ends outside a review conference, for example when the child moves "
            "to another authority. When a review conference ends the plan, record the conference."
        ),
    )
)


# --- Closure -----------------------------------------------------------------------------------


class CloseCaseForm(forms.Form):
    closure_date = DateField(label="Date the case closed")
    closure_reason = choice_field(choices("reason_for_closure"), label="Reason for closure")


def _close_initial(person: Person, today: date) -> dict[str, Any]:
    referral = open_referral(person)
    initial: dict[str, Any] = {"closure_date": today}
    # Closed after an assessment that led to nothing more: the census's RC8.
    if (
        referral is not None
        and referral.assessments.filter(authorised_date__isnull=False).exists()
        and not referral.cin_plans.exists()
        and not referral.s47_enquiries.exists()
    ):
        initial["closure_reason"] = "RC8"
    return initial


def _close_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.referral_close(
        actor=actor,
        referral=_required(open_referral(person)),
        expected_version=data["version"],
        closure_date=data["closure_date"],
        reason=data["closure_reason"],
    )


register(
    Step(
        slug="close-case",
        title="Close the case",
        tab="overview",
        form=CloseCaseForm,
        save=_close_save,
        initial=_close_initial,
        applies=lambda person: _assessing(person) is not None and _open_cp_plan(person) is None,
        target=open_referral,
        hint="A child in need plan still open ends on the day the case closes.",
    )
)


# --- Visits ------------------------------------------------------------------------------------


class VisitForm(forms.Form):
    kind = choice_field(list(VisitKind.choices), label="Kind of visit", radios=True)
    visit_date = DateField(label="Date of visit")
    seen = yes_no(label="Was the child seen?")
    seen_alone = yes_no(label="Was the child seen alone?")
    note = forms.CharField(label="What you saw and heard", required=False, widget=forms.Textarea)


def _visit_kind(person: Person, today: date) -> str:
    """The visit this child is due: care leaver, looked after, on a plan, or in need."""
    if person.episodes.filter(end_date__isnull=True).exists():
        return VisitKind.CLA
    if person.cp_plans.filter(end_date__isnull=True).exists():
        return VisitKind.CP
    if (
        person.episodes.exists()
        and person.date_of_birth
        and _age(person.date_of_birth, today) >= 18
    ):
        return VisitKind.CARE_LEAVER
    return VisitKind.CIN


def _age(dob: date, today: date) -> int:
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


def _visit_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.visit_record(actor=actor, person=person, **data)


register(
    Step(
        slug="visit",
        title="Record a visit",
        tab="overview",
        form=VisitForm,
        save=_visit_save,
        initial=lambda person, today: {"kind": _visit_kind(person, today), "visit_date": today},
    )
)


# --- Family group decision making and Family Network Plans -------------------------------------


class FgdmForm(forms.Form):
    offered_date = DateField(label="Date the meeting was offered")
    meeting_date = DateField(
        label="Date of the meeting", required=False, help_text="Leave blank if not held yet"
    )
    facilitated = forms.BooleanField(
        label="An independent coordinator facilitated the meeting", required=False
    )
    outcome = forms.CharField(
        label="What the family decided", required=False, widget=forms.Textarea
    )


def _fgdm_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.fgdm_record(actor=actor, person=person, **data)


register(
    Step(
        slug="fgdm",
        title="Record a family group decision meeting",
        tab="family",
        form=FgdmForm,
        save=_fgdm_save,
        initial=lambda person, today: {"offered_date": today},
        applies=lambda person: _fgdm_not_held(person) is None,
    )
)


class FgdmMeetingForm(forms.Form):
    meeting_date = DateField(label="Date of the meeting")
    facilitated = forms.BooleanField(
        label="An independent coordinator facilitated the meeting", required=False
    )
    outcome = forms.CharField(
        label="What the family decided", required=False, widget=forms.Textarea
    )


def _fgdm_meeting_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.fgdm_update(
        actor=actor,
        meeting=_required(_fgdm_not_held(person)),
        expected_version=data.pop("version"),
        **data,
    )


register(
    Step(
        slug="fgdm-meeting",
        title="Record the family group decision meeting held",
        tab="family",
        form=FgdmMeetingForm,
        save=_fgdm_meeting_save,
        initial=lambda person, today: {"meeting_date": today},
        applies=lambda person: _fgdm_not_held(person) is not None,
        target=_fgdm_not_held,
    )
)


class FamilyNetworkPlanForm(forms.Form):
    start_date = DateField(label="Date the plan started")
    review_date = DateField(label="Date of the next review", required=False)
    members = forms.MultipleChoiceField(
        label="Who in the family network is part of the plan",
        choices=[],  # the child's own network: see _network_choices
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="People must be recorded in the child's family and network to be chosen.",
    )


def _network_choices(person: Person) -> dict[str, list[tuple[str, str]]]:
    return {"members": [(str(p.pk), str(p)) for p in services.network_of(person)]}


def _network_plan_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    chosen = {int(pk) for pk in data.pop("members")}
    members = [p for p in services.network_of(person) if p.pk in chosen]
    return services.family_network_plan_record(actor=actor, person=person, members=members, **data)


register(
    Step(
        slug="family-network-plan",
        title="Record a Family Network Plan",
        tab="family",
        form=FamilyNetworkPlanForm,
        save=_network_plan_save,
        initial=lambda person, today: {"start_date": today},
        applies=lambda person: _open_network_plan(person) is None,
        choices=_network_choices,
    )
)


class FamilyNetworkPlanEndForm(forms.Form):
    end_date = DateField(label="Date the plan ended")


def _network_plan_end_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.family_network_plan_end(
        actor=actor,
        plan=_required(_open_network_plan(person)),
        expected_version=data.pop("version"),
        **data,
    )


register(
    Step(
        slug="family-network-plan-end",
        title="End the Family Network Plan",
        tab="family",
        form=FamilyNetworkPlanEndForm,
        save=_network_plan_end_save,
        initial=lambda person, today: {"end_date": today},
        applies=lambda person: _open_network_plan(person) is not None,
        target=_open_network_plan,
    )
)
