from django.apps import AppConfig


class JourneyConfig(AppConfig):
    name = "opencsc.journey"
    label = "journey"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from opencsc.journey import chronology  # noqa: F401  (registers the chronology source)
