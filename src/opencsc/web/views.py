"""Thin views: parse the request, call one selector or service, render."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from opencsc.access.models import Allocation, Role, User
from opencsc.access.permissions import can_edit_child, child_get
from opencsc.people.selectors import child_chronology, person_search
from opencsc.people.services import StaleRecordError
from opencsc.web.models import Draft
from opencsc.web.steps import STEPS, Step
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
        "can_edit": can_edit_child(user, person),
        "steps": [s for s in STEPS.values() if s.applies(person)],
    }
    return render(request, "web/child.html", context)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    query = request.GET.get("q", "")
    results = list(person_search(user=user, query=query)) if query else []
    return render(request, "web/search.html", {"query": query, "results": results})


# Fields of a posted step that are not the worker's entries.
NOT_ENTRIES = {"csrfmiddlewaretoken", "action", "version"}


def _entries(request: HttpRequest) -> dict[str, list[str]]:
    return {k: request.POST.getlist(k) for k in request.POST if k not in NOT_ENTRIES}


def _as_data(entries: dict[str, list[str]]) -> dict[str, Any]:
    return {k: v if len(v) > 1 else (v[0] if v else "") for k, v in entries.items()}


def _add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's errors go beside the field they name, or at the top if the form has none."""
    if hasattr(error, "error_dict"):
        for name, messages_ in error.message_dict.items():
            for message in messages_:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@login_required
def record_step(request: HttpRequest, person_id: int, step: str) -> HttpResponse:
    """Every recording step: prefilled form, drafts, the error summary and stale-save refusal."""
    user: User = request.user  # type: ignore[assignment]
    person = child_get(user=user, person_id=person_id, ip=request.META.get("REMOTE_ADDR"))
    chosen: Step | None = STEPS.get(step)
    if chosen is None or not chosen.applies(person):
        raise Http404("No such step for this child")
    if not can_edit_child(user, person):
        raise PermissionDenied("You can read this record but not add to it")
    target = chosen.target(person) if chosen.target else None
    drafts = Draft.objects.filter(user=user, person=person, step=chosen.slug)
    draft = drafts.first()
    version = getattr(target, "version", None)
    show_errors = True
    notice = ""
    action = request.POST.get("action", "save") if request.method == "POST" else ""

    if action == "discard":
        drafts.delete()
        return redirect(request.path)
    if action == "draft":
        draft, _ = Draft.objects.update_or_create(
            user=user, person=person, step=chosen.slug, defaults={"data": _entries(request)}
        )
        if request.headers.get("X-Opencsc-Autosave"):
            return HttpResponse(status=204)
        form = chosen.form(_as_data(draft.data))
        show_errors = False
        notice = "Your draft is saved. It is kept until you save this step or discard it."
        if request.POST.get("version"):
            version = int(request.POST["version"])
    elif action == "save":
        form = chosen.form(request.POST)
        posted_version = request.POST.get("version")
        if form.is_valid():
            data = dict(form.cleaned_data)
            if target is not None:
                data["version"] = int(posted_version or 0)
            try:
                chosen.save(user, person, data)
            except ValidationError as exc:
                _add_service_errors(form, exc)
            except StaleRecordError as exc:
                # Nothing is lost: the entries stay on the page and in a draft; the form now
                # carries the current version (read above), so saving again is deliberate.
                form.add_error(None, str(exc))
                draft, _ = Draft.objects.update_or_create(
                    user=user, person=person, step=chosen.slug, defaults={"data": _entries(request)}
                )
                posted_version = None
            else:
                drafts.delete()
                messages.success(request, f"{chosen.title}: saved")
                return redirect(reverse("web:child", args=[person.pk]) + f"#{chosen.tab}")
        if posted_version:
            version = int(posted_version)
    elif draft is not None:
        form = chosen.form(_as_data(draft.data))
        show_errors = False
        notice = f"We restored the draft you saved at {timezone.localtime(draft.saved_at):%H:%M on %-d %B}."
    else:
        form = chosen.form(initial=chosen.initial(person, timezone.localdate()))
    context = {
        "person": person,
        "step": chosen,
        "form": form,
        "show_errors": show_errors,
        "version": version,
        "has_draft": draft is not None or notice != "",
        "notice": notice,
    }
    return render(request, "web/record_step.html", context, status=200)
