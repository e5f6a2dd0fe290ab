"""Small filters for showing the record's values in words."""

from __future__ import annotations

from django import template

from opencsc.people.services import VOICE_CONTEXTS

register = template.Library()


@register.filter
def words(value: object) -> str:
    """A stored key such as "kinship_foster" as words: "Kinship foster"."""
    text = str(value or "").replace("_", " ").strip()
    return text[:1].upper() + text[1:]


@register.filter
def voice_context(value: str) -> str:
    """Where the child said what is recorded in their own words."""
    return dict(VOICE_CONTEXTS).get(value, "")
