"""Sessions: the timeout and its warning, keeping a session alive, lockout, and CSRF on every form."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from opencsc.access.models import Role
from opencsc.web.steps import STEPS
from tests.factories import AllocationFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def _dialog(html: str) -> str:
    match = re.search(r"<dialog id=\"opencsc-timeout\".*?</dialog>", html, re.S)
    assert match, "no timeout warning on the page"
    return match.group(0)


def test_signed_in_pages_carry_the_timeout_warning(client: Client) -> None:
    client.force_login(UserFactory())
    html = client.get(reverse("web:my-work")).content.decode()
    dialog = _dialog(html)
    # an accessible modal: announced as an alert, named and described by its own text
    for attribute in (
        'role="alertdialog"',
        'aria-modal="true"',
        'aria-labelledby="opencsc-timeout-title"',
        'aria-describedby="opencsc-timeout-text"',
        f'data-session-seconds="{settings.SESSION_COOKIE_AGE}"',
        'data-warn-seconds="120"',
    ):
        assert attribute in dialog, attribute
    assert 'id="opencsc-timeout-title"' in dialog and 'id="opencsc-timeout-text"' in dialog
    assert ">Stay signed in</button>" in dialog and ">Sign out</button>" in dialog
    assert f'action="{reverse("web:keep-alive")}"' in dialog
    assert 'aria-live="assertive"' in dialog
    assert "opencsc-timeout.js" in html
    # without JavaScript the phase banner already says it
    minutes = settings.SESSION_COOKIE_AGE // 60
    assert f"you are signed out after {minutes} minutes without activity" in html


def test_the_sign_in_page_has_no_warning(client: Client) -> None:
    assert "opencsc-timeout" not in client.get(reverse("web:sign-in")).content.decode()


def test_keep_alive_renews_the_session(client: Client) -> None:
    client.force_login(UserFactory())
    Session.objects.update(expire_date=timezone.now() + timedelta(seconds=30))
    response = client.post(reverse("web:keep-alive"), HTTP_X_OPENCSC_KEEP_ALIVE="1")
    assert response.status_code == 204
    left = Session.objects.get().expire_date - timezone.now()
    assert left > timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_keep_alive_without_javascript_returns_to_the_page(client: Client) -> None:
    allocation = AllocationFactory()
    client.force_login(allocation.worker)
    page = reverse("web:child", args=[allocation.person_id])
    response = client.post(reverse("web:keep-alive"), {"next": page})
    assert response.status_code == 302 and response["Location"] == page
    # never to another site
    response = client.post(reverse("web:keep-alive"), {"next": "https://evil.example/"})
    assert response["Location"] == reverse("web:my-work")


def test_keep_alive_needs_sign_in_and_a_post(client: Client) -> None:
    response = client.post(reverse("web:keep-alive"), HTTP_X_OPENCSC_KEEP_ALIVE="1")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:sign-in"))
    client.force_login(UserFactory())
    assert client.get(reverse("web:keep-alive")).status_code == 405


def test_an_expired_session_is_signed_out(client: Client) -> None:
    client.force_login(UserFactory())
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get(reverse("web:my-work"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:sign-in"))


# Lockout (django-axes): five failures lock the username, whatever the password, for 30 minutes.


def _sign_in(client: Client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("web:sign-in"), {"username": username, "password": password})


def test_a_lockout_is_per_account_not_per_office(client: Client) -> None:
    UserFactory(username="kim")
    UserFactory(username="sam")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "kim", "wrong")
    assert _sign_in(client, "kim", PASSWORD).status_code == 429
    # a colleague at the same address still signs in
    assert _sign_in(Client(), "sam", PASSWORD).status_code == 302


def test_failures_below_the_limit_do_not_lock(client: Client) -> None:
    UserFactory(username="kim")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _sign_in(client, "kim", "wrong")
    assert _sign_in(client, "kim", PASSWORD).status_code == 302


def test_the_lock_lifts_after_the_cool_off(client: Client) -> None:
    UserFactory(username="kim")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _sign_in(client, "kim", "wrong")
    assert _sign_in(client, "kim", PASSWORD).status_code == 429
    cool_off = timedelta(hours=settings.AXES_COOLOFF_TIME)
    AccessAttempt.objects.update(attempt_time=timezone.now() - cool_off - timedelta(minutes=1))
    assert _sign_in(client, "kim", PASSWORD).status_code == 302


# CSRF: every form that posts carries a token, and every post without one is refused.


def _post_forms(html: str) -> list[str]:
    return re.findall(r"<form[^>]*method=\"post\".*?</form>", html, re.S | re.I)


def test_every_form_on_every_page_type_carries_a_csrf_token(client: Client) -> None:
    team = TeamFactory()
    manager = UserFactory(role=Role.TEAM_MANAGER, team=team)
    allocation = AllocationFactory(worker__team=team)
    newcomer = UserFactory(team=team)
    pages = [(Client(), reverse("web:sign-in"))]
    client.force_login(allocation.worker)
    person = allocation.person
    pages += [
        (client, reverse("web:my-work")),
        (client, reverse("web:search") + "?q=a"),
        (client, reverse("web:child", args=[person.pk])),
    ]
    pages += [
        (client, reverse("web:record-step", args=[person.pk, slug]))
        for slug, step in STEPS.items()
        if step.applies(person)
    ]
    boss = Client()
    boss.force_login(manager)
    allocate = reverse("web:team-allocate") + f"?child={person.pk}"
    pages += [(boss, reverse("web:team")), (boss, allocate)]
    seen = 0
    for who, url in pages:
        html = who.get(url).content.decode()
        for form in _post_forms(html):
            assert 'name="csrfmiddlewaretoken"' in form, url
            seen += 1
    # and the confirmation page of an allocation
    today = timezone.localdate()
    check = boss.post(
        allocate,
        {
            "action": "check",
            "worker": str(newcomer.pk),
            "role": "allocated_worker",
            "reason": "MANAGE",
            "start_date_day": str(today.day),
            "start_date_month": str(today.month),
            "start_date_year": str(today.year),
        },
    ).content.decode()
    assert "Check the allocation" in check
    assert all('name="csrfmiddlewaretoken"' in f for f in _post_forms(check))
    assert seen > len(pages)


def test_every_post_without_a_token_is_refused() -> None:
    team = TeamFactory()
    manager = UserFactory(role=Role.TEAM_MANAGER, team=team)
    allocation = AllocationFactory(worker__team=team)
    worker = Client(enforce_csrf_checks=True)
    worker.force_login(allocation.worker)
    posts = [
        (worker, reverse("web:sign-out")),
        (worker, reverse("web:keep-alive")),
    ]
    posts += [
        (worker, reverse("web:record-step", args=[allocation.person_id, slug]))
        for slug, step in STEPS.items()
        if step.applies(allocation.person)
    ]
    boss = Client(enforce_csrf_checks=True)
    boss.force_login(manager)
    posts.append((boss, reverse("web:team-allocate") + f"?child={allocation.person_id}"))
    for who, url in posts:
        assert who.post(url, {"action": "save"}).status_code == 403, url
    assert "_auth_user_id" in worker.session  # the refused sign-out did not sign out
