"""Care events in a child's chronology."""

from __future__ import annotations

from collections.abc import Iterator

from opencsc.core.codes import LEGAL_STATUS, REASON_EPISODE_CEASED
from opencsc.people.models import Person
from opencsc.people.selectors import Event, register_chronology_source

RNE_TITLES = {
    "S": "Started to be looked after",
    "L": "Legal status changed",
    "P": "Placement and carer changed",
    "T": "Placement changed, same carer",
    "U": "Legal status and placement changed, same carer",
    "B": "Legal status, placement and carer changed",
}


@register_chronology_source
def care_events(person: Person) -> Iterator[Event]:
    for e in person.episodes.all():
        yield Event(
            e.start_date,
            "care",
            RNE_TITLES.get(e.reason_new_episode, "Episode"),
            f"{LEGAL_STATUS.get(e.legal_status, e.legal_status)}; placement {e.placement_type}",
        )
        if e.end_date and e.reason_ceased and e.reason_ceased != "X1":
            yield Event(
                e.end_date,
                "care",
                "Ceased to be looked after",
                REASON_EPISODE_CEASED.get(e.reason_ceased, e.reason_ceased),
            )
    for r in person.cla_reviews.all():
        yield Event(r.review_date, "care", "Looked-after review", r.get_participation_display())
    for m in person.missing_episodes.all():
        yield Event(
            m.start_date, "care", "Missing" if m.kind == "M" else "Away without authorisation"
        )
    for c in person.care_leaver_contacts.all():
        yield Event(c.contact_date, "leaving_care", "Care leaver contact", c.get_activity_display())
