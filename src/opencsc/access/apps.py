from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "opencsc.access"
    label = "access"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from opencsc.access import signals  # noqa: F401  (connects sign-in auditing)
