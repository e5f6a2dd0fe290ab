"""Journey events in a child's chronology."""

from __future__ import annotations

from collections.abc import Iterator

from opencsc.core.codes import CATEGORY_OF_ABUSE, PRIMARY_NEED, REFERRAL_SOURCE
from opencsc.people.models import Person
from opencsc.people.selectors import Event, register_chronology_source


@register_chronology_source
def journey_events(person: Person) -> Iterator[Event]:
    for c in person.contacts.all():
        yield Event(c.contact_date, "contact", "Contact", REFERRAL_SOURCE.get(c.source, c.source))
    for r in person.referrals.all():
        need = PRIMARY_NEED.get(r.primary_need, "")
        yield Event(
            r.referral_date,
            "referral",
            "Referral" + (" (no further action)" if r.nfa else ""),
            need,
        )
        if r.closure_date:
            yield Event(r.closure_date, "referral", "Case closed", r.get_closure_reason_display())
    for a in person.assessments.all():
        yield Event(a.start_date, "assessment", "Assessment started")
        if a.authorised_date:
            yield Event(a.authorised_date, "assessment", "Assessment authorised")
    for p in person.cin_plans.all():
        yield Event(p.start_date, "family_help", "Child in need plan started")
        if p.end_date:
            yield Event(p.end_date, "family_help", "Child in need plan ended")
    for rv in person.cin_plan_reviews.all():
        yield Event(
            rv.review_date,
            "family_help",
            "Child in need plan review",
            "plan continues" if rv.plan_continues else "plan ended",
        )
    for m in person.fgdms.all():
        yield Event(m.offered_date, "family_help", "Family group decision meeting offered")
        if m.meeting_date:
            yield Event(m.meeting_date, "family_help", "Family group decision meeting", m.outcome)
    for n in person.family_network_plans.all():
        yield Event(n.start_date, "family_help", "Family Network Plan started")
        if n.end_date:
            yield Event(n.end_date, "family_help", "Family Network Plan ended")
    for s in person.strategy_discussions.all():
        yield Event(s.discussion_date, "child_protection", "Strategy discussion")
    for e in person.s47_enquiries.all():
        yield Event(
            e.start_date, "child_protection", "Section 47 enquiry started", e.get_outcome_display()
        )
    for conf in person.conferences.all():
        yield Event(
            conf.conference_date,
            "child_protection",
            conf.get_kind_display(),
            conf.outcome.replace("_", " "),
        )
    for cp in person.cp_plans.all():
        yield Event(
            cp.start_date,
            "child_protection",
            "Child protection plan started",
            CATEGORY_OF_ABUSE.get(cp.initial_category, ""),
        )
        if cp.end_date:
            yield Event(cp.end_date, "child_protection", "Child protection plan ended")
    for v in person.visits.all():
        seen = "seen alone" if v.seen_alone else ("seen" if v.seen else "not seen")
        yield Event(v.visit_date, "visit", v.get_kind_display(), seen)
