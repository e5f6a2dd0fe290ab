"""Writes to people, and the shared write machinery every app's services use."""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from opencsc.access.audit import audit_log
from opencsc.access.models import Allocation, AllocationRole, Role, User
from opencsc.access.permissions import require_child_access
from opencsc.core.errors import IdentifierError
from opencsc.core.identifiers import validate_nhs_number, validate_upn
from opencsc.people.models import (
    CaseNote,
    Person,
    Relationship,
    RelationshipKind,
    VoiceOfChild,
)

M = TypeVar("M", bound=models.Model)
CREATING_ROLES = {Role.SOCIAL_WORKER, Role.TEAM_MANAGER}


class StaleRecordError(Exception):
    """Someone else saved this record after it was opened; nothing was overwritten."""

    def __init__(self, record: models.Model) -> None:
        self.record = record
        super().__init__(
            "This record was changed by someone else after you opened it. "
            "Your changes have not been saved: reload it to see theirs, then make yours again."
        )


def raise_if(errors: dict[str, str]) -> None:
    if errors:
        raise ValidationError(errors)


def not_in_future(errors: dict[str, str], field: str, value: date | None) -> None:
    if value is not None and value > timezone.localdate():
        errors[field] = "The date must be today or in the past"


def record_create(*, actor: User, person: Person, instance: M) -> M:
    """Validate, save and audit a new record about `person` (permission already checked)."""
    instance.full_clean()
    with transaction.atomic():
        instance.save()
        audit_log(actor=actor, action="create", person=person, obj=instance)
    return instance


def record_update(
    *, actor: User, person: Person, instance: M, expected_version: int, changes: dict[str, Any]
) -> M:
    """Apply `changes` only if nobody saved the record since `expected_version` was read."""
    require_child_access(actor, person, write=True)
    for field, value in changes.items():
        setattr(instance, field, value)
    instance.full_clean()
    model = type(instance)
    with transaction.atomic():
        updated = model._default_manager.filter(pk=instance.pk, version=expected_version).update(
            **changes, version=F("version") + 1, updated_at=timezone.now()
        )
        if updated != 1:
            raise StaleRecordError(instance)
        instance.refresh_from_db()
        audit_log(
            actor=actor,
            action="update",
            person=person,
            obj=instance,
            detail={"fields": sorted(changes)},
        )
    return instance


def person_create(
    *,
    actor: User,
    given_name: str,
    family_name: str,
    date_of_birth: date | None = None,
    expected_date_of_birth: date | None = None,
    sex: str = "",
    ethnicity: str = "",
    upn: str = "",
    nhs_number: str = "",
    la_child_id: str = "",
) -> Person:
    """Record a new child. The worker who records them is allocated, so they can go on working
    with the child (access is by relationship)."""
    if actor.role not in CREATING_ROLES or actor.local_authority is None:
        raise PermissionDenied("Your role cannot add children to the record")
    errors: dict[str, str] = {}
    if not given_name.strip():
        errors["given_name"] = "Enter the child's first name"
    if not family_name.strip():
        errors["family_name"] = "Enter the child's last name"
    not_in_future(errors, "date_of_birth", date_of_birth)
    if date_of_birth is None and expected_date_of_birth is None:
        errors["date_of_birth"] = "Enter the date of birth, or the expected date of birth if unborn"
    if date_of_birth is not None and expected_date_of_birth is not None:
        errors["expected_date_of_birth"] = "An expected date of birth is only for an unborn child"
    if sex == "U" and date_of_birth is not None:
        errors["sex"] = "Unknown sex (U) is only for an unborn child"
    for field, value, check in (
        ("upn", upn, validate_upn),
        ("nhs_number", nhs_number, validate_nhs_number),
    ):
        if value:
            try:
                check(value)
            except IdentifierError as exc:
                errors[field] = exc.reason
    raise_if(errors)
    with transaction.atomic():
        person = Person(
            local_authority=actor.local_authority,
            given_name=given_name.strip(),
            family_name=family_name.strip(),
            date_of_birth=date_of_birth,
            expected_date_of_birth=expected_date_of_birth,
            sex=sex,
            ethnicity=ethnicity,
            upn=validate_upn(upn) if upn else "",
            nhs_number=validate_nhs_number(nhs_number) if nhs_number else "",
            la_child_id=la_child_id,
        )
        person.full_clean()
        person.save()
        Allocation.objects.create(
            person=person,
            worker=actor,
            role=AllocationRole.ALLOCATED_WORKER,
            start_date=timezone.localdate(),
        )
        audit_log(actor=actor, action="create", person=person, obj=person)
    return person


def case_note_create(*, actor: User, person: Person, noted_on: date, note: str) -> CaseNote:
    require_child_access(actor, person, write=True)
    errors: dict[str, str] = {}
    not_in_future(errors, "noted_on", noted_on)
    if not note.strip():
        errors["note"] = "Enter the note"
    raise_if(errors)
    return record_create(
        actor=actor,
        person=person,
        instance=CaseNote(person=person, noted_on=noted_on, note=note.strip(), author=actor),
    )


