"""Form fields that render as GOV.UK Design System components (see templates/web/includes)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError


class DateInput(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes, named <field>_day, _month, _year."""

    def __init__(self) -> None:
        box = {"inputmode": "numeric"}
        super().__init__(
            {
                "day": forms.TextInput(box),
                "month": forms.TextInput(box),
                "year": forms.TextInput(box),
            }
        )

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]


class DateField(forms.MultiValueField):
    """A date typed as three numbers, with the GOV.UK pattern's error messages."""

    widget = DateInput

    def __init__(self, *, label: str, required: bool = True, **kwargs: Any) -> None:
        parts = (forms.CharField(), forms.CharField(), forms.CharField())
        super().__init__(parts, label=label, required=required, require_all_fields=False, **kwargs)

    def compress(self, data_list: list[str]) -> date | None:
        if not data_list or not any(data_list):
            return None
        day, month, year = (str(v or "").strip() for v in data_list)
        missing = [n for n, v in (("day", day), ("month", month), ("year", year)) if not v]
        if missing:
            raise ValidationError(f"{self.label} must include a {' and '.join(missing)}")
        if not (day.isdigit() and month.isdigit() and year.isdigit()) or len(year) != 4:
            raise ValidationError(f"{self.label} must be a real date")
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            raise ValidationError(f"{self.label} must be a real date") from None


def choice_field(
    codes: list[tuple[str, str]], *, label: str, required: bool = True, radios: bool = False
) -> forms.ChoiceField:
    """A code list as radios (a few options) or a select (many), with a blank to choose first."""
    if radios:
        return forms.ChoiceField(
            choices=codes, label=label, required=required, widget=forms.RadioSelect
        )
    return forms.ChoiceField(choices=[("", "Choose"), *list(codes)], label=label, required=required)


def yes_no(*, label: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        label=label,
        widget=forms.RadioSelect,
    )
