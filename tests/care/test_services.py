from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from opencsc.care import services as s
from opencsc.care.models import Episode, PeriodOfCare
from opencsc.people.services import StaleRecordError
from tests.factories import AllocationFactory

pytestmark = pytest.mark.django_db
D = date(2025, 6, 2)
START = {
    "start_date": D,
    "legal_status": "C1",
    "category_of_need": "N1",
    "placement_type": "U6",
    "placement_provider": "PR1",
}


@pytest.fixture
def case():  # type: ignore[no-untyped-def]
    return AllocationFactory()


def test_start_move_change_status_review_and_end(case) -> None:  # type: ignore[no-untyped-def]
    w, p = case.worker, case.person
    first = s.care_start(actor=w, person=p, **START)
    moved = s.placement_change(
        actor=w,
        person=p,
        expected_version=1,
        on=D + timedelta(days=40),
        placement_type="K2",
        placement_provider="PR4",
        reason_place_change="CREQB",
    )
    legal = s.legal_status_change(
        actor=w, person=p, expected_version=1, on=D + timedelta(days=200), legal_status="C2"
    )
    s.cla_review_record(actor=w, person=p, review_date=D + timedelta(days=20), participation="PN1")
    s.care_end(
        actor=w, person=p, expected_version=1, on=D + timedelta(days=300), reason_ceased="E4A"
    )
    eps = list(Episode.objects.filter(person=p).order_by("start_date"))
    assert [e.reason_new_episode for e in eps] == ["S", "P", "L"]
    assert [e.reason_ceased for e in eps] == ["X1", "X1", "E4A"]
    # Contiguous: each episode ends the day the next begins.
    assert eps[0].end_date == moved.start_date and eps[1].end_date == legal.start_date
    assert eps[1].reason_place_change == ""
    assert eps[0].reason_place_change == "CREQB"
    assert PeriodOfCare.objects.get(person=p).end_date == D + timedelta(days=300)
    assert first.period_id == legal.period_id


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"placement_type": "T1", "placement_provider": "PR1"}, "placement_provider"),
        ({"placement_type": "U6", "placement_provider": ""}, "placement_provider"),
        ({"placement_type": "Z1"}, "placement_type"),  # not a 2025-26 code
        ({"legal_status": "C9"}, "legal_status"),
        ({"category_of_need": "N9"}, "category_of_need"),
        ({"start_date": date(2014, 1, 1)}, "start_date"),  # before birth
    ],
)
def test_care_start_rules(case, changes: dict, field: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as err:
        s.care_start(actor=case.worker, person=case.person, **(START | changes))
    assert field in err.value.message_dict


def test_temporary_placement_without_provider_and_old_code_in_its_year(case) -> None:  # type: ignore[no-untyped-def]
    ep = s.care_start(
        actor=case.worker,
        person=case.person,
        **(START | {"placement_type": "T1", "placement_provider": ""}),
    )
    assert ep.placement_provider == ""
    other = AllocationFactory()
    old = s.care_start(
        actor=other.worker,
        person=other.person,
        **(START | {"start_date": date(2024, 6, 1), "placement_type": "Z1"}),
    )
    assert old.placement_type == "Z1"


def test_cannot_start_care_twice_or_move_without_a_reason(case) -> None:  # type: ignore[no-untyped-def]
    s.care_start(actor=case.worker, person=case.person, **START)
    with pytest.raises(ValidationError):
        s.care_start(actor=case.worker, person=case.person, **START)
    with pytest.raises(ValidationError) as err:
        s.placement_change(
            actor=case.worker,
            person=case.person,
            expected_version=1,
            on=D + timedelta(days=5),
            placement_type="K2",
            placement_provider="PR4",
            reason_place_change="",
        )
    assert "reason_place_change" in err.value.message_dict


def test_a_concurrent_move_is_refused(case) -> None:  # type: ignore[no-untyped-def]
    s.care_start(actor=case.worker, person=case.person, **START)
    s.placement_change(
        actor=case.worker,
        person=case.person,
        expected_version=1,
        on=D + timedelta(days=5),
        placement_type="K2",
        placement_provider="PR4",
        reason_place_change="CARPL",
    )
    with pytest.raises(StaleRecordError):
        # The second worker still holds version 1 of the episode that was current when they opened it;
        # that episode has since been ended, so their change is refused rather than applied twice.
        current = s.current_episode(case.person)
        assert current is not None
        s.care_end(
            actor=case.worker,
            person=case.person,
            expected_version=current.version + 1,
            on=D + timedelta(days=9),
            reason_ceased="E4A",
        )


@pytest.mark.parametrize(("reason", "ok"), [("E4A", True), ("X1", False), ("ZZ", False)])
def test_care_end_reason(case, reason: str, ok: bool) -> None:  # type: ignore[no-untyped-def]
    s.care_start(actor=case.worker, person=case.person, **START)
    if ok:
        s.care_end(
            actor=case.worker,
            person=case.person,
            expected_version=1,
            on=D + timedelta(days=9),
            reason_ceased=reason,
        )
    else:
        with pytest.raises(ValidationError):
            s.care_end(
                actor=case.worker,
                person=case.person,
                expected_version=1,
                on=D + timedelta(days=9),
                reason_ceased=reason,
            )


def test_review_rules(case) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):  # not looked after
        s.cla_review_record(
            actor=case.worker, person=case.person, review_date=D, participation="PN1"
        )
    s.care_start(actor=case.worker, person=case.person, **START)
    with pytest.raises(ValidationError):  # PN0 is for under-4s; the factory child is 10
        s.cla_review_record(
            actor=case.worker,
            person=case.person,
            review_date=D + timedelta(days=10),
            participation="PN0",
        )
    s.cla_review_record(
        actor=case.worker,
        person=case.person,
        review_date=D + timedelta(days=10),
        participation="PN1",
    )


def test_missing_episode_rules(case) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        s.missing_episode_record(
            actor=case.worker,
            person=case.person,
            kind="M",
            start_date=D,
            end_date=D - timedelta(days=1),
        )
    with pytest.raises(ValidationError):
        s.missing_episode_record(actor=case.worker, person=case.person, kind="X", start_date=D)
    assert s.missing_episode_record(
        actor=case.worker, person=case.person, kind="A", start_date=D
    ).pk
