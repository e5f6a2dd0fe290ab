"""Every synthetic record passes the same model validation the services apply on entry."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import models

from opencsc.adapters.synth_sink import write_tables
from opencsc.care import models as care
from opencsc.journey import models as journey
from opencsc.people import models as people
from opencsc.synth import simulate

pytestmark = pytest.mark.django_db(transaction=True)
MODELS: list[type[models.Model]] = [
    people.Person,
    people.Address,
    people.Relationship,
    journey.Contact,
    journey.Referral,
    journey.Assessment,
    journey.AssessmentFactor,
    journey.CinPlan,
    journey.StrategyDiscussion,
    journey.S47Enquiry,
    journey.Conference,
    journey.CpPlan,
    journey.Visit,
    care.PeriodOfCare,
    care.Episode,
    care.ClaReview,
    care.MissingEpisode,
    care.Adoption,
    care.CareLeaverContact,
]


def test_a_sample_of_every_synthetic_table_passes_full_clean() -> None:
    end = date(2026, 11, 22)
    write_tables(
        simulate(4000, 3, 9, end_date=end),
        population=4000,
        years=3,
        seed=9,
        end_date=end,
        la_code="999",
        la_name="Test",
    )
    problems = []
    for model in MODELS:
        rows = list(model._default_manager.order_by("?")[:150])
        assert rows, model.__name__
        for obj in rows:
            try:
                obj.full_clean()
            except ValidationError as exc:
                problems.append(f"{model.__name__} {obj.pk}: {exc.message_dict}")
    assert problems == []
