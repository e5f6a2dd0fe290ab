"""Local authorities, users and roles, teams, allocation, grants, restrictions and the audit log."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models

from opencsc.core.codes import choices

USER = settings.AUTH_USER_MODEL


class LocalAuthority(models.Model):
    """The authority a deployment serves. One per deployment today; every person carries it so
    a regional deployment can separate tenants later without reshaping the schema."""

    code = models.CharField(max_length=3, unique=True, help_text="DfE LA code, e.g. 201")
    name = models.CharField(max_length=200)

    class Meta:
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Role(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    TEAM_MANAGER = "team_manager", "Team manager"
    CP_CHAIR_IRO = "cp_chair_iro", "Child protection chair / IRO"
    PERFORMANCE_ANALYST = "performance_analyst", "Performance analyst"
    PARTNER_PRACTITIONER = "partner_practitioner", "Partner agency practitioner"
    ADMINISTRATOR = "administrator", "Administrator"


class TeamKind(models.TextChoices):
    FRONT_DOOR = "front_door", "Front door (MASH)"
    ASSESSMENT = "assessment", "Assessment"
    FAMILY_HELP = "family_help", "Family Help"
    CHILD_PROTECTION = "child_protection", "Child protection"
    CHILDREN_IN_CARE = "children_in_care", "Children in care"
    LEAVING_CARE = "leaving_care", "Leaving care"
    OTHER = "other", "Other"


class Team(models.Model):
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT)
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=TeamKind.choices, default=TeamKind.OTHER)
    manager = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="managed_teams"
    )

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person who signs in. What they may see follows from their role and relationships."""

    role = models.CharField(max_length=30, choices=Role.choices, default=Role.SOCIAL_WORKER)
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, null=True, blank=True
    )
    team = models.ForeignKey(
        Team, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    organisation = models.CharField(max_length=200, blank=True, help_text="For partner agencies")


class AllocationRole(models.TextChoices):
    ALLOCATED_WORKER = "allocated_worker", "Allocated social worker"
    LEAD_PRACTITIONER = "lead_practitioner", "Family Help lead practitioner"
    IRO = "iro", "Independent reviewing officer / CP chair"
    PERSONAL_ADVISER = "personal_adviser", "Personal adviser"


class Allocation(models.Model):
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="allocations"
    )
    worker = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="allocations")
    role = models.CharField(
        max_length=20, choices=AllocationRole.choices, default=AllocationRole.ALLOCATED_WORKER
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    # Why the child's worker changed (SSDA903 SWEpisodes SW_REASON), recorded when it ends.
    end_reason = models.CharField(
        max_length=6, choices=choices("social_worker_change_reason"), blank=True
    )

    class Meta:
        indexes = [
            models.Index(fields=["worker", "end_date"]),
            models.Index(fields=["person", "end_date"]),
        ]


class AccessGrant(models.Model):
    """Time-limited access to one child's record, for a recorded reason."""

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="access_grants")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    reason = models.TextField()
    can_write = models.BooleanField(default=False)
    granted_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    starts_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)


class RestrictionKind(models.TextChoices):
    ADOPTION = "adoption", "Adoption"
    STAFF_RELATIVE = "staff_relative", "Relative of a member of staff"
    HIGH_PROFILE = "high_profile", "High profile"
    OTHER = "other", "Other"


class Restriction(models.Model):
    """A restricted record is visible only to its named users, whatever else applies."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="restriction"
    )
    kind = models.CharField(max_length=20, choices=RestrictionKind.choices)
    reason = models.TextField()
    named_users: models.ManyToManyField[User, Any] = models.ManyToManyField(USER, related_name="+")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)


class Deployment(models.Model):
    """What this database holds. Demo users may be created only where it is synthetic."""

    local_authority = models.OneToOneField(LocalAuthority, on_delete=models.CASCADE)
    is_synthetic = models.BooleanField(default=False)
    seed = models.BigIntegerField(null=True, blank=True)
    population = models.PositiveIntegerField(null=True, blank=True)
    years = models.PositiveSmallIntegerField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class AppendOnlyQuerySet(models.QuerySet["AuditEntry"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise PermissionError("the audit log is append-only")

    def delete(self) -> NoReturn:
        raise PermissionError("the audit log is append-only")


class AuditEntry(models.Model):
    """One read or write. Each entry's hash covers its fields and the previous entry's hash, so a
    changed or removed row breaks the chain (`opencsc audit verify`)."""

    at = models.DateTimeField()
    actor = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150)
    action = models.CharField(max_length=30)
    # A plain integer, not a foreign key: the trail must outlive the record it describes.
    person_pk = models.BigIntegerField(null=True, blank=True, db_index=True)
    object_type = models.CharField(max_length=100, blank=True)
    object_pk = models.CharField(max_length=64, blank=True)
    reason = models.TextField(blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    detail = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "audit entries"
        ordering = ["id"]

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError("the audit log is append-only")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise PermissionError("the audit log is append-only")


class AuditHead(models.Model):
    """A single row locked while appending, so concurrent writers chain one after another."""

    last_hash = models.CharField(max_length=64)
