"""Errors shared by the data layer and the record. Messages name what a person must fix."""

from __future__ import annotations


class OpencscError(Exception):
    """Base class for errors opencsc reports to a person rather than as a traceback."""


class InputError(OpencscError):
    """Bad input: says which file, line, field and value."""

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        line: int | None = None,
        field: str | None = None,
        value: object = None,
    ) -> None:
        self.file, self.line, self.field, self.value = file, line, field, value
        self.reason = message
        super().__init__(self.describe())

    def describe(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line) if p is not None)
        parts = [where] if where else []
        if self.field is not None:
            parts.append(f"field {self.field}")
        if self.value is not None:
            parts.append(f"value {self.value!r}")
        prefix = ", ".join(parts)
        return f"{prefix}: {self.reason}" if prefix else self.reason


class IdentifierError(InputError):
    """An identifier (UPN, NHS number) fails its format or check-digit rule."""
