"""Writes for looked-after children. Episodes are the SSDA903 rows, so each service keeps them
contiguous: a change ends the current episode and opens the next on the same day.

Every SSDA903 rule that can be judged on one child's record is checked here, before anything is
saved, so the web forms, the API and imports all refuse the error at entry instead of the return
finding it in March. The rule numbers are in the comments.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import models, transaction

from opencsc.access.models import User
from opencsc.access.permissions import require_child_access
from opencsc.care.models import (
    Adoption,
    CareLeaverContact,
    ClaReview,
    Episode,
    MissingEpisode,
    PeriodOfCare,
    PermanenceKind,
    PermanenceOrder,
    PlacedForAdoption,
)
from opencsc.core.codes import (
    ADOPTION_REASONS_CEASED,
    PLACEMENT_TYPES_WITHOUT_PROVIDER,
    SGO_REASONS_CEASED,
    is_valid_code,
)
from opencsc.core.workingdays import add_months
from opencsc.people.models import Person
from opencsc.people.services import not_in_future, raise_if, record_create, record_update

TEMPORARY = frozenset({"T0", "T1", "T2", "T3", "T4"})
RESPITE = frozenset({"V3", "V4"})
FOSTER = frozenset({"U1", "U2", "U3", "U4", "U5", "U6"})
ADOPTION_PLACEMENTS = frozenset({"A3", "A4", "A5", "A6"})
WITH_CURRENT_FOSTER_CARER = frozenset({"A3", "A5"})
# Ending care through an order is recorded with the order (permanence services), which also
# record what the return asks about it (AD1 for adoption, rule 601).
CAO_REASON = "E41"
PERMANENCE_REASONS = ADOPTION_REASONS_CEASED | SGO_REASONS_CEASED | {CAO_REASON}
# 222: placements not registered with Ofsted carry no URN ('Z1' in 2024-25, Z11-Z14 after).
NO_URN = frozenset({"P1", "P3", "R1", "R2", "R5", "Z1", "Z11", "Z12", "Z13", "Z14", *TEMPORARY})
URN_FOR_ADOPTION_AGENCIES = "XXXXXXX"  # 242
# 371-374 (H5 is 2024-25's code for K3's supported accommodation).
MIN_AGE_FOR_PLACEMENT = {"K3": 16, "H5": 16, "R5": 10, "S1": 4, "P3": 14}
YOUTH_JUSTICE_STATUSES = frozenset({"J1", "J2", "J3"})  # 358: not under 10
# 527-531: placements each provider cannot provide; 550: PR0 (parents) only provides P1.
PROVIDER_CANNOT_PROVIDE = {
    "PR1": frozenset({"P1", "R2", "R5"}),
    "PR2": frozenset({"P1", "R2", "R5"}),
    "PR3": frozenset({"P1", "K1", "K2", *ADOPTION_PLACEMENTS, *FOSTER}),
    "PR4": frozenset({"P1"}),
    "PR5": frozenset({"P1"}),
}
# 514, 517-520, 524: the adopters' sexes each legal status allows.
ADOPTERS_FOR_STATUS = {
    "L0": frozenset({"M1", "F1"}),
    "L11": frozenset({"MF"}),
    "L12": frozenset({"MM", "FF"}),
    "L2": frozenset({"MM", "FF", "MF"}),
    "L3": frozenset({"MF"}),
    "L4": frozenset({"MM", "FF"}),
}
SINGLE_ADOPTER = frozenset({"M1", "F1"})
NOT_FOSTERED = "The child was not placed with foster carers (U1 to U6) in this period of care"
EPISODE_FIELDS = (
    "legal_status",
    "category_of_need",
    "placement_type",
    "placement_provider",
    "placement_postcode",
    "home_postcode",
    "urn",
)
PLACEMENT_FIELDS = ("placement_type", "placement_provider", "placement_postcode", "urn")  # 434-436
_POSTCODE = re.compile(r"([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9](?:[A-Z]{2})?)")
_URN = re.compile(r"[A-Z0-9]{6,8}")


def collection_year(on: date) -> str:
    start = on.year if on.month >= 4 else on.year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def _aged(person: Person, years: int, on: date) -> bool | None:
    """Whether the child is `years` old or more on `on` (None: date of birth unknown)."""
    dob = person.date_of_birth
    return None if dob is None else add_months(dob, years * 12) <= on


def _placement_errors(errors: dict[str, str], on: date, placement_type: str, provider: str) -> None:
    if not is_valid_code("placement_type", placement_type, collection_year(on)):
        errors["placement_type"] = (
            f"{placement_type!r} is not a placement type in {collection_year(on)}"
        )
    elif placement_type in PLACEMENT_TYPES_WITHOUT_PROVIDER:
        if provider:  # 213
            errors["placement_provider"] = (
                "Leave the provider blank for temporary and unregistered placements"
            )
    elif not is_valid_code("placement_provider", provider):  # 178, 526
        errors["placement_provider"] = "Choose who provides the placement"
    elif provider == "PR0" and placement_type != "P1":  # 550
        errors["placement_provider"] = "Parents (PR0) only provide a placement with parents (P1)"
    elif placement_type in PROVIDER_CANNOT_PROVIDE.get(provider, ()):  # 527-531
        errors["placement_provider"] = f"{provider} cannot provide a {placement_type} placement"


def _postcode(value: str) -> str | None:
    """A full or partial (district and sector) postcode, written 'AB1 2CD'; None if not one."""
    match = _POSTCODE.fullmatch(re.sub(r"\s+", "", value.upper()))
    return f"{match[1]} {match[2]}" if match else None


def _clean_place(errors: dict[str, str], new: dict[str, str]) -> None:
    """Normalise the postcodes and URN as written, so the same place compares equal."""
    for field in ("placement_postcode", "home_postcode"):
        if field not in new:
            continue
        value = new[field].strip()
        if value:
            cleaned = _postcode(value)
            if cleaned is None:
                errors[field] = "Enter a real postcode, like AA1 1AA"
            else:
                value = cleaned
        new[field] = value
    urn = new["urn"].strip().upper()
    if urn and not _URN.fullmatch(urn):
        errors["urn"] = "Enter the URN as Ofsted gives it: 6 to 8 letters and numbers"
    new["urn"] = urn


def _chained_version(model: type[models.Model], person: Person) -> int:
    """The version a new episode (or missing episode, or adoption decision) starts at: one past
    the child's previous one. An update names the version the worker saw, and the record it
    applies to is whichever is current when they save; were each new record to start at 1, a form
    opened on the last episode could be saved over the next one. Continuing the count makes that
    a stale version, refused like any other."""
    latest = model._default_manager.filter(person=person).aggregate(v=models.Max("version"))["v"]
    return (latest or 0) + 1


def is_looked_after(person: Person) -> bool:
    return Episode.objects.filter(person=person, end_date__isnull=True).exists()


def current_episode(person: Person) -> Episode | None:
    return (
        Episode.objects.filter(person=person, end_date__isnull=True)
        .select_related("period")
        .first()
    )


def open_missing_episode(person: Person) -> MissingEpisode | None:
    return MissingEpisode.objects.filter(person=person, end_date__isnull=True).first()


def open_adoption_decision(person: Person) -> PlacedForAdoption | None:
    """The decision that the child should be placed for adoption, unless it was reversed."""
    return (
        PlacedForAdoption.objects.filter(person=person, ceased_date__isnull=True)
        .order_by("-placed_date")
        .first()
    )


def adoption_plan(person: Person) -> Adoption | None:
    """The child's adoption milestones while a decision to place them stands."""
    if open_adoption_decision(person) is None:
        return None
    return Adoption.objects.filter(person=person, decision_date__isnull=False).first()


