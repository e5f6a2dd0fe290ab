"""Steps about the child's family and network, notes and documents."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms

from opencsc.access.models import User
from opencsc.people import services
from opencsc.people.models import Person, Relationship, RelationshipKind
from opencsc.web.forms import DateField, choice_field, yes_no
from opencsc.web.steps import Step, register

F = TypeVar("F", bound=forms.Field)


def _asks(field: F, message: str) -> F:
    """The GOV.UK message for an empty answer, in place of Django's "This field is required"."""
    field.error_messages["required"] = message
    return field


class CaseNoteForm(forms.Form):
    noted_on = _asks(DateField(label="Date of the note"), "Enter the date of the note")
    note = _asks(forms.CharField(label="Note", widget=forms.Textarea), "Enter the note")


def _case_note_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.case_note_create(actor=actor, person=person, **data)


register(
    Step(
        slug="case-note",
        title="Add a case note",
        tab="notes",
        form=CaseNoteForm,
        save=_case_note_save,
        initial=lambda person, today: {"noted_on": today},
    )
)


class FamilyMemberForm(forms.Form):
    given_name = _asks(forms.CharField(label="First name"), "Enter their first name")
    family_name = _asks(forms.CharField(label="Last name"), "Enter their last name")
    date_of_birth = DateField(
        label="Date of birth",
        required=False,
        help_text="For example, 27 3 1990. Leave blank if not known",
    )
    kind = _asks(
        choice_field(list(RelationshipKind.choices), label="Who are they to the child?"),
        "Choose who they are to the child",
    )
    parental_responsibility = _asks(
        yes_no(label="Do they have parental responsibility for the child?"),
        "Select yes if they have parental responsibility for the child",
    )


def _family_member_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.family_member_add(actor=actor, person=person, **data)


register(
    Step(
        slug="family-member",
        title="Add a family member or friend",
        tab="family",
        form=FamilyMemberForm,
        save=_family_member_save,
        # Most relatives share the child's surname; the worker changes it when they do not.
        initial=lambda person, today: {"family_name": person.family_name},
        hint="Someone in the child's family or network who is not yet on the record.",
    )
)


class VoiceForm(forms.Form):
    recorded_on = _asks(DateField(label="When did the child say this?"), "Enter the date")
    context = _asks(
        choice_field(services.VOICE_CONTEXTS, label="Where was it said?", radios=True),
        "Choose where the child said this",
    )
    in_childs_words = _asks(
        forms.CharField(
            label="What the child said",
            widget=forms.Textarea,
            help_text="Use the child's own words, including how they feel and what they want.",
        ),
        "Enter what the child said, in their own words",
    )


def _voice_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    return services.voice_of_child_record(actor=actor, person=person, **data)


register(
    Step(
        slug="voice-of-child",
        title="Record the child's voice",
        tab="notes",
        form=VoiceForm,
        save=_voice_save,
        initial=lambda person, today: {"recorded_on": today, "context": "visit"},
        applies=lambda person: person.date_of_birth is not None,
    )
)


def _unlinked_family(person: Person) -> list[Person]:
    """People in the child's family group not yet recorded as related to them."""
    if person.family_id is None:
        return []
    linked = set(
        Relationship.objects.filter(other_person=person).values_list("person_id", flat=True)
    ) | set(person.relationships.values_list("other_person_id", flat=True))
    return list(
        Person.objects.filter(family_id=person.family_id)
        .exclude(pk=person.pk)
        .exclude(pk__in=linked)
        .order_by("family_name", "given_name")
    )


def _relative_choices(person: Person) -> dict[str, list[tuple[str, str]]]:
    options = [
        (str(p.pk), f"{p}, born {p.date_of_birth:%-d %B %Y}" if p.date_of_birth else str(p))
        for p in _unlinked_family(person)
    ]
    return {"other": [("", "Choose"), *options]}


class RelationshipForm(forms.Form):
    other = _asks(forms.ChoiceField(label="Who", choices=[]), "Choose who they are")
    kind = _asks(
        choice_field(list(RelationshipKind.choices), label="Who are they to the child?"),
        "Choose who they are to the child",
    )
    parental_responsibility = _asks(
        yes_no(label="Do they have parental responsibility for the child?"),
        "Select yes if they have parental responsibility for the child",
    )


def _relationship_save(actor: User, person: Person, data: dict[str, Any]) -> object:
    other = Person.objects.get(pk=int(data.pop("other")))  # one of the form's own choices
    return services.relationship_create(actor=actor, person=person, other=other, **data)


register(
    Step(
        slug="relationship",
        title="Link someone already in the child's family",
        tab="family",
        form=RelationshipForm,
        save=_relationship_save,
        applies=lambda person: bool(_unlinked_family(person)),
        choices=_relative_choices,
        hint="Someone in the same family group on the record, such as a brother or sister.",
    )
)
