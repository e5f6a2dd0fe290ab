"""Walk every URL: each needs sign-in, and a child's pages are 404 without a relationship."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from opencsc.access.models import Role
from opencsc.web.steps import STEPS
from tests.factories import AllocationFactory, UserFactory

pytestmark = pytest.mark.django_db
PUBLIC = {"web:sign-in"}


def _named_patterns() -> list[tuple[str, URLPattern]]:
    out: list[tuple[str, URLPattern]] = []

    def walk(patterns: list, namespace: str = "") -> None:
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name:
                out.append((f"{namespace}{p.name}", p))

    walk(get_resolver().url_patterns)
    return out


def _url(name: str, pattern: URLPattern, person_id: int, step: str = "contact") -> str:
    kwargs: dict[str, object] = {k: person_id for k in pattern.pattern.regex.groupindex}
    if "step" in kwargs:
        kwargs["step"] = step
    return reverse(name, kwargs=kwargs)


def test_there_are_pages_to_walk() -> None:
    names = {n for n, _ in _named_patterns()}
    assert {"web:my-work", "web:child", "web:search", "web:team", "web:sign-in"} <= names


@pytest.mark.parametrize("name", [n for n, _ in _named_patterns() if n not in PUBLIC])
def test_every_page_needs_sign_in(client: Client, name: str) -> None:
    pattern = dict(_named_patterns())[name]
    url = _url(name, pattern, 1)
    response = client.post(url) if name == "web:sign-out" else client.get(url)
    assert response.status_code == 302
    if name != "web:sign-out":
        assert response["Location"].startswith(reverse("web:sign-in"))


CHILD_PAGES = [n for n, p in _named_patterns() if "person_id" in p.pattern.regex.groupindex]


@pytest.mark.parametrize("step", sorted(STEPS))
def test_every_recording_step_is_404_without_a_relationship(client: Client, step: str) -> None:
    allocation = AllocationFactory()
    url = reverse("web:record-step", args=[allocation.person_id, step])
    for role in Role:
        client.force_login(UserFactory(role=role))
        assert client.get(url).status_code == 404, role
        assert client.post(url, {"action": "save"}).status_code == 404, role
    client.force_login(allocation.worker)
    applies = STEPS[step].applies(allocation.person)
    assert client.get(url).status_code == (200 if applies else 404)


@pytest.mark.parametrize("name", CHILD_PAGES)
def test_child_pages_are_404_without_a_relationship_and_200_with_one(
    client: Client, name: str
) -> None:
    allocation = AllocationFactory()
    pattern = dict(_named_patterns())[name]
    url = _url(name, pattern, allocation.person_id)
    for role in Role:
        stranger = UserFactory(role=role)
        client.force_login(stranger)
        assert client.get(url).status_code == 404, role
    client.force_login(allocation.worker)
    assert client.get(url).status_code == 200


def test_a_missing_child_is_404_too(client: Client) -> None:
    client.force_login(UserFactory())
    assert client.get(reverse("web:child", kwargs={"person_id": 999_999})).status_code == 404


def test_team_page_is_for_managers_only(client: Client) -> None:
    client.force_login(UserFactory(role=Role.SOCIAL_WORKER))
    assert client.get(reverse("web:team")).status_code == 403
    client.force_login(UserFactory(role=Role.TEAM_MANAGER))
    assert client.get(reverse("web:team")).status_code == 200
