from django.conf import settings
from django.http import HttpRequest


def service(request: HttpRequest) -> dict[str, object]:
    return {
        "service_name": "opencsc",
        "la_name": settings.OPENCSC_LA_NAME,
        "session_minutes": settings.SESSION_COOKIE_AGE // 60,
        "session_seconds": settings.SESSION_COOKIE_AGE,
    }
