"""The steps a worker records on a child's record, each a form over one service.

A step says what it asks (a Django form of GOV.UK fields), what it can fill in from what is
already known (`initial`), when it applies (`applies`), and which service saves it (`save`).
The one view in `opencsc.web.views.record_step` does the rest for every step alike: access,
drafts, the error summary, optimistic concurrency and the success message. Steps register
themselves in the modules imported at the bottom of this file.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms

from opencsc.access.models import User
from opencsc.people.models import Person

# The child record's tabs, in order; each step belongs to one.
TABS = [
    ("overview", "Overview"),
    ("family", "Family and network"),
    ("family_help", "Family Help"),
    ("child_protection", "Child protection"),
    ("care", "Care"),
    ("permanence", "Permanence"),
    ("leaving_care", "Leaving care"),
    ("notes", "Documents and notes"),
]


@dataclass(frozen=True)
class Step:
    slug: str  # in the URL: /children/<id>/record/<slug>/
    title: str  # the page's heading: "Record a visit"
    tab: str
    form: type[forms.Form]
    # Calls the service with the cleaned data; returns the record saved.
    save: Callable[[User, Person, dict[str, Any]], object]
    # What is already known, so the worker types only what is new.
    initial: Callable[[Person, date], dict[str, Any]] = field(default=lambda p, today: {})
    # Whether the step makes sense for this child now (e.g. a decision needs an open referral).
    applies: Callable[[Person], bool] = field(default=lambda p: True)
    # The record an update step changes, whose version the form carries (None: a new record).
    target: Callable[[Person], Any] | None = None
    hint: str = ""
    # Options that depend on the child (e.g. the people in their network), by field name.
    choices: Callable[[Person], dict[str, list[tuple[str, str]]]] | None = None

    def make_form(self, person: Person, *args: Any, **kwargs: Any) -> forms.Form:
        form = self.form(*args, **kwargs)
        for name, options in (self.choices(person) if self.choices else {}).items():
            form.fields[name].choices = options  # type: ignore[attr-defined]
        return form


STEPS: dict[str, Step] = {}


def register(step: Step) -> Step:
    if step.slug in STEPS:
        raise ValueError(f"step {step.slug} is registered twice")
    if step.tab not in dict(TABS):
        raise ValueError(f"step {step.slug} names an unknown tab {step.tab}")
    STEPS[step.slug] = step
    return step


def steps_for(person: Person, tab: str) -> list[Step]:
    return [s for s in STEPS.values() if s.tab == tab and s.applies(person)]


# While the child page asks every step whether it applies, the questions many steps share ("is
# there an open referral?") are answered once; anywhere else a lookup asks the database afresh.
_answers: ContextVar[dict[tuple[str, int], Any] | None] = ContextVar("step_answers", default=None)


def lookup(question: Callable[[Person], Any]) -> Callable[[Person], Any]:
    key = f"{question.__module__}.{question.__qualname__}"

    @functools.wraps(question)
    def ask(person: Person) -> Any:
        answers = _answers.get()
        if answers is None:
            return question(person)
        if (key, person.pk) not in answers:
            answers[(key, person.pk)] = question(person)
        return answers[(key, person.pk)]

    return ask


@contextmanager
def _shared_answers() -> Iterator[None]:
    token = _answers.set({})
    try:
        yield
    finally:
        _answers.reset(token)


def steps_by_tab(person: Person) -> dict[str, list[Step]]:
    """The steps that apply to the child now, by tab, asking each shared question once."""
    with _shared_answers():
        return {tab: steps_for(person, tab) for tab, _ in TABS}


from opencsc.web.steps import care, family, journey  # noqa: E402,F401
