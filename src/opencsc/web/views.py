"""Thin views: parse the request, call one selector or service, render."""

from __future__ import annotations

from datetime import date
from functools import partial
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from opencsc.access.audit import audit_log
from opencsc.access.models import Allocation, AllocationRole, Role, User
from opencsc.access.permissions import can_edit_child, child_get
from opencsc.access.services import allocation_transfer, allocation_transfer_check
from opencsc.access.teams import (
    CASE_HOLDING,
    allocatable_workers,
    can_allocate_child,
    team_members,
    unallocated_children,
)
from opencsc.core.codes import SOCIAL_WORKER_CHANGE_REASON, choices
from opencsc.people.models import Person
from opencsc.people.selectors import SEARCH_LIMIT, child_chronology, person_search
from opencsc.people.services import StaleRecordError
from opencsc.web.forms import AllocationForm, ChronologyFilterForm
from opencsc.web.models import Draft
from opencsc.web.selectors import child_record_data
from opencsc.web.steps import STEPS, TABS, Step, steps_by_tab
from opencsc.worklist.selectors import (
    caseload,
    child_status,
    child_tasks,
    task_order,
    team_workload,
    with_open_case,
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
    ("notes", "Case notes and the child's voice"),
]


class SignInView(auth_views.LoginView):
    template_name = "registration/sign_in.html"
    redirect_authenticated_user = True


def _age(dob: date | None, today: date) -> int | None:
    if dob is None:
        return None
    return today.year - dob.year - ((today.month, today.day) < (dob.month, dob.day))


def _caseload_rows(people: list[Any], today: date) -> tuple[list[dict[str, Any]], list[Any]]:
    """Each child with their status and next statutory date, most overdue first."""
    rows: list[dict[str, Any]] = []
    all_tasks = []
    for person in people:
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
    return rows, sorted(all_tasks, key=task_order)