def _episode_errors(
    errors: dict[str, str], person: Person, on: date, new: dict[str, str], rne: str
) -> None:
    """The rules one episode must meet on its own, `new` being its fields from `on`."""
    ls, place, urn = new["legal_status"], new["placement_type"], new["urn"]
    if not is_valid_code("legal_status", ls):  # 144
        errors["legal_status"] = "Choose the legal status"
    placing = rne != "L"  # a change of legal status only carries the placement over
    if placing:
        _placement_errors(errors, on, place, new["placement_provider"])
    field = errors.setdefault
    if place in TEMPORARY and rne not in {"P", "B"}:  # 380
        field(
            "placement_type",
            "A temporary placement can only follow another placement: care cannot start in one, "
            "and the legal status cannot change during one",
        )
    if ls in RESPITE and place in TEMPORARY | {"U1", "U4"}:  # 382, 384
        field(
            "placement_type",
            "A child on short breaks cannot be in a temporary or long-term foster placement",
        )
    if ls == "V2" and place == "P1":  # 378
        field("legal_status", "A child placed with parents cannot be accommodated under V2")
    if place in {"A5", "A6"} and ls != "E1":  # 408
        field("legal_status", "A child placed for adoption under a placement order is on E1")
    if place in WITH_CURRENT_FOSTER_CARER and rne not in {"S", "T", "U"}:  # 217
        field(
            "placement_type",
            "A3 and A5 are placements for adoption with the current foster carer: the child "
            "stays with the same carer",
        )
    if place in ADOPTION_PLACEMENTS or ls == "E1":
        decision = open_adoption_decision(person)
        if decision is None or decision.placed_date > on:  # 551, 552, 553, 554
            field(
                "placement_type" if place in ADOPTION_PLACEMENTS else "legal_status",
                "Record the decision that the child should be placed for adoption first",
            )
        elif place in ADOPTION_PLACEMENTS:
            adoption = Adoption.objects.filter(person=person).first()
            if adoption is None or adoption.match_date is None or adoption.match_date > on:
                field("placement_type", "Record the match with adopters first")  # 331
    if ls in YOUTH_JUSTICE_STATUSES and _aged(person, 10, on) is False:  # 358
        field("legal_status", f"A child under 10 cannot be on legal status {ls}")
    min_age = MIN_AGE_FOR_PLACEMENT.get(place)
    if placing and min_age and _aged(person, min_age, on) is False:  # 371-374
        field("placement_type", f"A child in a {place} placement must be at least {min_age}")
    if ls in RESPITE:
        if new["placement_postcode"] or urn:  # 214
            field(
                "placement_postcode", "Leave the placement postcode and URN blank for short breaks"
            )
    elif placing:  # 392b (home asked at the start; a UASC child may have no home postcode)
        if not new["placement_postcode"]:
            field("placement_postcode", "Enter the placement's postcode")
        uasc = getattr(getattr(person, "uasc_status", None), "uasc", False)
        if rne == "S" and not new["home_postcode"] and not uasc:
            field("home_postcode", "Enter the postcode of the child's home")
    same_postcode = new["home_postcode"] and new["home_postcode"] == new["placement_postcode"]
    if placing and same_postcode and place != "P1":
        field(  # 392d
            "placement_postcode",
            "The placement postcode is the home postcode: only a placement with parents can be",
        )
    if not placing:
        return
    if urn == URN_FOR_ADOPTION_AGENCIES:
        if place not in ADOPTION_PLACEMENTS | FOSTER:  # 242
            field("urn", "URN XXXXXXX is only for placements through a regional adoption agency")
    elif urn and place in NO_URN:  # 222
        field("urn", f"Leave the URN blank: placement type {place} has no Ofsted URN")


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
    new = {
        "legal_status": legal_status,
        "category_of_need": category_of_need,
        "placement_type": placement_type,
        "placement_provider": placement_provider,
        "placement_postcode": placement_postcode,
        "home_postcode": home_postcode,
        "urn": urn,
    }
    _clean_place(errors, new)
    not_in_future(errors, "start_date", start_date)
    if current_episode(person) is not None:
        errors["start_date"] = "This child is already looked after"
    last = Episode.objects.filter(person=person).order_by("-start_date").first()
    if last is not None and last.end_date is not None and start_date <= last.end_date:  # 431, 501
        errors["start_date"] = "Care starts after the previous period of care ended"
    dob = person.date_of_birth
    if dob is None or start_date < dob or add_months(dob, 18 * 12) <= start_date:  # 302, 352
        errors["start_date"] = "A child must be under 18 (and born) to start to be looked after"
    if not is_valid_code("category_of_need", category_of_need):  # 145
        errors["category_of_need"] = "Choose the category of need"
    _episode_errors(errors, person, start_date, new, "S")
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
                version=_chained_version(Episode, person),
                **new,
            ),
        )


