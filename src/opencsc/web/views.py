"""Thin views: parse the request, call one selector or service, render."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from opencsc.access.models import Allocation, Role, User
from opencsc.access.permissions import child_get
from opencsc.people.selectors import child_chronology, person_search
from opencsc.worklist.selectors import (
    caseload,
    child_status,
    child_tasks,
    task_order,
    with_task_data,
)

CHRONOLOGY_KINDS = [
    ("", "Everything"),
    ("contact", "Contacts"),
    ("referral", "Referrals"),
    ("assessment", "Assessments"),
    ("family_help", "Family Help"),
    ("child_protection", "Child protection"),
    ("visit", "Visits"),
    ("care", "Care"),
    ("leaving_care", "Leaving care"),
]


class SignInView(auth_views.LoginView):
    template_name = "registration/sign_in.html"
    redirect_authenticated_user = True


def _age(dob: date | None, today: date) -> int | None:
    if dob is None:
        return None
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    today = timezone.localdate()
    rows: list[dict[str, Any]] = []
    all_tasks = []
    for person in with_task_data(caseload(user, today)).order_by("family_name", "given_name"):
        tasks = sorted(child_tasks(person, today), key=lambda t: t.due_date)
        all_tasks.extend(tasks)
        rows.append(
            {
                "person": person,
                "status": child_status(person, today),
                "age": _age(person.date_of_birth, today),
                "next": tasks[0] if tasks else None,
                "overdue": sum(t.status == "overdue" for t in tasks),
            }
        )
    rows.sort(key=lambda r: (-r["overdue"], r["next"].due_date if r["next"] else date.max))
    tasks = sorted(all_tasks, key=task_order)
    return render(request, "web/my_work.html", {"rows": rows, "tasks": tasks[:20], "today": today})


@login_required
def team(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    if user.role != Role.TEAM_MANAGER:
        raise PermissionDenied("Only team managers see the team page")
    today = timezone.localdate()
    members = (
        User.objects.filter(team__in=user.managed_teams.all())
        .exclude(pk=user.pk)
        .order_by("last_name")
    )
    rows = []
    for member in members:
        people = list(with_task_data(caseload(member, today)))
        tasks = [t for p in people for t in child_tasks(p, today)]
        rows.append(
            {
                "member": member,
                "cases": len(people),
                "overdue": sum(t.status == "overdue" for t in tasks),
            }
        )
    return render(request, "web/team.html", {"rows": rows})


@login_required
def child(request: HttpRequest, person_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    person = child_get(user=user, person_id=person_id, ip=request.META.get("REMOTE_ADDR"))
    today = timezone.localdate()
    kind = request.GET.get("kind", "")
    if kind not in dict(CHRONOLOGY_KINDS):
        kind = ""
    full = with_task_data(type(person).objects.filter(pk=person.pk)).get()
    episode = full.episodes.order_by("-start_date").first()
    allocations = Allocation.objects.filter(person=person, end_date__isnull=True).select_related(
        "worker"
    )
    context = {
        "person": person,
        "age": _age(person.date_of_birth, today),
        "status": child_status(full, today),
        "episode": episode if episode and episode.end_date is None else None,
        "cp_plan": full.cp_plans.filter(end_date__isnull=True).first(),
        "allocations": allocations,
        "restricted": hasattr(person, "restriction"),
        "uasc": getattr(getattr(person, "uasc_status", None), "uasc", False),
        "missing": full.missing_episodes.filter(end_date__isnull=True).exists(),
        "tasks": sorted(child_tasks(full, today), key=lambda t: t.due_date),
        "events": child_chronology(user=user, person=person, kind=kind),
        "kinds": CHRONOLOGY_KINDS,
        "kind": kind,
    }
    return render(request, "web/child.html", context)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    query = request.GET.get("q", "")
    results = list(person_search(user=user, query=query)) if query else []
    return render(request, "web/search.html", {"query": query, "results": results})
