"""Reads for analysts: children without anything that identifies them."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import PermissionDenied

from opencsc.access.models import Role, User
from opencsc.people.models import Person


@dataclass(frozen=True)
class DeidentifiedChild:
    pseudonym: str
    age_band: str
    sex: str
    ethnicity: str
    postcode_district: str
    imd_decile: int | None


def pseudonym(person_pk: int) -> str:
    """Stable within a deployment, meaningless outside it (keyed by the secret key)."""
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"person:{person_pk}".encode(), hashlib.sha256).hexdigest()[:16]


def age_band(dob: date | None, on: date) -> str:
    if dob is None:
        return "unborn"
    age = on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))
    for upper, label in ((0, "under 1"), (4, "1-4"), (9, "5-9"), (15, "10-15")):
        if age <= upper:
            return label
    return "16+"


def deidentified_children(*, user: User, on: date | None = None) -> list[DeidentifiedChild]:
    """The analyst's view: no names, identifiers, dates of birth or full postcodes."""
    if user.role not in {Role.PERFORMANCE_ANALYST, Role.ADMINISTRATOR}:
        raise PermissionDenied("Only analysts see the de-identified list")
    on = on or date.today()
    people = Person.objects.filter(is_child=True).prefetch_related("addresses")
    if user.local_authority_id is not None:
        people = people.filter(local_authority_id=user.local_authority_id)
    rows = []
    for p in people.iterator(chunk_size=2000):
        address = max(p.addresses.all(), key=lambda a: a.start_date or date.min, default=None)
        rows.append(
            DeidentifiedChild(
                pseudonym=pseudonym(p.pk),
                age_band=age_band(p.date_of_birth, on),
                sex=p.sex,
                ethnicity=p.ethnicity,
                postcode_district=(address.postcode.split(" ")[0] if address else ""),
                imd_decile=address.imd_decile if address else None,
            )
        )
    return rows
