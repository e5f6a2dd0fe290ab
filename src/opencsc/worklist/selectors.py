"""Due and overdue statutory tasks, derived from the record on every request (never stored, so
they cannot drift from it). Dates come from `core.timescales`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from opencsc.access.models import Allocation, User
from opencsc.care.models import ClaReview, Episode, PeriodOfCare
from opencsc.core import timescales as ts
from opencsc.core.workingdays import add_months
from opencsc.journey.models import Conference, CpPlan, Referral, Visit
from opencsc.people.models import Person

LABELS = {
    "referral_decision": "Referral decision",
    "assessment": "Assessment due",
    "icpc": "Initial child protection conference",
    "cp_review": "Child protection review conference",
    "cp_visit": "Child protection visit",
    "cla_review": "Looked-after review",
    "cla_visit": "Looked-after statutory visit",
    "pathway_plan_review": "Pathway plan review",
}


@dataclass(frozen=True)
class Task:
    person_id: int
    child_name: str
    kind: str
    label: str
    due_date: date
    status: ts.Status
    basis: str


def child_status(person: Person, today: date) -> str:
    """The child's current legal and plan status, most intensive first."""
    if any(p.end_date is None for p in person.periods_of_care.all()):
        return "Looked after"
    if any(p.end_date is None for p in person.cp_plans.all()):
        return "Child protection plan"
    if any(r.closure_date is None for r in person.referrals.all()):
        return "Child in need"
    if hasattr(person, "care_leaver"):
        return "Care leaver"
    return "Closed"


def _visits(person: Person, kind: str) -> list[date]:
    return sorted(v.visit_date for v in person.visits.all() if v.kind == kind)


def child_tasks(person: Person, today: date) -> list[Task]:
    """Every statutory task currently open for one child (expects `with_task_data` prefetches)."""
    dues: list[ts.Due] = []
    for referral in person.referrals.all():
        if referral.closure_date is not None:
            continue
        if referral.decision_date is None:
            dues.append(ts.referral_decision_due(referral.referral_date))
        if not referral.nfa and not any(a.authorised_date for a in referral.assessments.all()):
            dues.append(ts.assessment_due(referral.referral_date))
        for s47 in referral.s47_enquiries.all():
            held = any(
                c.kind == "initial" and c.s47_enquiry_id == s47.pk
                for c in referral.conferences.all()
            )
            if s47.outcome == "icpc" and not held:
                dues.append(ts.icpc_due(s47.strategy_discussion.discussion_date))
    for plan in person.cp_plans.all():
        if plan.end_date is not None:
            continue
        reviews = sorted(c.conference_date for c in plan.conferences.all() if c.kind == "review")
        dues.append(ts.cp_review_due(plan.start_date, reviews[-1] if reviews else None))
        visits = [d for d in _visits(person, "cp") if d >= plan.start_date]
        dues.append(ts.cp_visit_due(visits[-1] if visits else plan.start_date))
    for period in person.periods_of_care.all():
        if period.end_date is not None:
            continue
        dues.append(
            ts.cla_review_due(period.start_date, [r.review_date for r in period.reviews.all()])
        )
        episodes = sorted(period.episodes.all(), key=lambda e: e.start_date)
        placement_start = period.start_date
        for e in episodes:
            if e.reason_new_episode in {"S", "P", "B", "T", "U"}:
                placement_start = e.start_date
        visits = _visits(person, "cla")
        long_term = bool(episodes) and episodes[-1].placement_type in {"U1", "U4"}
        dues.append(
            ts.cla_visit_due(
                placement_start, visits[-1] if visits else None, long_term_placement=long_term
            )
        )
    leaver = getattr(person, "care_leaver", None)
    if (
        leaver is not None
        and person.date_of_birth
        and add_months(person.date_of_birth, 12 * 25) > today
    ):
        contacts = sorted(c.contact_date for c in person.care_leaver_contacts.all())
        plans = sorted(p.plan_date for p in person.pathway_plans.all())
        last = max([*contacts[-1:], *plans[-1:]], default=None)
        if last is not None:
            dues.append(ts.pathway_plan_review_due(last))
    name = f"{person.given_name} {person.family_name}"
    return [
        Task(person.pk, name, d.kind, LABELS[d.kind], d.due_date, ts.status(d, today), d.basis)
        for d in dues
    ]


def with_task_data(qs: QuerySet[Person]) -> QuerySet[Person]:
    return qs.prefetch_related(
        Prefetch(
            "referrals",
            queryset=Referral.objects.prefetch_related(
                "assessments", "conferences", "s47_enquiries__strategy_discussion"
            ),
        ),
        Prefetch(
            "cp_plans",
            queryset=CpPlan.objects.prefetch_related(
                Prefetch(
                    "conferences",
                    queryset=Conference.objects.only("kind", "conference_date", "cp_plan_id"),
                )
            ),
        ),
        Prefetch(
            "periods_of_care",
            queryset=PeriodOfCare.objects.prefetch_related(
                Prefetch("reviews", queryset=ClaReview.objects.only("review_date", "period_id")),
                Prefetch("episodes", queryset=Episode.objects.all()),
            ),
        ),
        Prefetch("visits", queryset=Visit.objects.only("kind", "visit_date", "person_id")),
        "care_leaver_contacts",
        "pathway_plans",
        "care_leaver",
    )


def task_order(task: Task) -> tuple[int, date]:
    """Overdue first, then due soon, then the rest; earliest first within each."""
    return ({"overdue": 0, "due_soon": 1, "not_due": 2}[task.status], task.due_date)


def caseload(user: User, today: date | None = None) -> QuerySet[Person]:
    today = today or timezone.localdate()
    active = Allocation.objects.filter(worker=user, start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    return Person.objects.filter(pk__in=active.values("person_id"))


def worker_tasks(user: User, today: date | None = None) -> list[Task]:
    """Each due or overdue statutory task for the children allocated to `user`, overdue first."""
    today = today or timezone.localdate()
    tasks = [t for p in with_task_data(caseload(user, today)) for t in child_tasks(p, today)]
    return sorted(tasks, key=task_order)
