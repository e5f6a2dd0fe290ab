"""Persons (children and the adults around them), identifiers, addresses, families and
relationships, and the records that cut across every stage: voice of the child, involvements of
other professionals, SEND status, documents and case notes."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from opencsc.core.codes import choices


class ChildRecord(models.Model):
    """Base of every record that belongs to one child: who, when, and a version for optimistic
    locking (an update names the version it saw; a stale one is refused, never overwritten)."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class Family(models.Model):
    """A household or family group: siblings and parents share one, so repeat plans and
    proceedings can be counted per family."""

    local_authority = models.ForeignKey("access.LocalAuthority", on_delete=models.PROTECT)
    name = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name_plural = "families"

    def __str__(self) -> str:
        return self.name or f"Family {self.pk}"


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
    expected_date_of_birth = models.DateField(null=True, blank=True)
    date_of_death = models.DateField(null=True, blank=True)
    sex = models.CharField(max_length=1, choices=choices("sex"), blank=True)
    gender_identity = models.CharField(max_length=100, blank=True)
    ethnicity = models.CharField(max_length=4, choices=choices("ethnicity"), blank=True)
    upn = models.CharField("UPN", max_length=13, blank=True)
    former_upn = models.CharField("former UPN", max_length=13, blank=True)
    upn_unknown = models.CharField(max_length=3, choices=choices("upn_unknown"), blank=True)
    nhs_number = models.CharField("NHS number", max_length=10, blank=True)
    first_language = models.CharField(max_length=100, blank=True)
    religion = models.CharField(max_length=100, blank=True)
    nationality = models.CharField(max_length=100, blank=True)
    family = models.ForeignKey(
        Family, on_delete=models.SET_NULL, null=True, blank=True, related_name="members"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "la_child_id"],
                condition=~models.Q(la_child_id=""),
                name="person_la_child_id_unique",
            ),
            models.UniqueConstraint(
                fields=["local_authority", "nhs_number"],
                condition=~models.Q(nhs_number=""),
                name="person_nhs_number_unique",
            ),
        ]
        indexes = [
            models.Index(fields=["family_name", "given_name"]),
            models.Index(fields=["date_of_birth"]),
            models.Index(fields=["upn"]),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"


class PersonDisability(models.Model):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="disabilities")
    code = models.CharField(max_length=4, choices=choices("disability"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["person", "code"], name="person_disability_unique")
        ]


class Address(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="addresses")
    kind = models.CharField(max_length=20, default="home")
    line_1 = models.CharField(max_length=200, blank=True)
    line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    lsoa = models.CharField("LSOA", max_length=9, blank=True)
    imd_decile = models.PositiveSmallIntegerField(
        "IMD decile", null=True, blank=True, help_text="1 = most deprived tenth of England"
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)


class RelationshipKind(models.TextChoices):
    PARENT = "parent", "Parent"
    STEP_PARENT = "step_parent", "Step-parent"
    SIBLING = "sibling", "Sibling"
    HALF_SIBLING = "half_sibling", "Half-sibling"
    GRANDPARENT = "grandparent", "Grandparent"
    AUNT_UNCLE = "aunt_uncle", "Aunt or uncle"
    FAMILY_NETWORK = "family_network_member", "Family network member"
    CARER = "carer", "Carer"
    OTHER = "other", "Other"


class Relationship(ChildRecord):
    """`person` is `kind` of `other_person` (person is the parent of other_person)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="relationships")
    other_person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30, choices=RelationshipKind.choices)
    parental_responsibility = models.BooleanField(default=False)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)


class VoiceOfChild(ChildRecord):
    """Wishes and feelings, in the child's own words."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="voice_records")
    recorded_on = models.DateField()
    context = models.CharField(max_length=30, default="other")
    in_childs_words = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )


class Involvement(ChildRecord):
    """A professional from any agency involved with the child (SSD involvements/professionals)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="involvements")
    professional_name = models.CharField(max_length=200)
    agency = models.CharField(max_length=200)
    role = models.CharField(max_length=100)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)


class SendStatus(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="send_statuses")
    recorded_on = models.DateField()
    send_type = models.CharField("SEN type", max_length=10, blank=True)
    ehcp_requested_on = models.DateField("EHCP requested", null=True, blank=True)
    ehcp_issued_on = models.DateField("EHCP issued", null=True, blank=True)
    ehcp_ended_on = models.DateField(null=True, blank=True)


class Document(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=200)
    kind = models.CharField(max_length=50, blank=True)
    file = models.FileField(upload_to="documents/%Y/%m/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )


class CaseNote(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="case_notes")
    noted_on = models.DateField()
    note = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
