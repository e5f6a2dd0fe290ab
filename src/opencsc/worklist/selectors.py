"""Due and overdue statutory tasks, derived from the record on every request (never stored, so
they cannot drift from it). Dates come from `core.timescales`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from opencsc.access.models import Allocation, User
from opencsc.care.models import (
    CareLeaver,
    CareLeaverContact,
    ClaReview,
    Episode,
    PathwayPlan,
    PeriodOfCare,
)
from opencsc.core import timescales as ts
from opencsc.core.workingdays import add_months
from opencsc.journey.models import (
    Assessment,
    Conference,
    ConferenceKind,
    CpPlan,
    Referral,
    S47Enquiry,
    S47Outcome,
    Visit,
    VisitKind,
)
from opencsc.people.models import Person

# Where `with_task_data` puts each relation's rows (see `_rows`).
TASK_ATTR = "task_"

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


def _rows(obj: Any, relation: str) -> Any:
    """The rows `with_task_data` put in a plain list (`task_<relation>`: no related manager per
    row, which is most of the cost of a prefetch), or else the relation itself (prefetched)."""
    cached = getattr(obj, TASK_ATTR + relation, None)
    return cached if cached is not None else getattr(obj, relation).all()


def child_status(person: Person, today: date) -> str:
    """The child's current legal and plan status, most intensive first."""
    if any(p.end_date is None for p in _rows(person, "periods_of_care")):
        return "Looked after"
    if any(p.end_date is None for p in _rows(person, "cp_plans")):
        return "Child protection plan"
    if any(r.closure_date is None for r in _rows(person, "referrals")):
        return "Child in need"
    if hasattr(person, "care_leaver"):
        return "Care leaver"
    return "Closed"


def _visits(person: Person, kind: str) -> list[date]:
    return sorted(v.visit_date for v in _rows(person, "visits") if v.kind == kind)


def child_tasks(person: Person, today: date) -> list[Task]:
    """Every statutory task currently open for one child (expects `with_task_data` prefetches)."""
    dues: list[ts.Due] = []
    for referral in _rows(person, "referrals"):
        if referral.closure_date is not None:
            continue
        if referral.decision_date is None:
            dues.append(ts.referral_decision_due(referral.referral_date))
        if not referral.nfa and not any(a.authorised_date for a in _rows(referral, "assessments")):
            dues.append(ts.assessment_due(referral.referral_date))
        for s47 in _rows(referral, "s47_enquiries"):
            held = any(
                c.kind == "initial" and c.s47_enquiry_id == s47.pk
                for c in _rows(referral, "conferences")
            )
            if s47.outcome == "icpc" and not held:
                dues.append(ts.icpc_due(s47.strategy_discussion.discussion_date))
    for plan in _rows(person, "cp_plans"):
        if plan.end_date is not None:
            continue
        reviews = sorted(
            c.conference_date for c in _rows(plan, "conferences") if c.kind == "review"
        )
        dues.append(ts.cp_review_due(plan.start_date, reviews[-1] if reviews else None))
        visits = [d for d in _visits(person, "cp") if d >= plan.start_date]
        dues.append(ts.cp_visit_due(visits[-1] if visits else plan.start_date))
    for period in _rows(person, "periods_of_care"):
        if period.end_date is not None:
            continue
        dues.append(
            ts.cla_review_due(period.start_date, [r.review_date for r in _rows(period, "reviews")])
        )
        episodes = sorted(_rows(period, "episodes"), key=lambda e: e.start_date)
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
        contacts = sorted(c.contact_date for c in _rows(person, "care_leaver_contacts"))
        plans = sorted(p.plan_date for p in _rows(person, "pathway_plans"))
        last = max([*contacts[-1:], *plans[-1:]], default=None)
        if last is not None:
            dues.append(ts.pathway_plan_review_due(last))
    name = f"{person.given_name} {person.family_name}"
    return [
        Task(person.pk, name, d.kind, LABELS[d.kind], d.due_date, ts.status(d, today), d.basis)
        for d in dues
    ]


def latest_statutory_visits() -> QuerySet[Visit]:
    """Each child's latest child protection and looked-after visit: all the due dates need (the
    next visit runs from the last), and a fraction of the rows of a long history."""
    return (
        Visit.objects.filter(kind__in=[VisitKind.CP, VisitKind.CLA])
        .annotate(
            recency=Window(
                RowNumber(),
                partition_by=[F("person_id"), F("kind")],
                order_by=[F("visit_date").desc(), F("pk").desc()],
            )
        )
        .filter(recency=1)
        .only("kind", "visit_date", "person_id")
    )


def _latest_reviews() -> QuerySet[Conference]:
    return (
        Conference.objects.filter(kind=ConferenceKind.REVIEW, cp_plan__isnull=False)
        .annotate(
            recency=Window(
                RowNumber(),
                partition_by=[F("cp_plan_id")],
                order_by=[F("conference_date").desc(), F("pk").desc()],
            )
        )
        .filter(recency=1)
        .only("kind", "conference_date", "cp_plan_id")
    )