def _looked_after_now(person: Person, field: str = "on") -> Episode:
    current = current_episode(person)
    if current is None:
        raise ValidationError({field: "This child is not looked after"})
    return current


def _missing_errors(errors: dict[str, str], person: Person, field: str) -> None:
    missing = open_missing_episode(person)
    if missing is not None:  # 575, 577
        errors[field] = (
            f"The child has been missing or away since {missing.start_date:%-d %B %Y}: "
            "record their return first"
        )


def _next_episode(
    *,
    actor: User,
    person: Person,
    current: Episode,
    expected_version: int,
    on: date,
    rne: str,
    changes: dict[str, str],
    errors: dict[str, str],
    reason_place_change: str = "",
) -> Episode:
    """End `current` on `on` and open the next episode with `changes`, if no rule is broken."""
    new = {f: getattr(current, f) for f in EPISODE_FIELDS} | changes
    not_in_future(errors, "on", on)
    if on <= current.start_date:  # 355, 501
        errors["on"] = "The change must be after the current episode started"
    _missing_errors(errors, person, "on")
    _episode_errors(errors, person, on, new, rne)
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
        return record_create(
            actor=actor,
            person=person,
            instance=Episode(
                person=person,
                period=current.period,
                start_date=on,
                reason_new_episode=rne,
                version=_chained_version(Episode, person),
                **new,
            ),
        )


