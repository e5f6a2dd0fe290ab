from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "opencsc.people"
    label = "people"
    default_auto_field = "django.db.models.BigAutoField"
