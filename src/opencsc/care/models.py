"""Looked-after children (SSDA903 episodes), permanence, care leavers to 25, proceedings, health.

An Episode is the SSDA903 row and the source of truth for placements and legal status: a
placement move or legal-status change ends one episode and opens the next (ADR 0005).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from opencsc.core.codes import choices
from opencsc.people.models import ChildRecord, Family, Person

USER = settings.AUTH_USER_MODEL
ALL_PLACEMENT_TYPES = sorted(
    {c for y in ("2024-25", "2025-26") for c in dict(choices("placement_type", y))}
)


class PeriodOfCare(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="periods_of_care")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)


class Episode(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="episodes")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="episodes")
    start_date = models.DateField("DECOM")
    reason_new_episode = models.CharField(
        "RNE", max_length=1, choices=choices("reason_new_episode")
    )
    legal_status = models.CharField("LS", max_length=2, choices=choices("legal_status"))
    category_of_need = models.CharField("CIN", max_length=2, choices=choices("category_of_need"))
    placement_type = models.CharField(
        "PLACE", max_length=3, choices=[(c, c) for c in ALL_PLACEMENT_TYPES]
    )
    placement_provider = models.CharField(
        "PLACE_PROVIDER", max_length=3, choices=choices("placement_provider"), blank=True
    )
    home_postcode = models.CharField(max_length=8, blank=True)
    placement_postcode = models.CharField(max_length=8, blank=True)
    urn = models.CharField("URN", max_length=8, blank=True)
    placement_distance_miles = models.DecimalField(
        max_digits=6, decimal_places=1, null=True, blank=True
    )
    end_date = models.DateField("DEC", null=True, blank=True)
    reason_ceased = models.CharField(
        "REC", max_length=3, choices=choices("reason_episode_ceased"), blank=True
    )
    reason_place_change = models.CharField(
        "REASON_PLACE_CHANGE", max_length=6, choices=choices("reason_place_change"), blank=True
    )

    class Meta:
        indexes = [models.Index(fields=["person", "start_date"])]


class ClaReview(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cla_reviews")
    period = models.ForeignKey(PeriodOfCare, on_delete=models.CASCADE, related_name="reviews")
    review_date = models.DateField()
    participation = models.CharField(max_length=3, choices=choices("review_participation"))
    iro = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True)


class MissingEpisode(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="missing_episodes")
    kind = models.CharField(max_length=1, choices=choices("missing_type"))
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    return_interview_offered = models.BooleanField(null=True, blank=True)
    return_interview_accepted = models.BooleanField(null=True, blank=True)


class UascStatus(ChildRecord):
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="uasc_status")
    uasc = models.BooleanField(default=True)
    ceased_date = models.DateField("DUC", null=True, blank=True)
    age_assessed_on = models.DateField(null=True, blank=True)


class AdvocacyOffer(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="advocacy_offers")
    offered_date = models.DateField()
    accepted = models.BooleanField(null=True, blank=True)
    advocate_organisation = models.CharField(max_length=200, blank=True)


class Adoption(ChildRecord):
    """SSDA903 AD1 milestones for a child with a plan for adoption."""

    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="adoption")
    decision_date = models.DateField("DATE_INT", null=True, blank=True)
    placement_order_date = models.DateField(null=True, blank=True)
    match_date = models.DateField("DATE_MATCH", null=True, blank=True)
    adoption_order_date = models.DateField(null=True, blank=True)
    foster_care = models.BooleanField("adopted by foster carer", null=True, blank=True)
    number_of_adopters = models.PositiveSmallIntegerField(null=True, blank=True)
    sex_of_adopters = models.CharField(max_length=2, choices=choices("sex_of_adopters"), blank=True)
    adopters_legal_status = models.CharField(
        max_length=3, choices=choices("adopters_legal_status"), blank=True
    )


class PlacedForAdoption(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="placed_for_adoption")
    placed_date = models.DateField("DATE_PLACED")
    ceased_date = models.DateField("DATE_PLACED_CEASED", null=True, blank=True)
    reason_ceased = models.CharField(
        max_length=3, choices=choices("reason_placed_ceased"), blank=True
    )


class PermanenceKind(models.TextChoices):
    ADOPTION = "adoption", "Adoption order"
    SGO = "sgo", "Special guardianship order"
    CAO = "cao", "Child arrangements order"
    PLACEMENT_ORDER = "placement_order", "Placement order"


class PermanenceOrder(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="permanence_orders")
    kind = models.CharField(max_length=20, choices=PermanenceKind.choices)
    made_date = models.DateField()
    carers = models.CharField(max_length=200, blank=True)
    kinship = models.BooleanField(default=False)


class PreviousPermanence(ChildRecord):
    person = models.OneToOneField(
        Person, on_delete=models.CASCADE, related_name="previous_permanence"
    )
    kind = models.CharField("PREV_PERM", max_length=2, choices=choices("previous_permanence"))
    la = models.CharField("LA_PERM", max_length=3, blank=True)
    date = models.DateField("DATE_PERM", null=True, blank=True)


class KinshipArrangement(ChildRecord):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="kinship_arrangements"
    )
    carer = models.ForeignKey(
        Person, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20)  # kinship_foster|sgo|cao|informal|private_fostering
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    support_plan = models.BooleanField(default=False)


class CareLeaver(ChildRecord):
    person = models.OneToOneField(Person, on_delete=models.CASCADE, related_name="care_leaver")
    eligibility = models.CharField(max_length=20)  # eligible|relevant|former_relevant|qualifying
    staying_put = models.BooleanField(default=False)
    staying_close = models.BooleanField(default=False)


class PathwayPlan(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pathway_plans")
    plan_date = models.DateField()
    review_date = models.DateField(null=True, blank=True)


class CareLeaverContact(ChildRecord):
    """The SSDA903 OC3 answers for one birthday (17th to 21st), or a contact after it."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="care_leaver_contacts"
    )
    contact_date = models.DateField()
    in_touch = models.CharField(max_length=4, choices=choices("care_leaver_in_touch"))
    activity = models.CharField(max_length=2, choices=choices("care_leaver_activity"), blank=True)
    accommodation = models.CharField(
        max_length=2, choices=choices("care_leaver_accommodation"), blank=True
    )
    staying_put = models.BooleanField(default=False)


