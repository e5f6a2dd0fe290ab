"""What the child record page shows, read in a fixed number of queries.

Every table the page lists is fetched once with its related rows (`child_record_data`), and the
chronology and statutory dates read the same prefetched rows, so the page costs the same however
long the child's history is and however large the authority's database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Prefetch

from opencsc.access.models import Allocation
from opencsc.care.models import ClaReview, Episode, PeriodOfCare
from opencsc.core.codes import LEGAL_STATUS, PLACEMENT_PROVIDER, code_list
from opencsc.journey.models import Conference, CpPlan, FamilyNetworkPlan, Referral
from opencsc.people.models import Person, Relationship, RelationshipKind
from opencsc.worklist.selectors import Task, child_status, child_tasks

# What the child is to someone recorded as `kind` of them (the child of a parent…).
INVERSE_KIND: dict[str, str] = {
    RelationshipKind.PARENT: "Child",
    RelationshipKind.STEP_PARENT: "Step-child",
    RelationshipKind.GRANDPARENT: "Grandchild",
    RelationshipKind.AUNT_UNCLE: "Niece or nephew",
    RelationshipKind.CARER: "Cared for by the child",
}


@dataclass(frozen=True)
class Relative:
    person: Person
    relationship: str
    parental_responsibility: bool
    start_date: date | None
    end_date: date | None


def _with_record(person_id: int) -> Person:
    """The child with every related table the page, its chronology and its tasks read."""
    return (
        Person.objects.filter(pk=person_id)
        .select_related("uasc_status", "care_leaver", "restriction", "adoption", "family")
        .prefetch_related(
            # The statutory dates (worklist.child_tasks) walk these.
            Prefetch(
                "referrals",
                queryset=Referral.objects.order_by("-referral_date").prefetch_related(
                    "assessments",
                    "conferences",
                    "s47_enquiries__strategy_discussion",
                    "cin_plans__reviews",
                ),
            ),
            Prefetch(
                "cp_plans",
                queryset=CpPlan.objects.order_by("-start_date").prefetch_related("conferences"),
            ),
            Prefetch(
                "periods_of_care",
                queryset=PeriodOfCare.objects.order_by("-start_date").prefetch_related(
                    "reviews", "episodes"
                ),
            ),
            "visits",
            "care_leaver_contacts",
            "pathway_plans",
            # The chronology and the tabs read these.
            "contacts",
            "assessments__factors",
            "cin_plans",
            "cin_plan_reviews",
            "strategy_discussions",
            "s47_enquiries",
            Prefetch(
                "conferences",
                queryset=Conference.objects.select_related("chair").order_by("-conference_date"),
            ),
            Prefetch("episodes", queryset=Episode.objects.order_by("-start_date")),
            Prefetch("cla_reviews", queryset=ClaReview.objects.select_related("iro")),
            "missing_episodes",
            "fgdms",
            Prefetch(
                "family_network_plans",
                queryset=FamilyNetworkPlan.objects.prefetch_related("network_members"),
            ),
            Prefetch("relationships", queryset=Relationship.objects.select_related("other_person")),
            "involvements",
            "kinship_arrangements__carer",
            "permanence_orders",
            "placed_for_adoption",
            "court_orders",
            "advocacy_offers",
            "health_assessments",
            "case_notes__author",
            "voice_records__recorded_by",
            "documents__uploaded_by",
            Prefetch(
                "allocations",
                queryset=Allocation.objects.select_related("worker").order_by("-start_date"),
            ),
        )
        .get()
    )


def _relatives(person: Person) -> list[Relative]:
    """Everyone recorded as related to the child, whichever side the relationship was entered."""
    kinds = dict(RelationshipKind.choices)
    rows = [
        Relative(
            r.person,
            str(kinds.get(r.kind, r.kind)),
            r.parental_responsibility,
            r.start_date,
            r.end_date,
        )
        for r in Relationship.objects.filter(other_person=person).select_related("person")
    ]
    rows += [
        Relative(
            r.other_person,
            INVERSE_KIND.get(r.kind, str(kinds.get(r.kind, r.kind))),
            False,
            r.start_date,
            r.end_date,
        )
        for r in person.relationships.all()
    ]
    return sorted(rows, key=lambda r: (r.end_date is not None, r.relationship, str(r.person)))


def _placement_label(code: str) -> str:
    return code_list("placement_type").get(code, "") or code


def child_record_data(person_id: int, today: date) -> dict[str, Any]:
    """Everything the child record page shows, except the chronology (filtered per request)."""
    full = _with_record(person_id)
    episodes = list(full.episodes.all())
    current = episodes[0] if episodes and episodes[0].end_date is None else None
    cp_plans = list(full.cp_plans.all())
    cin_plans = [p for r in full.referrals.all() for p in r.cin_plans.all()]
    allocations = list(full.allocations.all())
    active = [
        a
        for a in allocations
        if a.start_date <= today and (a.end_date is None or a.end_date >= today)
    ]
    uasc = getattr(full, "uasc_status", None)
    tasks: list[Task] = sorted(child_tasks(full, today), key=lambda t: t.due_date)
    return {
        "full": full,
        "status": child_status(full, today),
        "episode": current,
        "legal_status": LEGAL_STATUS.get(current.legal_status, "") if current else "",
        "placement": _placement_label(current.placement_type) if current else "",
        "provider": PLACEMENT_PROVIDER.get(current.placement_provider, "") if current else "",
        "cp_plan": next((p for p in cp_plans if p.end_date is None), None),
        "cin_plan": next((p for p in cin_plans if p.end_date is None), None),
        "open_referral": next((r for r in full.referrals.all() if r.closure_date is None), None),
        "allocations": active,
        "restricted": hasattr(full, "restriction"),
        "uasc": bool(uasc and uasc.uasc and uasc.ceased_date is None),
        "missing": any(m.end_date is None for m in full.missing_episodes.all()),
        "tasks": tasks,
        "overdue": sum(t.status == "overdue" for t in tasks),
        "relatives": _relatives(full),
        "episodes": episodes,
        "cp_plans": cp_plans,
        "cin_plans": cin_plans,
    }
