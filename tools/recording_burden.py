"""Count what a worker types for each common task, from the registered recording steps.

    .venv/bin/python tools/recording_burden.py           # print the tables
    .venv/bin/python tools/recording_burden.py --write   # and update docs/recording-burden.md

For each task it takes the steps (`opencsc.web.steps.STEPS`) a worker goes through, and for each
step counts the form's fields (a date's day, month and year boxes are one field), the required
ones, and those the step's `initial` fills in for a child in the state the task starts from (built
in a scratch SQLite database, or the test database when called from the tests). A task whose step
is not registered yet is reported as such, never guessed. tests/tools/test_recording_burden.py
checks that the doc's tables are this script's output.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "recording-burden.md"
START, END = "<!-- recording-burden:start -->", "<!-- recording-burden:end -->"

# Each common task: the steps it takes, in order, and the state of the child it starts from.
# A step slug listed here but not registered shows as "not a step yet".
TASKS: list[tuple[str, list[tuple[str, str]]]] = [
    ("Record a visit", [("visit", "on_cp_plan")]),
    (
        "Record a referral",
        [("contact", "new"), ("referral", "contacted"), ("referral-decision", "referred")],
    ),
    ("Start care", [("start-care", "in_need")]),
    ("Record a placement move", [("placement-move", "in_care")]),
    ("Record a CP review", [("review-conference", "on_cp_plan")]),
]

STATES = {
    "new": "a child with no record yet but their name and date of birth",
    "contacted": "a child whose contact was just recorded with the decision to refer",
    "referred": "a child with a home address and an open referral awaiting a decision",
    "in_need": "a child in need at home: referral decided, assessment done, plan open",
    "on_cp_plan": "a child on a child protection plan with one review held",
    "in_care": "a child in care in a foster placement, with one review held",
}


@dataclass(frozen=True)
class StepCount:
    slug: str
    title: str | None  # None: the step is not registered
    applies: bool = True  # False: the step is not offered for the task's child (a script bug)
    fields: int = 0
    required: int = 0
    prefilled: tuple[str, ...] = ()
    to_type: tuple[str, ...] = ()  # required and not prefilled


def _shown(form: Any, name: str) -> bool:
    """Whether the page shows field `name` answered: a value, and for a choice one of its
    options (a pre-filled code that is not an option shows nothing)."""
    value = form[name].value()
    if value is None or value in ("", [], ()):
        return False
    options = getattr(form.fields[name], "choices", None)
    if options is None:
        return True
    if isinstance(value, bool):
        value = "yes" if value else "no"
    return str(value) in {str(v) for v, _ in options if v != ""}


def _person(state: str, today: date) -> Any:
    """A child in `state`, built directly from the models (no services: no user is needed)."""
    from opencsc.access.models import LocalAuthority
    from opencsc.care.models import ClaReview, Episode, PeriodOfCare
    from opencsc.journey.models import (
        Assessment,
        CinPlan,
        Conference,
        Contact,
        CpPlan,
        Referral,
        S47Enquiry,
        StrategyDiscussion,
        Visit,
    )
    from opencsc.people.models import Address, Person

    la, _ = LocalAuthority.objects.get_or_create(code="999", defaults={"name": "Test Borough"})
    ago = lambda days: today - timedelta(days=days)  # noqa: E731
    child = Person.objects.create(
        local_authority=la,
        given_name="Ada",
        family_name="Quill",
        date_of_birth=date(today.year - 9, 6, 1),
        sex="F",
        ethnicity="WBRI",
    )
    if state == "new":
        return child
    Address.objects.create(person=child, kind="home", postcode="AB1 2CD", start_date=ago(900))
    contact = Contact.objects.create(
        person=child, contact_date=ago(200), source="1A", outcome="referral"
    )
    if state == "contacted":
        return child
    ref = Referral.objects.create(
        person=child, contact=contact, referral_date=ago(200), source="1A"
    )
    if state == "referred":
        return child
    Referral.objects.filter(pk=ref.pk).update(decision_date=ago(199), primary_need="N1")
    Assessment.objects.create(
        person=child, referral=ref, start_date=ago(199), authorised_date=ago(170)
    )
    if state == "in_need":
        CinPlan.objects.create(person=child, referral=ref, start_date=ago(165))
    elif state == "on_cp_plan":
        sd = StrategyDiscussion.objects.create(person=child, referral=ref, discussion_date=ago(190))
        s47 = S47Enquiry.objects.create(
            person=child,
            referral=ref,
            strategy_discussion=sd,
            start_date=ago(190),
            end_date=ago(180),
            outcome="icpc",
        )
        plan = CpPlan.objects.create(
            person=child,
            referral=ref,
            start_date=ago(178),
            initial_category="NEG",
            latest_category="NEG",
        )
        Conference.objects.create(
            person=child,
            referral=ref,
            kind="initial",
            s47_enquiry=s47,
            cp_plan=plan,
            conference_date=ago(178),
            outcome="plan",
        )
        Conference.objects.create(
            person=child,
            referral=ref,
            kind="review",
            cp_plan=plan,
            conference_date=ago(88),
            outcome="continue",
        )
        Visit.objects.create(person=child, kind="cp", visit_date=ago(5))
    elif state == "in_care":
        period = PeriodOfCare.objects.create(person=child, start_date=ago(160))
        Episode.objects.create(
            person=child,
            period=period,
            start_date=ago(160),
            reason_new_episode="S",
            legal_status="C2",
            category_of_need="N1",
            placement_type="U3",
            placement_provider="PR1",
            home_postcode="AB1 2CD",
            placement_postcode="AB3 4EF",
        )
        ClaReview.objects.create(
            person=child, period=period, review_date=ago(140), participation="PN1"
        )
        Visit.objects.create(person=child, kind="cla", visit_date=ago(30))
    return child


def count(today: date) -> list[tuple[str, list[StepCount]]]:
    """Per task, each step's counts. Needs Django set up with a migrated database."""
    from opencsc.web.steps import STEPS

    people: dict[str, Any] = {}
    out = []
    for task, steps in TASKS:
        counted = []
        for slug, state in steps:
            step = STEPS.get(slug)
            if step is None:
                counted.append(StepCount(slug, None))
                continue
            if state not in people:
                people[state] = _person(state, today)
            person = people[state]
            if not step.applies(person):
                counted.append(StepCount(slug, step.title, applies=False))
                continue
            initial = step.initial(person, today)
            # The form as the page builds it (some steps add fields or options per child).
            make = getattr(step, "make_form", None)
            form = make(person, initial=initial) if make else step.form(initial=initial)
            pre = [n for n in form.fields if _shown(form, n)]
            fields = form.fields
            counted.append(
                StepCount(
                    slug,
                    step.title,
                    True,
                    len(fields),
                    sum(f.required for f in fields.values()),
                    tuple(str(fields[n].label) for n in pre),
                    tuple(str(f.label) for n, f in fields.items() if f.required and n not in pre),
                )
            )
        out.append((task, counted))
    return out


