"""Steps in care: starting care, placement moves, reviews, missing, ceasing care, permanence,
and contacts with care leavers.

Each form asks only what is new: the current episode fills in the rest (a placement move keeps
the legal status and category of need unless the worker changes them), and codes the worker
would otherwise pick by hand are derived (the reason for a new episode, the reason care ended
under a special guardianship order, the number of adopters). The rules live in
`opencsc.care.services`, so the API and imports apply them too.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django import forms
from django.utils import timezone

from opencsc.access.models import User
from opencsc.care import services
from opencsc.care.models import Adoption, CareLeaver, Episode, PermanenceKind
from opencsc.core.codes import (
    ADOPTION_REASONS_CEASED,
    REASON_EPISODE_CEASED,
    choices,
)
from opencsc.core.workingdays import add_months
from opencsc.people.models import Person
from opencsc.web.forms import DateField, choice_field, yes_no
from opencsc.web.steps import Step, lookup, register

# Questions many steps ask of the child, answered once while the child page lists them.
is_looked_after = lookup(services.is_looked_after)
current_episode = lookup(services.current_episode)
open_missing_episode = lookup(services.open_missing_episode)
adoption_plan = lookup(services.adoption_plan)
open_adoption_decision = lookup(services.open_adoption_decision)


def _aged(person: Person, years: int, on: date) -> bool:
    dob = person.date_of_birth
    return dob is not None and add_months(dob, years * 12) <= on


def _today() -> date:
    return timezone.localdate()


def _optional_yes_no(*, label: str, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
        label=label,
        help_text=help_text,
        widget=forms.RadioSelect,
    )


def _postcode(label: str, help_text: str = "For example, AA1 1AA") -> forms.CharField:
    # Required by the service (rule 392b) unless the child is on short breaks, so optional here.
    return forms.CharField(label=label, required=False, max_length=10, help_text=help_text)


def _urn() -> forms.CharField:
    return forms.CharField(
        label="Ofsted unique reference number (URN)",
        required=False,
        max_length=8,
        help_text="Leave blank if the placement is not registered with Ofsted",
    )


class _CareForm(forms.Form):
    """Errors for a missing answer in the GOV.UK style: 'Enter the date...', 'Select the...'."""

    required_messages: ClassVar[dict[str, str]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            label = str(field.label or name)
            verb = "Select" if isinstance(field, forms.ChoiceField) else "Enter"
            default = f"{verb} the {label[0].lower()}{label[1:]}"
            field.error_messages["required"] = self.required_messages.get(name, default)


class _PlacementForm(_CareForm):
    """The placement type list is the one in force in this collection year."""

    # A period of care cannot start in a temporary placement (rule 380), nor in a placement for
    # adoption, which follows a decision and a match made while looked after.
    excluded_placements: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["placement_type"]
        assert isinstance(field, forms.ChoiceField)
        year = services.collection_year(_today())
        field.choices = [
            ("", "Choose"),
            *(c for c in choices("placement_type", year) if c[0] not in self.excluded_placements),
        ]


def _provider() -> forms.ChoiceField:
    field = choice_field(choices("placement_provider"), label="Placement provider", required=False)
    field.help_text = "Leave blank for temporary and unregistered placements"
    return field


def _home_postcode(person: Person) -> str:
    address = (
        person.addresses.filter(kind="home", end_date__isnull=True).order_by("-start_date").first()
    )
    return address.postcode if address else ""


# Starting care.


class StartCareForm(_PlacementForm):
    excluded_placements = services.TEMPORARY | services.ADOPTION_PLACEMENTS
    start_date = DateField(label="Date the child started to be looked after")
    legal_status = choice_field(choices("legal_status"), label="Legal status")
    category_of_need = choice_field(
        choices("category_of_need"), label="Category of need", radios=True
    )
    placement_type = choice_field([], label="Placement type")
    placement_provider = _provider()
    placement_postcode = _postcode("Placement postcode")
    urn = _urn()
    home_postcode = _postcode("Postcode of the child's home", "Where the child lived before care")


def _start_initial(person: Person, today: date) -> dict[str, Any]:
    initial: dict[str, Any] = {"start_date": today, "home_postcode": _home_postcode(person)}
    referral = person.referrals.order_by("-referral_date").first()
    if referral is not None and referral.primary_need in dict(choices("category_of_need")):
        initial["category_of_need"] = referral.primary_need
    return initial


def _start_applies(person: Person) -> bool:
    today = _today()
    return (
        person.date_of_birth is not None
        and person.date_of_birth <= today
        and not _aged(person, 18, today)
        and not is_looked_after(person)
    )


def _start_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.care_start(actor=actor, person=person, **data)


register(
    Step(
        slug="start-care",
        title="Start care",
        tab="care",
        form=StartCareForm,
        save=_start_save,
        initial=_start_initial,
        applies=_start_applies,
        hint="The first episode of a new period of care. Its reason for new episode is S.",
    )
)


# Changes while looked after: each ends the current episode and opens the next.


class PlacementMoveForm(_PlacementForm):
    required_messages = {"same_carer": "Select yes if the child is staying with the same carer"}
    on = DateField(label="Date of the move")
    placement_type = choice_field([], label="New placement type")
    placement_provider = _provider()
    placement_postcode = _postcode("New placement postcode")
    urn = _urn()
    same_carer = yes_no(label="Is the child staying with the same carer?")
    legal_status = choice_field(choices("legal_status"), label="Legal status")
    reason_place_change = choice_field(
        choices("reason_place_change"), label="Reason for the move", required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "same_carer"
        ].help_text = (
            "For example, a foster placement that became long term, or carers who moved house"
        )
        self.fields["legal_status"].help_text = "Change it only if it changed on the same day"
        self.fields[
            "reason_place_change"
        ].help_text = "Leave blank when the child moves into or out of a temporary placement"


def _current_details(person: Person, today: date) -> dict[str, Any]:
    current = current_episode(person)
    if current is None:
        return {"on": today}
    return {
        "on": today,
        "legal_status": current.legal_status,
        "placement_type": current.placement_type,
        "placement_provider": current.placement_provider,
        "same_carer": False,
    }


def _move_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.placement_change(
        actor=actor, person=person, expected_version=data.pop("version"), **data
    )


register(
    Step(
        slug="placement-move",
        title="Record a placement move",
        tab="care",
        form=PlacementMoveForm,
        save=_move_save,
        initial=_current_details,
        applies=is_looked_after,
        target=current_episode,
    )
)


class LegalStatusForm(_CareForm):
    on = DateField(label="Date the legal status changed")
    legal_status = choice_field(choices("legal_status"), label="New legal status")


def _legal_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.legal_status_change(
        actor=actor, person=person, expected_version=data.pop("version"), **data
    )


register(
    Step(
        slug="legal-status",
        title="Record a change of legal status",
        tab="care",
        form=LegalStatusForm,
        save=_legal_save,
        initial=lambda person, today: {
            k: v for k, v in _current_details(person, today).items() if k in {"on", "legal_status"}
        },
        applies=is_looked_after,
        target=current_episode,
        hint="If the child also moved that day, record a placement move instead.",
    )
)


class ClaReviewForm(_CareForm):
    required_messages = {"participation": "Select how the child took part"}
    review_date = DateField(label="Date of the review")
    participation = choice_field(
        choices("review_participation"), label="How the child took part", radios=True
    )


def _review_initial(person: Person, today: date) -> dict[str, Any]:
    if not _aged(person, 4, today):
        return {"review_date": today, "participation": "PN0"}
    last = person.cla_reviews.order_by("-review_date").first()
    return {"review_date": today, "participation": last.participation if last else None}


def _review_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.cla_review_record(actor=actor, person=person, **data)


register(
    Step(
        slug="cla-review",
        title="Record a looked-after review",
        tab="care",
        form=ClaReviewForm,
        save=_review_save,
        initial=_review_initial,
        applies=is_looked_after,
    )
)


class MissingStartForm(_CareForm):
    required_messages = {"kind": "Select whether the child was missing or away from placement"}
    kind = choice_field(
        choices("missing_type"), label="Missing or away from placement", radios=True
    )
    start_date = DateField(label="Date the child went missing or away")


def _missing_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.missing_episode_record(actor=actor, person=person, **data)


register(
    Step(
        slug="missing",
        title="Record that the child is missing",
        tab="care",
        form=MissingStartForm,
        save=_missing_save,
        initial=lambda person, today: {"kind": "M", "start_date": today},
        applies=lambda person: is_looked_after(person) and open_missing_episode(person) is None,
        hint="Record their return on a separate page once they are back.",
    )
)


class MissingEndForm(_CareForm):
    required_messages = {
        "return_interview_offered": "Select yes if a return home interview was offered"
    }
    end_date = DateField(label="Date the child came back")
    return_interview_offered = yes_no(label="Was a return home interview offered?")
    return_interview_accepted = _optional_yes_no(
        label="Did the child accept it?", help_text="Leave blank if no interview was offered"
    )


def _return_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.missing_episode_end(
        actor=actor, person=person, expected_version=data.pop("version"), **data
    )


register(
    Step(
        slug="missing-return",
        title="Record the child's return",
        tab="care",
        form=MissingEndForm,
        save=_return_save,
        initial=lambda person, today: {"end_date": today},
        applies=lambda person: open_missing_episode(person) is not None,
        target=open_missing_episode,
    )
)


class CeaseCareForm(_CareForm):
    required_messages = {"reason_ceased": "Select why care ended"}
    on = DateField(label="Date the child stopped being looked after")
    # Orders that end care are recorded on the Permanence tab, with what the return asks of them.
    reason_ceased = choice_field(
        [
            (c, f"{c}: {label}")
            for c, label in REASON_EPISODE_CEASED.items()
            if c != "X1" and c not in services.PERMANENCE_REASONS
        ],
        label="Why care ended",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reason_ceased"].help_text = (
            "For adoption, special guardianship or a child arrangements order, record the order "
            "on the Permanence tab: it ends care too"
        )


def _cease_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.care_end(
        actor=actor, person=person, expected_version=data.pop("version"), **data
    )


register(
    Step(
        slug="cease-care",
        title="Record that care ended",
        tab="care",
        form=CeaseCareForm,
        save=_cease_save,
        initial=lambda person, today: {"on": today},
        applies=is_looked_after,
        target=current_episode,
    )
)


# Permanence.


@lookup
def _adoption(person: Person) -> Adoption | None:
    return Adoption.objects.filter(person=person).first()


class AdoptionDecisionForm(_CareForm):
    decision_date = DateField(label="Date of the decision")


def _decision_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.adoption_decision_record(actor=actor, person=person, **data)


def _decision_applies(person: Person) -> bool:
    adoption = _adoption(person)
    return (
        is_looked_after(person)
        and open_adoption_decision(person) is None
        and (adoption is None or adoption.adoption_order_date is None)
    )


register(
    Step(
        slug="adoption-decision",
        title="Record the decision that the child should be placed for adoption",
        tab="permanence",
        form=AdoptionDecisionForm,
        save=_decision_save,
        initial=lambda person, today: {"decision_date": today},
        applies=_decision_applies,
        hint="The agency decision maker's decision that adoption is in the child's best interests.",
    )
)


class AdoptionMatchForm(_CareForm):
    match_date = DateField(label="Date the child was matched with adopters")


def _match_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.adoption_match_record(
        actor=actor, person=person, expected_version=data.pop("version"), **data
    )


register(
    Step(
        slug="adoption-match",
        title="Record the match with adopters",
        tab="permanence",
        form=AdoptionMatchForm,
        save=_match_save,
        initial=lambda person, today: {"match_date": today},
        applies=lambda person: (
            is_looked_after(person)
            and (a := adoption_plan(person)) is not None
            and a.match_date is None
        ),
        target=adoption_plan,
    )
)


class PlacedForAdoptionForm(_CareForm):
    on = DateField(label="Date the child was placed for adoption")
    placement_type = choice_field(
        [c for c in choices("placement_type") if c[0] in services.ADOPTION_PLACEMENTS],
        label="Placement",
        radios=True,
    )
    placement_provider = _provider()
    placement_postcode = _postcode("Placement postcode")
    urn = _urn()
    legal_status = choice_field(choices("legal_status"), label="Legal status")
    reason_place_change = choice_field(choices("reason_place_change"), label="Reason for the move")


def _placed_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    # A3 and A5 keep the child with the foster carer who adopts them (rule 217).
    same_carer = data["placement_type"] in services.WITH_CURRENT_FOSTER_CARER
    return services.placement_change(
        actor=actor,
        person=person,
        expected_version=data.pop("version"),
        same_carer=same_carer,
        **data,
    )


def _placed_applies(person: Person) -> bool:
    current = current_episode(person)
    adoption = adoption_plan(person)
    return (
        current is not None
        and current.placement_type not in services.ADOPTION_PLACEMENTS
        and adoption is not None
        and adoption.match_date is not None
    )


register(
    Step(
        slug="placed-for-adoption",
        title="Record that the child was placed for adoption",
        tab="permanence",
        form=PlacedForAdoptionForm,
        save=_placed_save,
        initial=lambda person, today: (
            _current_details(person, today)
            | {"placement_type": None, "reason_place_change": "CARPL"}
        ),
        applies=_placed_applies,
        target=current_episode,
    )
)


class AdoptionOrderForm(_CareForm):
    required_messages = {
        "reason_ceased": "Select how the order was made",
        "sex_of_adopters": "Select who adopted the child",
        "adopters_legal_status": "Select the adopters' legal status",
    }
    order_date = DateField(label="Date of the adoption order")
    reason_ceased = choice_field(
        [(c, f"{c}: {REASON_EPISODE_CEASED[c]}") for c in sorted(ADOPTION_REASONS_CEASED)],
        label="How the order was made",
        radios=True,
    )
    sex_of_adopters = choice_field(choices("sex_of_adopters"), label="Adopted by", radios=True)
    adopters_legal_status = choice_field(
        choices("adopters_legal_status"), label="The adopters' legal status", radios=True
    )


def _order_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.adoption_order_record(
        actor=actor, person=person, expected_version=data.pop("version"), **data
    )


register(
    Step(
        slug="adoption-order",
        title="Record the adoption order",
        tab="permanence",
        form=AdoptionOrderForm,
        save=_order_save,
        initial=lambda person, today: {"order_date": today},
        applies=lambda person: (
            (c := current_episode(person)) is not None
            and c.placement_type in services.ADOPTION_PLACEMENTS
            and adoption_plan(person) is not None
        ),
        target=current_episode,
        hint="The order ends care: the child is adopted.",
    )
)


class AdoptionReversedForm(_CareForm):
    required_messages = {"reason": "Select why the child should no longer be placed for adoption"}
    on = DateField(label="Date of the decision")
    reason = choice_field(
        choices("reason_placed_ceased"),
        label="Why should the child no longer be placed for adoption?",
        radios=True,
    )


def _reverse_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.adoption_decision_reverse(
        actor=actor, person=person, expected_version=data.pop("version"), **data
    )


register(
    Step(
        slug="adoption-decision-reversed",
        title="Record that the child should no longer be placed for adoption",
        tab="permanence",
        form=AdoptionReversedForm,
        save=_reverse_save,
        initial=lambda person, today: {"on": today},
        applies=lambda person: (
            is_looked_after(person) and open_adoption_decision(person) is not None
        ),
        target=open_adoption_decision,
    )
)


class PermanenceOrderForm(_CareForm):
    required_messages = {
        "kind": "Select the order that was made",
        "kinship": "Select yes if they are relatives or friends of the child",
    }
    kind = choice_field(
        [(k.value, k.label) for k in (PermanenceKind.SGO, PermanenceKind.CAO)],
        label="Which order was made?",
        radios=True,
    )
    made_date = DateField(label="Date the order was made")
    carers = forms.CharField(label="Who the order was made to", required=False, max_length=200)
    kinship = yes_no(label="Are they relatives or friends of the child?")
    former_foster_carers = _optional_yes_no(
        label="Were they the child's foster carers?",
        help_text="Only for a special guardianship order for a child who is looked after",
    )


def _permanence_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.permanence_order_record(
        actor=actor, person=person, expected_version=data.pop("version", None), **data
    )


def _permanence_applies(person: Person) -> bool:
    today = _today()
    dob = person.date_of_birth
    return dob is not None and dob <= today and not _aged(person, 18, today)


register(
    Step(
        slug="permanence-order",
        title="Record a special guardianship or child arrangements order",
        tab="permanence",
        form=PermanenceOrderForm,
        save=_permanence_save,
        initial=lambda person, today: {"made_date": today},
        applies=_permanence_applies,
        target=current_episode,
        hint="For a child who is looked after, the order ends care.",
    )
)


# Leaving care.


class CareLeaverContactForm(_CareForm):
    required_messages = {"in_touch": "Select whether you are in touch with the young person"}
    contact_date = DateField(label="Date of the contact")
    in_touch = choice_field(
        choices("care_leaver_in_touch"),
        label="Are you in touch with the young person?",
        radios=True,
    )
    activity = choice_field(choices("care_leaver_activity"), label="Main activity", required=False)
    accommodation = choice_field(
        choices("care_leaver_accommodation"), label="Accommodation", required=False
    )
    staying_put = forms.BooleanField(
        label="Staying put: living with former foster carers after 18", required=False
    )


def _contact_initial(person: Person, today: date) -> dict[str, Any]:
    last = person.care_leaver_contacts.order_by("-contact_date").first()
    initial: dict[str, Any] = {"contact_date": today}
    if last is not None:
        initial |= {
            "in_touch": last.in_touch,
            "activity": last.activity,
            "accommodation": last.accommodation,
            "staying_put": last.staying_put,
        }
    return initial


def _contact_applies(person: Person) -> bool:
    """A care leaver, or a young person of 17 or over who was looked after, not in care now."""
    if is_looked_after(person):
        return False
    if CareLeaver.objects.filter(person=person).exists():
        return True
    return _aged(person, 17, _today()) and Episode.objects.filter(person=person).exists()


def _contact_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.care_leaver_contact_record(actor=actor, person=person, **data)


register(
    Step(
        slug="care-leaver-contact",
        title="Record a care leaver contact",
        tab="leaving_care",
        form=CareLeaverContactForm,
        save=_contact_save,
        initial=_contact_initial,
        applies=_contact_applies,
        hint="Whether you are in touch, and the young person's activity and accommodation.",
    )
)
