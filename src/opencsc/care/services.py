"""Writes for looked-after children. Episodes are the SSDA903 rows, so each service keeps them
contiguous: a change ends the current episode and opens the next on the same day."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from opencsc.access.models import User
from opencsc.access.permissions import require_child_access
from opencsc.care.models import ClaReview, Episode, MissingEpisode, PeriodOfCare
from opencsc.core.codes import PLACEMENT_TYPES_WITHOUT_PROVIDER, is_valid_code
from opencsc.core.workingdays import add_months
from opencsc.people.models import Person
from opencsc.people.services import not_in_future, raise_if, record_create, record_update


def _collection_year(on: date) -> str:
    start = on.year if on.month >= 4 else on.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def _placement_errors(errors: dict[str, str], on: date, placement_type: str, provider: str) -> None:
    if not is_valid_code("placement_type", placement_type, _collection_year(on)):
        errors["placement_type"] = (
            f"{placement_type!r} is not a placement type in {_collection_year(on)}"
        )
    elif placement_type in PLACEMENT_TYPES_WITHOUT_PROVIDER:
        if provider:
            errors["placement_provider"] = (
                "Leave the provider blank for temporary and unregistered placements"
            )
    elif not is_valid_code("placement_provider", provider):
        errors["placement_provider"] = "Choose who provides the placement"


def current_episode(person: Person) -> Episode | None:
    return (
        Episode.objects.filter(person=person, end_date__isnull=True)
        .select_related("period")
        .first()
    )


def care_start(
    *,
    actor: User,
    person: Person,
    start_date: date,
    legal_status: str,
    category_of_need: str,
    placement_type: str,
    placement_provider: str = "",
    placement_postcode: str = "",
    home_postcode: str = "",
    urn: str = "",
) -> Episode:
    require_child_access(actor, person, write=True)
    errors: dict[str, str] = {}
    not_in_future(errors, "start_date", start_date)
    if current_episode(person) is not None:
        errors["start_date"] = "This child is already looked after"
    dob = person.date_of_birth
    if dob is None or start_date < dob or add_months(dob, 18 * 12) <= start_date:
        errors["start_date"] = "A child must be under 18 (and born) to start to be looked after"
    if not is_valid_code("legal_status", legal_status):
        errors["legal_status"] = "Choose the legal status"
    if not is_valid_code("category_of_need", category_of_need):
        errors["category_of_need"] = "Choose the category of need"
    _placement_errors(errors, start_date, placement_type, placement_provider)
    raise_if(errors)
    with transaction.atomic():
        period = record_create(
            actor=actor, person=person, instance=PeriodOfCare(person=person, start_date=start_date)
        )
        return record_create(
            actor=actor,
            person=person,
            instance=Episode(
                person=person,
                period=period,
                start_date=start_date,
                reason_new_episode="S",
                legal_status=legal_status,
                category_of_need=category_of_need,
                placement_type=placement_type,
                placement_provider=placement_provider,
                placement_postcode=placement_postcode,
                home_postcode=home_postcode,
                urn=urn,
            ),
        )


def _next_episode(
    *,
    actor: User,
    person: Person,
    expected_version: int,
    on: date,
    rne: str,
    reason_place_change: str = "",
    **new: str,
) -> Episode:
    require_child_access(actor, person, write=True)
    current = current_episode(person)
    errors: dict[str, str] = {}
    not_in_future(errors, "date", on)
    if current is None:
        raise ValidationError({"date": "This child is not looked after"})
    if on <= current.start_date:
        errors["date"] = "The change must be after the current episode started"
    raise_if(errors)
    with transaction.atomic():
        record_update(
            actor=actor,
            person=person,
            instance=current,
            expected_version=expected_version,
            changes={
                "end_date": on,
                "reason_ceased": "X1",
                "reason_place_change": reason_place_change,
            },
        )
        fields = {
            f: getattr(current, f)
            for f in (
                "legal_status",
                "category_of_need",
                "placement_type",
                "placement_provider",
                "placement_postcode",
                "home_postcode",
                "urn",
            )
        }
        fields.update(new)
        return record_create(
            actor=actor,
            person=person,
            instance=Episode(
                person=person,
                period=current.period,
                start_date=on,
                reason_new_episode=rne,
                **fields,
            ),
        )


def placement_change(
    *,
    actor: User,
    person: Person,
    expected_version: int,
    on: date,
    placement_type: str,
    placement_provider: str,
    reason_place_change: str,
    placement_postcode: str = "",
    urn: str = "",
) -> Episode:
    errors: dict[str, str] = {}
    _placement_errors(errors, on, placement_type, placement_provider)
    if not is_valid_code("reason_place_change", reason_place_change):
        errors["reason_place_change"] = "Choose the reason the placement changed"
    raise_if(errors)
    return _next_episode(
        actor=actor,
        person=person,
        expected_version=expected_version,
        on=on,
        rne="P",
        reason_place_change=reason_place_change,
        placement_type=placement_type,
        placement_provider=placement_provider,
        placement_postcode=placement_postcode,
        urn=urn,
    )


def legal_status_change(
    *, actor: User, person: Person, expected_version: int, on: date, legal_status: str
) -> Episode:
    if not is_valid_code("legal_status", legal_status):
        raise ValidationError({"legal_status": "Choose the legal status"})
    return _next_episode(
        actor=actor,
        person=person,
        expected_version=expected_version,
        on=on,
        rne="L",
        legal_status=legal_status,
    )


def care_end(
    *, actor: User, person: Person, expected_version: int, on: date, reason_ceased: str
) -> Episode:
    require_child_access(actor, person, write=True)
    current = current_episode(person)
    errors: dict[str, str] = {}
    not_in_future(errors, "date", on)
    if current is None:
        raise ValidationError({"date": "This child is not looked after"})
    if on < current.start_date:
        errors["date"] = "Care cannot end before the current episode started"
    if reason_ceased == "X1" or not is_valid_code("reason_episode_ceased", reason_ceased):
        errors["reason_ceased"] = "Choose why the child stopped being looked after"
    raise_if(errors)
    with transaction.atomic():
        episode = record_update(
            actor=actor,
            person=person,
            instance=current,
            expected_version=expected_version,
            changes={"end_date": on, "reason_ceased": reason_ceased},
        )
        period = current.period
        record_update(
            actor=actor,
            person=person,
            instance=period,
            expected_version=period.version,
            changes={"end_date": on},
        )
    return episode


def cla_review_record(
    *, actor: User, person: Person, review_date: date, participation: str
) -> ClaReview:
    require_child_access(actor, person, write=True)
    errors: dict[str, str] = {}
    not_in_future(errors, "review_date", review_date)
    period = (
        PeriodOfCare.objects.filter(person=person, start_date__lte=review_date)
        .order_by("-start_date")
        .first()
    )
    if period is None or (period.end_date is not None and period.end_date < review_date):
        errors["review_date"] = "A review is held while the child is looked after"
    if not is_valid_code("review_participation", participation):
        errors["participation"] = "Choose how the child took part"
    elif (
        participation == "PN0"
        and person.date_of_birth
        and add_months(person.date_of_birth, 48) <= review_date
    ):
        errors["participation"] = "PN0 is only for a child under 4"
    raise_if(errors)
    assert period is not None
    return record_create(
        actor=actor,
        person=person,
        instance=ClaReview(
            person=person,
            period=period,
            review_date=review_date,
            participation=participation,
            iro=actor,
        ),
    )


def missing_episode_record(
    *, actor: User, person: Person, kind: str, start_date: date, end_date: date | None = None
) -> MissingEpisode:
    require_child_access(actor, person, write=True)
    errors: dict[str, str] = {}
    not_in_future(errors, "start_date", start_date)
    if not is_valid_code("missing_type", kind):
        errors["kind"] = "Choose missing (M) or away without authorisation (A)"
    if end_date is not None and end_date < start_date:
        errors["end_date"] = "The child cannot return before they went missing"
    raise_if(errors)
    return record_create(
        actor=actor,
        person=person,
        instance=MissingEpisode(person=person, kind=kind, start_date=start_date, end_date=end_date),
    )
