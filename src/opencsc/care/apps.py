from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "opencsc.care"
    label = "care"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from opencsc.care import chronology  # noqa: F401  (registers the chronology source)
