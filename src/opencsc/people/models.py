"""Persons (children and the adults around them), identifiers, addresses and relationships."""

from __future__ import annotations

from django.db import models


class Person(models.Model):
    local_authority = models.ForeignKey(
        "access.LocalAuthority", on_delete=models.PROTECT, related_name="persons"
    )
    la_child_id = models.CharField(
        max_length=10, blank=True, help_text="The LA's own identifier (CIN LAchildID, 903 CHILD)"
    )
    is_child = models.BooleanField(default=True)
    given_name = models.CharField(max_length=100)
    family_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "la_child_id"],
                condition=~models.Q(la_child_id=""),
                name="person_la_child_id_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"