# Kinds whose holder is a generation above the child, so must be older (when both ages are known).
OLDER_KINDS = {RelationshipKind.PARENT, RelationshipKind.STEP_PARENT, RelationshipKind.GRANDPARENT}


def relationship_create(
    *,
    actor: User,
    person: Person,
    other: Person,
    kind: str,
    parental_responsibility: bool = False,
    start_date: date | None = None,
) -> Relationship:
    """Record that `other` is `kind` of the child (the parent of, a sibling of…)."""
    require_child_access(actor, person, write=True)
    errors: dict[str, str] = {}
    if kind not in RelationshipKind.values:
        errors["kind"] = "Choose how they are related to the child"
    if other.pk == person.pk:
        errors["other"] = "Choose someone other than the child"
    elif other.local_authority_id != person.local_authority_id:
        errors["other"] = "Choose someone on this authority's record"
    elif (
        Relationship.objects.filter(person=other, other_person=person, kind=kind).exists()
        or Relationship.objects.filter(person=person, other_person=other, kind=kind).exists()
    ):
        errors["kind"] = f"{other} is already recorded as the child's {_kind_label(kind)}"
    not_in_future(errors, "start_date", start_date)
    _age_order(errors, person, kind, other.date_of_birth)
    raise_if(errors)
    return record_create(
        actor=actor,
        person=person,
        instance=Relationship(
            person=other,
            other_person=person,
            kind=kind,
            parental_responsibility=parental_responsibility,
            start_date=start_date,
        ),
    )


def _kind_label(kind: str) -> str:
    return str(dict(RelationshipKind.choices).get(kind, kind)).lower()


def _age_order(errors: dict[str, str], person: Person, kind: str, dob: date | None) -> None:
    if kind in OLDER_KINDS and dob and person.date_of_birth and dob >= person.date_of_birth:
        errors["date_of_birth"] = f"A {_kind_label(kind)} must be older than the child"


def family_member_add(
    *,
    actor: User,
    person: Person,
    given_name: str,
    family_name: str,
    kind: str,
    date_of_birth: date | None = None,
    parental_responsibility: bool = False,
) -> Relationship:
    """Add someone from the child's family or network who is not yet on the record, and how
    they are related. They join the child's family group, if one is recorded, so the child's
    siblings can be linked to them too."""
    require_child_access(actor, person, write=True)
    errors: dict[str, str] = {}
    if not given_name.strip():
        errors["given_name"] = "Enter their first name"
    if not family_name.strip():
        errors["family_name"] = "Enter their last name"
    if kind not in RelationshipKind.values:
        errors["kind"] = "Choose how they are related to the child"
    not_in_future(errors, "date_of_birth", date_of_birth)
    if "date_of_birth" not in errors:
        _age_order(errors, person, kind, date_of_birth)
    raise_if(errors)
    with transaction.atomic():
        # Not a child of the service: a relative or friend in the child's network.
        member = record_create(
            actor=actor,
            person=person,
            instance=Person(
                local_authority_id=person.local_authority_id,
                is_child=False,
                given_name=given_name.strip(),
                family_name=family_name.strip(),
                date_of_birth=date_of_birth,
                family_id=person.family_id,
            ),
        )
        return relationship_create(
            actor=actor,
            person=person,
            other=member,
            kind=kind,
            parental_responsibility=parental_responsibility,
        )


VOICE_CONTEXTS = [
    ("visit", "During a visit"),
    ("assessment", "For an assessment"),
    ("plan", "For a plan or its review"),
    ("conference", "For a conference or looked-after review"),
    ("other", "Somewhere else"),
]


def voice_of_child_record(
    *, actor: User, person: Person, recorded_on: date, context: str, in_childs_words: str
) -> VoiceOfChild:
    """The child's wishes and feelings in their own words."""
    require_child_access(actor, person, write=True)
    errors: dict[str, str] = {}
    not_in_future(errors, "recorded_on", recorded_on)
    if person.date_of_birth is None:
        errors["recorded_on"] = "An unborn child's voice cannot be recorded yet"
    elif recorded_on < person.date_of_birth:
        errors["recorded_on"] = "The date cannot be before the child was born"
    if context not in dict(VOICE_CONTEXTS):
        errors["context"] = "Choose when the child said this"
    if not in_childs_words.strip():
        errors["in_childs_words"] = "Enter what the child said, in their own words"
    raise_if(errors)
    return record_create(
        actor=actor,
        person=person,
        instance=VoiceOfChild(
            person=person,
            recorded_on=recorded_on,
            context=context,
            in_childs_words=in_childs_words.strip(),
            recorded_by=actor,
        ),
    )
