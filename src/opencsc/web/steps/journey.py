"""Steps from contact to child protection: the front door, assessment, visits."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms

from opencsc.access.models import User
from opencsc.core.codes import choices
from opencsc.journey import services
from opencsc.journey.models import Referral, VisitKind
from opencsc.people.models import Person
from opencsc.web.forms import DateField, choice_field, yes_no
from opencsc.web.steps import Step, register


def open_referral(person: Person) -> Referral | None:
    return person.referrals.filter(closure_date__isnull=True).order_by("-referral_date").first()


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


class VisitForm(forms.Form):
    kind = choice_field(list(VisitKind.choices), label="Kind of visit", radios=True)
    visit_date = DateField(label="Date of visit")
    seen = yes_no(label="Was the child seen?")
    seen_alone = yes_no(label="Was the child seen alone?")
    note = forms.CharField(label="What you saw and heard", required=False, widget=forms.Textarea)


def _visit_kind(person: Person) -> str:
    """The visit this child is due: care leaver, looked after, on a plan, or in need."""
    if person.episodes.filter(end_date__isnull=True).exists():
        return VisitKind.CLA
    if person.cp_plans.filter(end_date__isnull=True).exists():
        return VisitKind.CP
    if person.episodes.exists() and person.date_of_birth and _age(person.date_of_birth) >= 18:
        return VisitKind.CARE_LEAVER
    return VisitKind.CIN


def _age(dob: date) -> int:
    today = date.today()
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
        initial=lambda person, today: {"kind": _visit_kind(person), "visit_date": today},
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
    referral = open_referral(person)
    assert referral is not None  # `applies` guarantees it
    return services.referral_decide(
        actor=actor, referral=referral, expected_version=data.pop("version"), **data
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
    )
)