@login_required
def my_work(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    today = timezone.localdate()
    people = with_task_data(caseload(user, today)).order_by("family_name", "given_name")
    rows, tasks = _caseload_rows(list(people), today)
    context = {"rows": rows, "tasks": tasks[:20], "today": today, "visit_step": "visit" in STEPS}
    return render(request, "web/my_work.html", context)


# The columns of the team's workload, most intensive first (worklist.child_status's words).
TEAM_STATUSES = ["Child protection plan", "Looked after", "Child in need", "Care leaver"]
UNALLOCATED_SHOWN = 100


def _require_manager(user: User) -> None:
    if user.role != Role.TEAM_MANAGER:
        raise PermissionDenied("Only team managers see the team page")


@login_required
def team(request: HttpRequest) -> HttpResponse:
    """Each member's caseload and overdue tasks, and the children the teams hold without a
    worker, with links to allocate or move them."""
    user: User = request.user  # type: ignore[assignment]
    _require_manager(user)
    today = timezone.localdate()
    rows = [
        {
            "member": w.member,
            "children": w.children,
            "counts": [w.by_status.get(s, 0) for s in TEAM_STATUSES],
            "overdue": w.overdue,
            "due_soon": w.due_soon,
        }
        for w in team_workload(list(team_members(user)), today)
    ]
    waiting = list(
        with_task_data(with_open_case(unallocated_children(user, today), today))
        .annotate(
            unallocated_since=Max(
                "allocations__end_date", filter=Q(allocations__role__in=CASE_HOLDING)
            )
        )
        .order_by("unallocated_since", "family_name", "given_name")[:UNALLOCATED_SHOWN]
    )
    unallocated = [
        {
            "person": p,
            "age": _age(p.date_of_birth, today),
            "status": child_status(p, today),
            "overdue": sum(t.status == "overdue" for t in child_tasks(p, today)),
        }
        for p in waiting
    ]
    context = {
        "rows": rows,
        "unallocated": unallocated,
        "unallocated_shown": UNALLOCATED_SHOWN,
        "statuses": TEAM_STATUSES,
    }
    return render(request, "web/team.html", context)


@login_required
def team_member(request: HttpRequest, user_id: int) -> HttpResponse:
    """One member's children, with a link to move each to someone else."""
    user: User = request.user  # type: ignore[assignment]
    _require_manager(user)
    member = team_members(user).filter(pk=user_id).first()
    if member is None:
        raise Http404("No one by that number in your teams")
    today = timezone.localdate()
    people = with_task_data(caseload(member, today)).order_by("family_name", "given_name")
    rows, _ = _caseload_rows(list(people), today)
    return render(request, "web/team_member.html", {"member": member, "rows": rows})


def _allocation_child(request: HttpRequest, user: User) -> Person:
    """The child named in ?child=, if the manager may allocate them (404 otherwise, as for
    every child the user may not see)."""
    try:
        person_id = int(request.GET.get("child", ""))
    except ValueError:
        raise Http404("No child found") from None
    person = Person.objects.filter(pk=person_id, is_child=True).first()
    if person is None or not can_allocate_child(user, person):
        raise Http404("No child found")
    audit_log(
        actor=user,
        action="read",
        person=person,
        obj=person,
        ip=request.META.get("REMOTE_ADDR"),
        detail={"view": "allocation"},
    )
    return person


def _worker_label(worker: User, load: Any) -> str:
    name = worker.get_full_name() or worker.get_username()
    return f"{name} ({load.children} children, {load.overdue} overdue tasks)"


@login_required
def team_allocate(request: HttpRequest) -> HttpResponse:
    """Allocate a child, or move them to another worker: choose, check, confirm."""
    user: User = request.user  # type: ignore[assignment]
    _require_manager(user)
    person = _allocation_child(request, user)
    today = timezone.localdate()
    holding = [
        a
        for a in Allocation.objects.filter(
            person=person, role__in=CASE_HOLDING, start_date__lte=today
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .select_related("worker")
    ]
    workers = list(allocatable_workers(user))
    loads = {w.member.pk: w for w in team_workload(workers, today)}
    roles = [(r.value, r.label) for r in AllocationRole if r.value in CASE_HOLDING]
    make = partial(
        AllocationForm,
        workers=[(str(w.pk), _worker_label(w, loads[w.pk])) for w in workers],
        roles=roles,
        reasons=choices("social_worker_change_reason") if holding else None,
    )
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = make(request.POST) if action in {"check", "confirm"} else None
    if form is not None and form.is_valid():
        data = form.cleaned_data
        chosen = next(w for w in workers if str(w.pk) == data["worker"])
        args = {
            "actor": user,
            "person": person,
            "worker": chosen,
            "start_date": data["start_date"],
            "reason": data.get("reason", ""),
            "role": data["role"],
        }
        try:
            if action == "confirm":
                allocation_transfer(**args)
                name = chosen.get_full_name() or chosen.get_username()
                messages.success(request, f"{person} is now allocated to {name}")
                return redirect("web:team")
            allocation_transfer_check(**args)
        except ValidationError as exc:
            _add_service_errors(form, exc)
        else:
            current = [a for a in holding if a.role == data["role"]]
            context = {
                "person": person,
                "form": form,
                "worker": chosen,
                "current": current,
                "role_label": dict(roles)[data["role"]],
                "reason_label": SOCIAL_WORKER_CHANGE_REASON.get(data.get("reason", ""), ""),
            }
            return render(request, "web/team_allocate_check.html", context)
    show_errors = form is not None
    if form is None and action == "change":
        form = make(request.POST)  # back from the check page with the answers kept
    elif form is None:
        initial_role = holding[0].role if holding else AllocationRole.ALLOCATED_WORKER
        form = make(initial={"role": initial_role, "start_date": today})
    context = {"person": person, "form": form, "holding": holding, "show_errors": show_errors}
    return render(request, "web/team_allocate.html", context)


@login_required
@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """The timeout warning's "Stay signed in". Any request renews the session (settings:
    SESSION_SAVE_EVERY_REQUEST), so this one does nothing else; without JavaScript the form
    posts here and the worker comes back to the page they were on."""
    request.session.modified = True
    if request.headers.get("X-Opencsc-Keep-Alive"):
        return HttpResponse(status=204)
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        back = reverse("web:my-work")
    return redirect(back)


@login_required
def child(request: HttpRequest, person_id: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    person = child_get(user=user, person_id=person_id, ip=request.META.get("REMOTE_ADDR"))
    today = timezone.localdate()
    data = child_record_data(person.pk, today)
    full = data.pop("full")
    # Plain ids ("kind", "since"): the filter is reached by them from links and tests.
    filter_form = ChronologyFilterForm(request.GET or None, kinds=CHRONOLOGY_KINDS, auto_id="%s")
    filters = filter_form.cleaned_data if filter_form.is_bound and filter_form.is_valid() else {}
    events = child_chronology(
        user=user,
        person=full,
        kind=filters.get("kind"),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    can_edit = can_edit_child(user, person)
    steps = steps_by_tab(full) if can_edit else {}
    tabs = [{"id": tab, "title": title, "steps": steps.get(tab, [])} for tab, title in TABS]
    context = {
        **data,
        "person": full,
        "age": _age(full.date_of_birth, today),
        "today": today,
        "events": events,
        "filter_form": filter_form,
        "filtered": bool(filters),
        "can_edit": can_edit,
        "tabs": tabs,
    }
    return render(request, "web/child.html", context)


@login_required
def search(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    query = request.GET.get("q", "").strip()
    results = list(person_search(user=user, query=query)) if query else []
    context = {
        "query": query,
        "results": results,
        "limit": SEARCH_LIMIT,
        "today": timezone.localdate(),
    }
    return render(request, "web/search.html", context)


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
        form = chosen.make_form(person, _as_data(draft.data))
        show_errors = False
        notice = "Your draft is saved. It is kept until you save this step or discard it."
        if request.POST.get("version"):
            version = int(request.POST["version"])
    elif action == "save":
        form = chosen.make_form(person, request.POST)
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
        form = chosen.make_form(person, _as_data(draft.data))
        show_errors = False
        notice = f"We restored the draft you saved at {timezone.localtime(draft.saved_at):%H:%M on %-d %B}."
    else:
        form = chosen.make_form(person, initial=chosen.initial(person, timezone.localdate()))
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
