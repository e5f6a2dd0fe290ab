"""From first contact to a child protection plan, named after the CIN census items.

The CIN episode (CIN census CINdetails) is the Referral: it opens with the referral and closes with
CINclosureDate and ReasonForClosure. A Family Help / child in need plan is a CinPlan within it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

from opencsc.core.codes import choices
from opencsc.people.models import ChildRecord, Person

USER = settings.AUTH_USER_MODEL


class Contact(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts")
    contact_date = models.DateField()
    source = models.CharField(max_length=2, choices=choices("referral_source"))
    outcome = models.CharField(max_length=20, choices=choices("contact_outcome"), blank=True)
    notes = models.TextField(blank=True)


class Referral(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="referrals")
    contact = models.ForeignKey(Contact, on_delete=models.SET_NULL, null=True, blank=True)
    referral_date = models.DateField()
    source = models.CharField(max_length=2, choices=choices("referral_source"))
    primary_need = models.CharField(max_length=2, choices=choices("primary_need"), blank=True)
    decision_date = models.DateField(null=True, blank=True)
    nfa = models.BooleanField("no further action", default=False)
    closure_date = models.DateField(null=True, blank=True)
    closure_reason = models.CharField(
        max_length=3, choices=choices("reason_for_closure"), blank=True
    )
    lead_practitioner = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "referral_date"])]


class Assessment(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assessments")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="assessments")
    start_date = models.DateField()
    internal_review_date = models.DateField(null=True, blank=True)
    authorised_date = models.DateField(null=True, blank=True)


class AssessmentFactor(models.Model):
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="factors")
    code = models.CharField(max_length=3, choices=choices("assessment_factors"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "code"], name="assessment_factor_unique")
        ]


class CinPlan(ChildRecord):
    """A Family Help / child in need plan."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cin_plans")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="cin_plans")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)


class CinPlanReview(ChildRecord):
    """A review of a child in need plan: it continues to a next review, or it ends that day."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cin_plan_reviews")
    plan = models.ForeignKey(CinPlan, on_delete=models.CASCADE, related_name="reviews")
    review_date = models.DateField()
    plan_continues = models.BooleanField(default=True)
    next_review_date = models.DateField(null=True, blank=True)
    notes = models.TextField(blank=True)


class StrategyDiscussion(ChildRecord):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="strategy_discussions"
    )
    referral = models.ForeignKey(
        Referral, on_delete=models.CASCADE, related_name="strategy_discussions"
    )
    discussion_date = models.DateField()
    agencies = models.CharField(max_length=300, blank=True)
    s47_decided = models.BooleanField("section 47 enquiry decided", default=True)


class S47Outcome(models.TextChoices):
    ICPC = "icpc", "Initial child protection conference"
    CIN = "cin", "Continue as child in need"
    NFA = "nfa", "No further action"


class S47Enquiry(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="s47_enquiries")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="s47_enquiries")
    strategy_discussion = models.ForeignKey(
        StrategyDiscussion, on_delete=models.CASCADE, related_name="s47_enquiries"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    outcome = models.CharField(max_length=4, choices=S47Outcome.choices, blank=True)
    icpc_target_date = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = "section 47 enquiry"
        verbose_name_plural = "section 47 enquiries"


class CpPlan(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="cp_plans")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="cp_plans")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    initial_category = models.CharField(max_length=3, choices=choices("category_of_abuse"))
    latest_category = models.CharField(max_length=3, choices=choices("category_of_abuse"))

    class Meta:
        verbose_name = "child protection plan"


class ConferenceKind(models.TextChoices):
    INITIAL = "initial", "Initial child protection conference"
    REVIEW = "review", "Review child protection conference"


class Conference(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="conferences")
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="conferences")
    kind = models.CharField(max_length=10, choices=ConferenceKind.choices)
    s47_enquiry = models.ForeignKey(
        S47Enquiry, on_delete=models.SET_NULL, null=True, blank=True, related_name="conferences"
    )
    cp_plan = models.ForeignKey(
        CpPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="conferences"
    )
    conference_date = models.DateField()
    outcome = models.CharField(max_length=10, blank=True)  # plan|no_plan ; continue|end
    chair = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True)


class CoreGroup(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="core_groups")
    cp_plan = models.ForeignKey(CpPlan, on_delete=models.CASCADE, related_name="core_groups")
    meeting_date = models.DateField()


class VisitKind(models.TextChoices):
    CIN = "cin", "Child in need visit"
    CP = "cp", "Child protection visit"
    CLA = "cla", "Looked-after child statutory visit"
    CARE_LEAVER = "care_leaver", "Care leaver contact"


class Visit(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="visits")
    kind = models.CharField(max_length=12, choices=VisitKind.choices)
    visit_date = models.DateField()
    seen = models.BooleanField(default=True)
    seen_alone = models.BooleanField(default=False)
    bedroom_seen = models.BooleanField(null=True, blank=True)
    worker = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["person", "kind", "visit_date"])]


class FamilyGroupDecisionMeeting(ChildRecord):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="fgdms")
    offered_date = models.DateField()
    meeting_date = models.DateField(null=True, blank=True)
    facilitated = models.BooleanField(default=False)
    outcome = models.TextField(blank=True)


class FamilyNetworkPlan(ChildRecord):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="family_network_plans"
    )
    start_date = models.DateField()
    review_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    network_members = models.ManyToManyField(Person, related_name="+", blank=True)