def with_task_data(qs: QuerySet[Person]) -> QuerySet[Person]:
    """Prefetch what `child_tasks` and `child_status` read: only the open referrals, plans and
    periods of care, and only the columns the due dates need, so a caseload or a team's
    workload costs a few rows per child however long their history."""
    return qs.prefetch_related(
        Prefetch(
            "referrals",
            to_attr=TASK_ATTR + "referrals",
            queryset=Referral.objects.filter(closure_date__isnull=True)
            .only("person_id", "referral_date", "decision_date", "nfa", "closure_date")
            .prefetch_related(
                # An authorised assessment is all that stops the assessment being due.
                Prefetch(
                    "assessments",
                    to_attr=TASK_ATTR + "assessments",
                    queryset=Assessment.objects.filter(authorised_date__isnull=False).only(
                        "referral_id", "authorised_date"
                    ),
                ),
                Prefetch(
                    "conferences",
                    to_attr=TASK_ATTR + "conferences",
                    queryset=Conference.objects.filter(kind=ConferenceKind.INITIAL).only(
                        "referral_id", "kind", "s47_enquiry_id"
                    ),
                ),
                # Only an enquiry that decided on a conference makes one due.
                Prefetch(
                    "s47_enquiries",
                    to_attr=TASK_ATTR + "s47_enquiries",
                    queryset=S47Enquiry.objects.filter(outcome=S47Outcome.ICPC)
                    .only("referral_id", "outcome", "strategy_discussion__discussion_date")
                    .select_related("strategy_discussion"),
                ),
            ),
        ),
        Prefetch(
            "cp_plans",
            to_attr=TASK_ATTR + "cp_plans",
            queryset=CpPlan.objects.filter(end_date__isnull=True)
            .only("person_id", "start_date", "end_date")
            .prefetch_related(
                # The next review runs from the last one.
                Prefetch(
                    "conferences", to_attr=TASK_ATTR + "conferences", queryset=_latest_reviews()
                )
            ),
        ),
        Prefetch(
            "periods_of_care",
            to_attr=TASK_ATTR + "periods_of_care",
            queryset=PeriodOfCare.objects.filter(end_date__isnull=True)
            .only("person_id", "start_date", "end_date")
            .prefetch_related(
                Prefetch(
                    "reviews",
                    to_attr=TASK_ATTR + "reviews",
                    queryset=ClaReview.objects.only("review_date", "period_id"),
                ),
                Prefetch(
                    "episodes",
                    to_attr=TASK_ATTR + "episodes",
                    queryset=Episode.objects.only(
                        "period_id", "start_date", "reason_new_episode", "placement_type"
                    ),
                ),
            ),
        ),
        Prefetch("visits", to_attr=TASK_ATTR + "visits", queryset=latest_statutory_visits()),
        Prefetch(
            "care_leaver_contacts",
            to_attr=TASK_ATTR + "care_leaver_contacts",
            queryset=CareLeaverContact.objects.only("person_id", "contact_date"),
        ),
        Prefetch(
            "pathway_plans",
            to_attr=TASK_ATTR + "pathway_plans",
            queryset=PathwayPlan.objects.only("person_id", "plan_date"),
        ),
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


def with_open_case(qs: QuerySet[Person], today: date | None = None) -> QuerySet[Person]:
    """Children the service is working with now: an open referral (CIN episode), plan or period
    of care, or a care leaver under 25."""
    today = today or timezone.localdate()
    open_referral = Referral.objects.filter(person=OuterRef("pk"), closure_date__isnull=True)
    open_plan = CpPlan.objects.filter(person=OuterRef("pk"), end_date__isnull=True)
    in_care = PeriodOfCare.objects.filter(person=OuterRef("pk"), end_date__isnull=True)
    leaver = CareLeaver.objects.filter(person=OuterRef("pk"))
    under_25 = Q(date_of_birth__gt=add_months(today, -12 * 25))
    return qs.filter(
        Q(Exists(open_referral))
        | Q(Exists(open_plan))
        | Q(Exists(in_care))
        | (Q(Exists(leaver)) & under_25)
    )


@dataclass
class Workload:
    """One worker's caseload as their manager sees it."""

    member: User
    children: int = 0
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    due_soon: int = 0


def team_workload(members: list[User], today: date | None = None) -> list[Workload]:
    """Each member's children, by status, with their overdue and due-soon tasks. One pass over
    every allocated child of the team (a fixed number of queries, however many members)."""
    today = today or timezone.localdate()
    rows = {m.pk: Workload(member=m) for m in members}
    pairs = list(
        Allocation.objects.filter(worker_id__in=rows, start_date__lte=today)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .values_list("worker_id", "person_id")
        .distinct()
    )
    children = Person.objects.filter(pk__in={p for _, p in pairs}).only(
        "given_name", "family_name", "date_of_birth"
    )
    people = {p.pk: p for p in with_task_data(children)}
    facts = {}
    for pk, person in people.items():
        tasks = child_tasks(person, today)
        facts[pk] = (
            child_status(person, today),
            sum(t.status == "overdue" for t in tasks),
            sum(t.status == "due_soon" for t in tasks),
        )
    for worker_id, person_id in pairs:
        status, overdue, due_soon = facts[person_id]
        row = rows[worker_id]
        row.children += 1
        row.by_status[status] = row.by_status.get(status, 0) + 1
        row.overdue += overdue
        row.due_soon += due_soon
    return list(rows.values())