def reason_new_episode(*, legal_status_changed: bool, same_carer: bool) -> str:
    """RNE for a placement move: P a new placement and carer, T a new placement with the same
    carer, B and U the same with a change of legal status too. These are the DfE's meanings,
    the only ones under which its rules agree: 435 has P and T keep the legal status, 436 has B
    and U change it, 380 lets a temporary placement (a new carer) start only with P or B, and 217
    has a placement with the current foster carer (A3, A5) start with S, T or U. (The labels in
    `opencsc.core.codes.REASON_NEW_EPISODE` for T, U and B do not follow them.)"""
    if legal_status_changed:
        return "U" if same_carer else "B"
    return "T" if same_carer else "P"


def placement_change(
    *,
    actor: User,
    person: Person,
    expected_version: int,
    on: date,
    placement_type: str,
    placement_provider: str,
    reason_place_change: str = "",
    placement_postcode: str = "",
    urn: str = "",
    legal_status: str = "",
    same_carer: bool = False,
) -> Episode:
    """Move the child; `legal_status` is given only if it changed the same day."""
    require_child_access(actor, person, write=True)
    current = _looked_after_now(person)
    errors: dict[str, str] = {}
    changes = {
        "placement_type": placement_type,
        "placement_provider": placement_provider,
        "placement_postcode": placement_postcode,
        "urn": urn,
        "legal_status": legal_status or current.legal_status,
    }
    _clean_place(errors, changes)
    if all(changes[f] == getattr(current, f) for f in PLACEMENT_FIELDS):  # 435
        errors["placement_type"] = (
            "Nothing about the placement changed: give the new placement's type, provider, "
            "postcode or URN"
        )
    if current.placement_type in TEMPORARY or placement_type in TEMPORARY:  # 226
        if reason_place_change:
            errors["reason_place_change"] = (
                "Leave the reason blank when the child moves into or out of a temporary placement"
            )
    elif not is_valid_code("reason_place_change", reason_place_change):  # 225, 1009
        errors["reason_place_change"] = "Choose the reason the placement changed"
    if reason_place_change == "CUSTOD" and _aged(person, 10, on) is False:  # 234
        errors["reason_place_change"] = "A child under 10 cannot move because of custody"
    return _next_episode(
        actor=actor,
        person=person,
        current=current,
        expected_version=expected_version,
        on=on,
        rne=reason_new_episode(
            legal_status_changed=changes["legal_status"] != current.legal_status,
            same_carer=same_carer,
        ),
        changes=changes,
        errors=errors,
        reason_place_change=reason_place_change,
    )


def legal_status_change(
    *, actor: User, person: Person, expected_version: int, on: date, legal_status: str
) -> Episode:
    require_child_access(actor, person, write=True)
    current = _looked_after_now(person)
    errors: dict[str, str] = {}
    if legal_status == current.legal_status:  # 434
        errors["legal_status"] = f"The child is already on {legal_status}: choose the new status"
    return _next_episode(
        actor=actor,
        person=person,
        current=current,
        expected_version=expected_version,
        on=on,
        rne="L",
        changes={"legal_status": legal_status},
        errors=errors,
    )


