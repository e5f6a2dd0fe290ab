"""Case notes and the child's own words in a child's chronology."""

from __future__ import annotations

from collections.abc import Iterator

from opencsc.people.models import Person
from opencsc.people.selectors import Event, register_chronology_source


def _first_line(text: str, limit: int = 120) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1] + "…"


@register_chronology_source
def people_events(person: Person) -> Iterator[Event]:
    for n in person.case_notes.all():
        yield Event(n.noted_on, "notes", "Case note", _first_line(n.note))
    for v in person.voice_records.all():
        yield Event(v.recorded_on, "notes", "The child's voice", _first_line(v.in_childs_words))
