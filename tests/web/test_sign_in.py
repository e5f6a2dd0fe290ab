from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from opencsc.access.models import AuditEntry
from tests.factories import AllocationFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery staple"


def test_sign_in_takes_the_worker_to_their_caseload(client: Client) -> None:
    allocation = AllocationFactory(worker__username="kim")
    response = client.post(
        reverse("web:sign-in"), {"username": "kim", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("web:my-work")
    assert allocation.person.given_name in response.content.decode()


def test_a_wrong_password_shows_the_error_summary(client: Client) -> None:
    UserFactory(username="kim")
    response = client.post(reverse("web:sign-in"), {"username": "kim", "password": "nope"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body and "Enter a correct username and password" in body
    assert "<title>Error: Sign in" in body


def test_five_failures_lock_the_account_even_for_the_right_password(client: Client) -> None:
    UserFactory(username="kim")
    for _ in range(5):
        client.post(reverse("web:sign-in"), {"username": "kim", "password": "wrong"})
    response = client.post(reverse("web:sign-in"), {"username": "kim", "password": PASSWORD})
    assert response.status_code == 429
    assert "too many times" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_form_requires_csrf() -> None:
    UserFactory(username="kim")
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(reverse("web:sign-in"), {"username": "kim", "password": PASSWORD})
    assert response.status_code == 403


def test_passwords_are_hashed_with_argon2() -> None:
    assert UserFactory().password.startswith("argon2")


def test_sign_in_failure_and_sign_out_are_audited(client: Client) -> None:
    user = UserFactory(username="kim")
    client.post(reverse("web:sign-in"), {"username": "kim", "password": "wrong"})
    client.post(reverse("web:sign-in"), {"username": "kim", "password": PASSWORD})
    client.post(reverse("web:sign-out"))
    actions = list(AuditEntry.objects.values_list("action", "actor_id"))
    assert ("sign_in_failed", None) in actions
    assert ("sign_in", user.pk) in actions and ("sign_out", user.pk) in actions


def test_my_work_lists_only_my_children(client: Client) -> None:
    mine = AllocationFactory()
    theirs = AllocationFactory()
    client.force_login(mine.worker)
    body = client.get(reverse("web:my-work")).content.decode()
    assert mine.person.given_name in body
    assert theirs.person.given_name not in body


def test_search_finds_only_visible_children(client: Client) -> None:
    mine = AllocationFactory(person__given_name="Zebedee", person__family_name="Quill")
    AllocationFactory(person__given_name="Zebedee", person__family_name="Other")
    client.force_login(mine.worker)
    body = client.get(reverse("web:search"), {"q": "zeb"}).content.decode()
    assert "Zebedee Quill" in body and "Zebedee Other" not in body
    assert "1 result" in body