def render(counts: list[tuple[str, list[StepCount]]]) -> str:
    """The doc's generated block: a summary per task, then each step's fields."""
    lines = [
        "| task | pages | fields | required | pre-filled | left to the worker (required, not pre-filled) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for task, steps in counts:
        missing = [s.slug for s in steps if s.title is None]
        if missing:
            names = ", ".join(f"`{m}`" for m in missing)
            lines.append(f"| {task} | not a step yet: {names} | | | | |")
            continue
        if not all(s.applies for s in steps):
            lines.append(f"| {task} | not offered for the task's child: see below | | | | |")
            continue
        fields = sum(s.fields for s in steps)
        required = sum(s.required for s in steps)
        prefilled = sum(len(s.prefilled) for s in steps)
        to_type = sum(len(s.to_type) for s in steps)
        lines.append(f"| {task} | {len(steps)} | {fields} | {required} | {prefilled} | {to_type} |")
    lines += ["", "| task | step (page) | child's state | pre-filled | left to the worker |"]
    lines.append("|---|---|---|---|---|")
    for (task, steps), (_, plan) in zip(counts, TASKS, strict=True):
        for s, (_, state) in zip(steps, plan, strict=True):
            if s.title is None:
                lines.append(f"| {task} | `{s.slug}`: not registered | {STATES[state]} | | |")
                continue
            if not s.applies:
                lines.append(f"| {task} | `{s.slug}`: not offered | {STATES[state]} | | |")
                continue
            pre = "; ".join(s.prefilled) or "nothing"
            left = "; ".join(s.to_type) or "nothing"
            lines.append(f"| {task} | {s.title} (`{s.slug}`) | {STATES[state]} | {pre} | {left} |")
    return "\n".join(lines) + "\n"


def doc_block(text: str) -> str:
    """The generated block of docs/recording-burden.md."""
    return text.split(START, 1)[1].split(END, 1)[0].strip("\n") + "\n"


def _setup_scratch_database(scratch: Path) -> None:
    os.environ["OPENCSC_DATABASE_URL"] = f"sqlite:///{scratch / 'burden.sqlite3'}"
    os.environ.setdefault("OPENCSC_HOME", str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "opencsc.config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Count the recording burden of common tasks")
    parser.add_argument("--write", action="store_true", help=f"update {DOC.relative_to(ROOT)}")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="opencsc-burden-") as scratch:
        _setup_scratch_database(Path(scratch))
        from django.utils import timezone

        table = render(count(timezone.localdate()))
    print(table, end="")
    if args.write:
        text = DOC.read_text()
        head, rest = text.split(START, 1)
        DOC.write_text(f"{head}{START}\n{table}{END}{rest.split(END, 1)[1]}")
        print(f"updated {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