class PreProceedings(ChildRecord):
    """Public Law Outline pre-proceedings (CIN census 2026/27 PreProceedingsandFGDM)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="pre_proceedings")
    start_date = models.DateField()
    letter_before_proceedings_date = models.DateField(null=True, blank=True)
    initial_meeting_date = models.DateField(null=True, blank=True)
    review_meetings = models.PositiveSmallIntegerField(default=0)
    decision_date = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=30, blank=True)


class CareProceedings(models.Model):
    family = models.ForeignKey(Family, on_delete=models.PROTECT, related_name="proceedings")
    children = models.ManyToManyField(Person, related_name="proceedings")
    application_date = models.DateField()
    court = models.CharField(max_length=200, blank=True)
    case_number = models.CharField(max_length=50, blank=True)
    concluded_date = models.DateField(null=True, blank=True)


class Hearing(models.Model):
    proceedings = models.ForeignKey(
        CareProceedings, on_delete=models.CASCADE, related_name="hearings"
    )
    hearing_date = models.DateField()
    kind = models.CharField(max_length=50)


class CourtOrder(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="court_orders")
    proceedings = models.ForeignKey(
        CareProceedings, on_delete=models.SET_NULL, null=True, blank=True, related_name="orders"
    )
    kind = models.CharField(max_length=30)  # ico|care_order|supervision|placement|sgo|cao|epo
    made_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)


class HealthAssessment(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="health_assessments")
    assessment_date = models.DateField()
    kind = models.CharField(max_length=10)  # initial|review
    dental_check = models.BooleanField(null=True, blank=True)
    immunisations_up_to_date = models.BooleanField(null=True, blank=True)


class SdqScore(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="sdq_scores")
    sdq_date = models.DateField()
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    reason_not_done = models.CharField(max_length=4, choices=choices("sdq_reason"), blank=True)


class SubstanceMisuse(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="substance_misuse")
    identified_date = models.DateField()
    intervention_offered = models.BooleanField(default=False)
    intervention_received = models.BooleanField(default=False)


class Conviction(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="convictions")
    conviction_date = models.DateField()
    offence = models.CharField(max_length=200, blank=True)
