"""Sign-in and sign-in failures are audited like any other action."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from opencsc.access.audit import audit_log


def _ip(request: HttpRequest | None) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in)
def _signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    audit_log(actor=user, action="sign_in", ip=_ip(request))


@receiver(user_logged_out)
def _signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_log(actor=user, action="sign_out", ip=_ip(request))


@receiver(user_login_failed)
def _sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    audit_log(
        actor=None,
        action="sign_in_failed",
        ip=_ip(request),
        detail={"username": str(credentials.get("username", ""))[:150]},
    )
