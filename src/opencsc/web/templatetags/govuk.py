"""Filters that let one include render any form field as its GOV.UK component."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms, template

from opencsc.web.forms import DateInput

register = template.Library()


@register.filter
def widget_kind(field: forms.BoundField) -> str:
    widget = field.field.widget
    if isinstance(widget, DateInput):
        return "date"
    # CheckboxSelectMultiple is a subclass of RadioSelect: test it first.
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


@register.filter
def date_parts(field: forms.BoundField) -> list[Any]:
    """Day, month and year as typed (a bound form) or from the initial date."""
    value = field.value()
    if isinstance(value, date):
        return [value.day, value.month, value.year]
    if isinstance(value, list | tuple):
        return [*(v or "" for v in value), "", "", ""][:3]
    return ["", "", ""]


@register.filter
def first_input_id(field: forms.BoundField) -> str:
    """Where the error summary links: the first box of a date, the first radio."""
    kind = widget_kind(field)
    if kind in ("radios", "checkboxes"):
        return f"{field.auto_id}_0"
    return field.auto_id


@register.filter
def selected_values(field: forms.BoundField) -> list[str]:
    value = field.value()
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    if isinstance(value, bool):
        return ["yes" if value else "no"]
    return [str(value)]
