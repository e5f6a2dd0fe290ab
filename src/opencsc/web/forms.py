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


class ChronologyFilterForm(forms.Form):
    """The child record's chronology filter: a kind of event and a range of dates."""

    kind = forms.ChoiceField(label="Show", required=False)
    since = DateField(label="From", required=False, help_text="For example, 1 4 2025")
    until = DateField(label="To", required=False, help_text="For example, 31 3 2026")

    def __init__(self, *args: Any, kinds: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = kinds  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", "The 'to' date must be the same as or after the 'from' date")
        return data


class AllocationForm(forms.Form):
    """Allocate a child to a worker in the manager's teams, or move them to another."""

    worker = forms.ChoiceField(
        label="Who will work with the child?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who will work with the child"},
    )
    role = forms.ChoiceField(
        label="What will they be for the child?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what they will be for the child"},
    )
    start_date = DateField(label="From", error_messages={"required": "Enter the date"})
    reason = forms.ChoiceField(label="Why is the worker changing?", required=False)

    def __init__(
        self,
        *args: Any,
        workers: list[tuple[str, str]],
        roles: list[tuple[str, str]],
        reasons: list[tuple[str, str]] | None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["worker"].choices = workers  # type: ignore[attr-defined]
        self.fields["role"].choices = roles  # type: ignore[attr-defined]
        if reasons is None:  # a first allocation: no worker is changing
            del self.fields["reason"]
        else:
            self.fields["reason"].choices = [("", "Choose"), *reasons]  # type: ignore[attr-defined]
