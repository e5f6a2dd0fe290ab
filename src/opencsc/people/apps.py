from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "opencsc.people"
    label = "people"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from opencsc.people import chronology  # noqa: F401  (registers the chronology source)