def _care_end_errors(
    errors: dict[str, str], person: Person, current: Episode, on: date, reason: str
) -> None:
    not_in_future(errors, "on", on)
    if on <= current.start_date:  # 355, 356
        errors["on"] = "Care must end after the current episode started"
    if reason == "X1" or not is_valid_code("reason_episode_ceased", reason):  # 149
        errors["reason_ceased"] = "Choose why the child stopped being looked after"
    field = errors.setdefault
    if current.placement_type in TEMPORARY:  # 381
        field("reason_ceased", "Care cannot end in a temporary placement: record the move first")
    if reason in ADOPTION_REASONS_CEASED | SGO_REASONS_CEASED and _aged(person, 18, on):  # 386, 407
        field(
            "reason_ceased", "A young person of 18 or over cannot be adopted or placed under a SGO"
        )
    minimum = {"E5": 14, "E6": 14, "E7": 16, "E17": 18}.get(reason)
    if minimum and _aged(person, minimum, on) is False:  # 387, 389, 460
        field("reason_ceased", f"Reason {reason} is only for a young person aged {minimum} or over")
    if reason in ADOPTION_REASONS_CEASED and current.placement_type not in ADOPTION_PLACEMENTS:
        field("reason_ceased", "The child must be placed for adoption (A3 to A6) first")  # 390
    if (
        reason in {"E45", "E46"}
        and not current.period.episodes.filter(placement_type__in=FOSTER).exists()
    ):  # 516
        field("reason_ceased", NOT_FOSTERED)
    if reason not in ADOPTION_REASONS_CEASED and open_adoption_decision(person) is not None:
        field(  # 557, 117
            "reason_ceased",
            "Record that the child should no longer be placed for adoption first",
        )
    _missing_errors(errors, person, "on")
    turned_18 = (
        bool(person.date_of_birth)
        and _aged(person, 18, on)
        and not _aged(person, 18, on - timedelta(days=1))
    )
    if (
        turned_18
        and reason != "E8"
        and MissingEpisode.objects.filter(person=person, end_date=on).exists()
    ):  # 580
        field("reason_ceased", "A young person missing on their 18th birthday leaves care with E8")


