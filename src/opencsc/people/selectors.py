"""Reads of people: search within what the user may see, and a child's chronology."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Q, QuerySet

from opencsc.access.audit import audit_log
from opencsc.access.models import User
from opencsc.access.permissions import require_child_access, visible_children
from opencsc.people.models import Person

SEARCH_LIMIT = 50


def person_search(*, user: User, query: str) -> QuerySet[Person]:
    """Children the user may see, matched by name, date of birth (dd/mm/yyyy), LA id, UPN or NHS
    number. A search never reveals that a child the user may not see exists."""
    q = query.strip()
    scope = visible_children(user)
    if not q:
        return scope.none()
    digits = re.sub(r"\s", "", q)
    if re.fullmatch(r"\d{10}", digits):
        return scope.filter(nhs_number=digits)[:SEARCH_LIMIT]
    try:
        dob = datetime.strptime(q, "%d/%m/%Y").date()
    except ValueError:
        dob = None
    if dob is not None:
        return scope.filter(date_of_birth=dob).order_by("family_name", "given_name")[:SEARCH_LIMIT]
    words = q.split()
    match = Q(la_child_id__iexact=q) | Q(upn__iexact=q)
    name = Q()
    for w in words:
        name &= Q(given_name__istartswith=w) | Q(family_name__istartswith=w)
    return scope.filter(match | name).order_by("family_name", "given_name")[:SEARCH_LIMIT]


@dataclass(frozen=True)
class Event:
    on: date
    kind: str
    title: str
    detail: str = ""


ChronologySource = Callable[[Person], Iterable[Event]]
_SOURCES: list[ChronologySource] = []


def register_chronology_source(source: ChronologySource) -> ChronologySource:
    """Each app adds its own events, so people need not import journey or care."""
    _SOURCES.append(source)
    return source


def child_chronology(
    *,
    user: User,
    person: Person,
    kind: str | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[Event]:
    """Everything that happened to the child, newest first, optionally of one kind and between
    two dates (inclusive). Sources read `person`'s related managers, so prefetch them to read
    each table once."""
    require_child_access(user, person)
    audit_log(actor=user, action="read", person=person, detail={"view": "chronology"})
    events = [
        e
        for source in _SOURCES
        for e in source(person)
        if kind in (None, "", e.kind)
        and (since is None or e.on >= since)
        and (until is None or e.on <= until)
    ]
    return sorted(events, key=lambda e: e.on, reverse=True)
