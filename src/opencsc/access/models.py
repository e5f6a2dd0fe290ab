"""Users, local authorities, teams, allocation, grants, restrictions and the audit log."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class LocalAuthority(models.Model):
    """The authority a deployment serves. One per deployment today; every record carries it so
    a regional deployment can separate tenants later without reshaping the schema."""

    code = models.CharField(max_length=3, unique=True, help_text="DfE LA code, e.g. 201")
    name = models.CharField(max_length=200)

    class Meta:
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class User(AbstractUser):
    """A person who signs in. Roles and teams are added by the access rules."""