def _end_care(
    *, actor: User, person: Person, current: Episode, expected_version: int, on: date, reason: str
) -> Episode:
    episode = record_update(
        actor=actor,
        person=person,
        instance=current,
        expected_version=expected_version,
        changes={"end_date": on, "reason_ceased": reason},
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


def care_end(
    *, actor: User, person: Person, expected_version: int, on: date, reason_ceased: str
) -> Episode:
    require_child_access(actor, person, write=True)
    current = _looked_after_now(person)
    errors: dict[str, str] = {}
    if reason_ceased in PERMANENCE_REASONS:
        errors["reason_ceased"] = (
            "Record the adoption, special guardianship or child arrangements order instead: "
            "it ends care too"
        )
    _care_end_errors(errors, person, current, on, reason_ceased)
    raise_if(errors)
    with transaction.atomic():
        return _end_care(
            actor=actor,
            person=person,
            current=current,
            expected_version=expected_version,
            on=on,
            reason=reason_ceased,
        )


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
    else:
        episode = (
            period.episodes.filter(start_date__lte=review_date).order_by("-start_date").first()
        )
        if episode is not None and episode.legal_status in RESPITE:  # 399
            errors["review_date"] = "Children on short breaks (V3, V4) have no looked-after reviews"
    under_4 = _aged(person, 4, review_date) is False
    if not is_valid_code("review_participation", participation):  # 167
        errors["participation"] = "Choose how the child took part"
    elif participation == "PN0" and not under_4 and person.date_of_birth:  # 440
        errors["participation"] = "PN0 is only for a child under 4"
    elif participation != "PN0" and under_4:  # 441
        errors["participation"] = "The child was under 4 at the review: choose PN0"
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
    not_in_future(errors, "end_date", end_date)
    if not is_valid_code("missing_type", kind):  # 565, 1006
        errors["kind"] = "Choose missing or away from placement without authorisation"
    if end_date is not None and end_date < start_date:  # 567
        errors["end_date"] = "The child cannot return before they went missing"
    looked_after = Episode.objects.filter(person=person, start_date__lte=start_date).exclude(
        end_date__lt=start_date
    )
    if not looked_after.exists():  # 578, 581
        errors["start_date"] = "The child was not looked after on that date"
    elif person.date_of_birth and start_date <= person.date_of_birth:  # 586
        errors["start_date"] = "The date must be after the child was born"
    if open_missing_episode(person) is not None:  # 574
        errors["start_date"] = "The child is already missing: record their return first"
    elif MissingEpisode.objects.filter(person=person, end_date__gt=start_date).exists():  # 574
        errors["start_date"] = "This overlaps an earlier missing episode"
    raise_if(errors)
    return record_create(
        actor=actor,
        person=person,
        instance=MissingEpisode(
            person=person,
            kind=kind,
            start_date=start_date,
            end_date=end_date,
            version=_chained_version(MissingEpisode, person),
        ),
    )


def missing_episode_end(
    *,
    actor: User,
    person: Person,
    expected_version: int,
    end_date: date,
    return_interview_offered: bool,
    return_interview_accepted: bool | None = None,
) -> MissingEpisode:
    """The child came back: when, and whether a return home interview was offered and taken."""
    require_child_access(actor, person, write=True)
    missing = open_missing_episode(person)
    if missing is None:
        raise ValidationError({"end_date": "The child is not recorded as missing"})
    errors: dict[str, str] = {}
    not_in_future(errors, "end_date", end_date)
    if end_date < missing.start_date:  # 567
        errors["end_date"] = "The child cannot return before they went missing"
    if return_interview_offered and return_interview_accepted is None:
        errors["return_interview_accepted"] = "Say whether the child accepted the interview"
    if not return_interview_offered and return_interview_accepted is not None:
        errors["return_interview_accepted"] = "An interview that was not offered was not accepted"
    raise_if(errors)
    return record_update(
        actor=actor,
        person=person,
        instance=missing,
        expected_version=expected_version,
        changes={
            "end_date": end_date,
            "return_interview_offered": return_interview_offered,
            "return_interview_accepted": return_interview_accepted,
        },
    )


# Permanence: the AD1 and PlacedAdoption tables of the SSDA903 and the orders that end care.


def adoption_decision_record(*, actor: User, person: Person, decision_date: date) -> Adoption:
    """The agency decision that the child should be placed for adoption (DATE_INT and
    DATE_PLACED, which rule 523 wants equal, so it is recorded once for both)."""
    require_child_access(actor, person, write=True)
    current = _looked_after_now(person, "decision_date")
    errors: dict[str, str] = {}
    not_in_future(errors, "decision_date", decision_date)
    if decision_date < current.period.start_date:  # 1003, 184
        errors["decision_date"] = "The decision is made after the child started to be looked after"
    if open_adoption_decision(person) is not None:  # 579
        errors["decision_date"] = "A decision that the child should be placed for adoption stands"
    elif PlacedForAdoption.objects.filter(person=person, ceased_date__gt=decision_date).exists():
        errors["decision_date"] = "The decision must follow the reversal of the earlier one"
    adoption = Adoption.objects.filter(person=person).first()
    if adoption is not None and adoption.adoption_order_date is not None:
        errors["decision_date"] = "This child has already been adopted"
    raise_if(errors)
    with transaction.atomic():
        record_create(
            actor=actor,
            person=person,
            instance=PlacedForAdoption(
                person=person,
                placed_date=decision_date,
                version=_chained_version(PlacedForAdoption, person),
            ),
        )
        if adoption is None:
            return record_create(
                actor=actor,
                person=person,
                instance=Adoption(person=person, decision_date=decision_date),
            )
        # A fresh decision after a reversed one: the milestones start again.
        return record_update(
            actor=actor,
            person=person,
            instance=adoption,
            expected_version=adoption.version,
            changes={"decision_date": decision_date, "match_date": None},
        )


def adoption_decision_reverse(
    *, actor: User, person: Person, expected_version: int, on: date, reason: str
) -> PlacedForAdoption:
    """The decision that the child should no longer be placed for adoption, and why."""
    require_child_access(actor, person, write=True)
    decision = open_adoption_decision(person)
    if decision is None:
        raise ValidationError({"on": "There is no decision to place this child for adoption"})
    current = current_episode(person)
    errors: dict[str, str] = {}
    not_in_future(errors, "on", on)
    if on < decision.placed_date:  # 522
        errors["on"] = "The decision cannot be reversed before it was made"
    if current is None:  # 117
        errors["on"] = "Record the reversal while the child is looked after"
    elif current.legal_status == "E1":  # 553
        errors["on"] = "The child is on a placement order (E1): record the new legal status first"
    elif current.placement_type in ADOPTION_PLACEMENTS:  # 551
        errors["on"] = "The child is placed for adoption: record the placement move first"
    if not is_valid_code("reason_placed_ceased", reason):  # 119, 120
        errors["reason"] = "Choose why the child should no longer be placed for adoption"
    raise_if(errors)
    return record_update(
        actor=actor,
        person=person,
        instance=decision,
        expected_version=expected_version,
        changes={"ceased_date": on, "reason_ceased": reason},
    )


def adoption_match_record(
    *, actor: User, person: Person, expected_version: int, match_date: date
) -> Adoption:
    require_child_access(actor, person, write=True)
    adoption = adoption_plan(person)
    if adoption is None or adoption.decision_date is None:
        raise ValidationError(
            {"match_date": "Record the decision that the child should be placed for adoption"}
        )
    errors: dict[str, str] = {}
    not_in_future(errors, "match_date", match_date)
    if match_date < adoption.decision_date:  # 333
        errors["match_date"] = "The match must be on or after the decision to place for adoption"
    raise_if(errors)
    return record_update(
        actor=actor,
        person=person,
        instance=adoption,
        expected_version=expected_version,
        changes={"match_date": match_date},
    )


def adoption_order_record(
    *,
    actor: User,
    person: Person,
    expected_version: int,
    order_date: date,
    reason_ceased: str,
    sex_of_adopters: str,
    adopters_legal_status: str,
) -> Adoption:
    """The adoption order: the AD1 details (rule 601) and the end of care (E11 or E12)."""
    require_child_access(actor, person, write=True)
    current = _looked_after_now(person, "order_date")
    adoption = adoption_plan(person)
    errors: dict[str, str] = {}
    if reason_ceased not in ADOPTION_REASONS_CEASED:
        errors["reason_ceased"] = "Choose whether the application was opposed"
    if not is_valid_code("sex_of_adopters", sex_of_adopters):  # 176
        errors["sex_of_adopters"] = "Choose who adopted the child"
    if not is_valid_code("adopters_legal_status", adopters_legal_status):  # 177
        errors["adopters_legal_status"] = "Choose the adopters' legal status"
    elif sex_of_adopters not in ADOPTERS_FOR_STATUS[adopters_legal_status]:  # 514, 517-520, 524
        errors["adopters_legal_status"] = "The adopters' legal status does not fit who they are"
    if adoption is None or adoption.match_date is None:  # 601, 525
        errors["order_date"] = "Record the decision to place for adoption and the match first"
    elif order_date <= adoption.match_date:  # 582
        errors["order_date"] = "The adoption order is made after the child was matched"
    elif adoption.match_date > current.start_date:  # 331
        errors["order_date"] = "The child was placed for adoption before being matched"
    _care_end_errors(errors, person, current, order_date, reason_ceased)
    if "on" in errors:
        errors.setdefault("order_date", errors.pop("on"))
    raise_if(errors)
    assert adoption is not None
    with transaction.atomic():
        adoption = record_update(
            actor=actor,
            person=person,
            instance=adoption,
            expected_version=adoption.version,
            changes={
                "adoption_order_date": order_date,
                # 335: FOSTER_CARE is 1 exactly when the last placement is A3 or A5.
                "foster_care": current.placement_type in WITH_CURRENT_FOSTER_CARER,
                "number_of_adopters": 1 if sex_of_adopters in SINGLE_ADOPTER else 2,
                "sex_of_adopters": sex_of_adopters,
                "adopters_legal_status": adopters_legal_status,
            },
        )
        record_create(
            actor=actor,
            person=person,
            instance=PermanenceOrder(
                person=person, kind=PermanenceKind.ADOPTION, made_date=order_date
            ),
        )
        _end_care(
            actor=actor,
            person=person,
            current=current,
            expected_version=expected_version,
            on=order_date,
            reason=reason_ceased,
        )
    return adoption


def sgo_reason(*, former_foster_carers: bool, kinship: bool) -> str:
    """REC for a special guardianship order, from who the guardians are."""
    if former_foster_carers:
        return "E45" if kinship else "E46"
    return "E47" if kinship else "E48"


def permanence_order_record(
    *,
    actor: User,
    person: Person,
    kind: str,
    made_date: date,
    carers: str = "",
    kinship: bool = False,
    former_foster_carers: bool | None = None,
    expected_version: int | None = None,
) -> PermanenceOrder:
    """A special guardianship or child arrangements order. For a looked-after child it ends care,
    with the reason the order and the guardians give (E41, E45 to E48)."""
    require_child_access(actor, person, write=True)
    errors: dict[str, str] = {}
    not_in_future(errors, "made_date", made_date)
    if kind not in (PermanenceKind.SGO, PermanenceKind.CAO):
        errors["kind"] = "Choose special guardianship or child arrangements order"
    dob = person.date_of_birth
    if dob is None or made_date < dob or _aged(person, 18, made_date):  # 407
        errors["made_date"] = "The order is made for a child under 18"
    current = current_episode(person)
    reason = ""
    if current is not None and "kind" not in errors:
        if kind == PermanenceKind.CAO:
            reason = CAO_REASON
        elif former_foster_carers is None:
            errors["former_foster_carers"] = "Say whether the guardians are the foster carers"
        else:
            reason = sgo_reason(former_foster_carers=former_foster_carers, kinship=kinship)
        if expected_version is None:
            errors["made_date"] = "Reload the page: the child's care episode has changed"
        if reason:
            _care_end_errors(errors, person, current, made_date, reason)
            if "on" in errors:
                errors.setdefault("made_date", errors.pop("on"))
            if errors.get("reason_ceased") == NOT_FOSTERED:  # the answer the reason came from
                errors.setdefault("former_foster_carers", errors.pop("reason_ceased"))
    raise_if(errors)
    with transaction.atomic():
        order = record_create(
            actor=actor,
            person=person,
            instance=PermanenceOrder(
                person=person, kind=kind, made_date=made_date, carers=carers, kinship=kinship
            ),
        )
        if current is not None:
            assert expected_version is not None
            _end_care(
                actor=actor,
                person=person,
                current=current,
                expected_version=expected_version,
                on=made_date,
                reason=reason,
            )
    return order


# Care leavers.


def care_leaver_contact_record(
    *,
    actor: User,
    person: Person,
    contact_date: date,
    in_touch: str,
    activity: str = "",
    accommodation: str = "",
    staying_put: bool = False,
) -> CareLeaverContact:
    """A contact with a care leaver: the SSDA903 OC3 answers (in touch, activity, accommodation)."""
    require_child_access(actor, person, write=True)
    errors: dict[str, str] = {}
    not_in_future(errors, "contact_date", contact_date)
    if person.date_of_birth is None or not _aged(person, 17, contact_date):  # 391
        errors["contact_date"] = "Care leaver contacts are recorded from the 17th birthday"
    elif _aged(person, 26, contact_date):
        errors["contact_date"] = "Support for care leavers ends at 25"
    before = Episode.objects.filter(person=person, start_date__lte=contact_date)
    if (
        before.filter(end_date__isnull=True).exists()
        or before.filter(end_date__gt=contact_date).exists()
    ):  # 1007
        errors["contact_date"] = "The young person was still looked after on that date"
    last = before.filter(end_date__isnull=False).order_by("-end_date").first()
    if last is None:  # 1001, 1002
        errors["contact_date"] = "The young person had not left care by that date"
    elif last.reason_ceased == "E2":  # 1000
        errors["contact_date"] = "The young person died in care"
    elif last.reason_ceased == "E3":  # 1011
        errors["contact_date"] = "Another local authority took over the young person's care"
    if not is_valid_code("care_leaver_in_touch", in_touch):  # 131
        errors["in_touch"] = "Choose whether you are in touch with the young person"
    if activity and not is_valid_code("care_leaver_activity", activity):  # 132
        errors["activity"] = "Choose the young person's main activity"
    if accommodation and not is_valid_code("care_leaver_accommodation", accommodation):  # 133
        errors["accommodation"] = "Choose the young person's accommodation"
    field = errors.setdefault
    if in_touch in {"DIED", "RHOM"}:  # 344
        if activity not in {"", "0"}:
            field("activity", "Leave the activity blank: the young person died or returned home")
        if accommodation not in {"", "0"}:
            field("accommodation", "Leave the accommodation blank")
    elif in_touch == "YES":  # 345
        if activity in {"", "0"}:
            field("activity", "You are in touch: choose the young person's main activity")
        if accommodation in {"", "0"}:
            field("accommodation", "You are in touch: choose the young person's accommodation")
    elif bool(activity) != bool(accommodation):  # 153
        field("accommodation" if activity else "activity", "Give both activity and accommodation")
    if accommodation.startswith("T") and not _aged(person, 18, contact_date):  # 347
        field("accommodation", "A care leaver under 18 cannot be accommodated in a foyer")
    aged_17 = _aged(person, 17, contact_date) and not _aged(person, 18, contact_date)
    if accommodation.startswith("Z") and aged_17:  # 3001
        field("accommodation", "At 17, a care leaver cannot live with former foster carers")
    if staying_put and not (accommodation.startswith("Z") and _aged(person, 18, contact_date)):
        field("staying_put", "Staying put is living with former foster carers (Z) from 18")
    raise_if(errors)
    return record_create(
        actor=actor,
        person=person,
        instance=CareLeaverContact(
            person=person,
            contact_date=contact_date,
            in_touch=in_touch,
            activity=activity,
            accommodation=accommodation,
            staying_put=staying_put,
        ),
    )
