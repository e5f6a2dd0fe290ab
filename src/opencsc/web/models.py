"""A worker's unsaved entries, kept so that nothing typed is lost to a timeout or a refusal."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from opencsc.people.models import Person


class Draft(models.Model):
    """One draft per worker, child and step: the form's fields exactly as last typed.

    Only its author ever sees it; it goes when the step is saved or the worker discards it.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.CASCADE)
    step = models.CharField(max_length=40)
    data = models.JSONField(default=dict)
    saved_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "person", "step"], name="one_draft_per_step")
        ]
