from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from opencsc.care import services as s
from opencsc.care.models import (
    Adoption,
    CareLeaverContact,
    Episode,
    MissingEpisode,
    PeriodOfCare,
    PermanenceOrder,
    PlacedForAdoption,
    UascStatus,
)
from opencsc.people.services import StaleRecordError
from tests.factories import AllocationFactory, PersonFactory

pytestmark = pytest.mark.django_db
D = date(2025, 6, 2)  # the factory child (born 1 June 2015) is 10
START = {
    "start_date": D,
    "legal_status": "C1",
    "category_of_need": "N1",
    "placement_type": "U6",
    "placement_provider": "PR1",
    "placement_postcode": "ab1 2cd",
    "home_postcode": "AB3 4EF",
}
MOVE = {
    "placement_type": "K2",
    "placement_provider": "PR4",
    "placement_postcode": "CD1 2EF",
    "reason_place_change": "CREQB",
}


@pytest.fixture
def case():  # type: ignore[no-untyped-def]
    return AllocationFactory()


def _errors(call, *args, **kwargs) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as err:
        call(*args, **kwargs)
    return err.value.message_dict


def _start(case, **changes) -> Episode:  # type: ignore[no-untyped-def]
    return s.care_start(actor=case.worker, person=case.person, **(START | changes))


def _move(case, on: date, **changes) -> Episode:  # type: ignore[no-untyped-def]
    current = s.current_episode(case.person)
    assert current is not None
    return s.placement_change(
        actor=case.worker,
        person=case.person,
        expected_version=current.version,
        on=on,
        **(MOVE | changes),
    )


def _end(case, on: date, reason: str = "E4A") -> Episode:  # type: ignore[no-untyped-def]
    current = s.current_episode(case.person)
    assert current is not None
    return s.care_end(
        actor=case.worker,
        person=case.person,
        expected_version=current.version,
        on=on,
        reason_ceased=reason,
    )


def test_start_move_change_status_review_and_end(case) -> None:  # type: ignore[no-untyped-def]
    w, p = case.worker, case.person
    first = _start(case)
    moved = _move(case, D + timedelta(days=40))
    assert moved.version == 3  # the count goes on from the ended episode (now at 2)
    legal = s.legal_status_change(
        actor=w, person=p, expected_version=3, on=D + timedelta(days=200), legal_status="C2"
    )
    s.cla_review_record(actor=w, person=p, review_date=D + timedelta(days=20), participation="PN1")
    _end(case, D + timedelta(days=300))
    eps = list(Episode.objects.filter(person=p).order_by("start_date"))
    assert [e.reason_new_episode for e in eps] == ["S", "P", "L"]
    assert [e.reason_ceased for e in eps] == ["X1", "X1", "E4A"]
    # Contiguous: each episode ends the day the next begins.
    assert eps[0].end_date == moved.start_date and eps[1].end_date == legal.start_date
    assert eps[1].reason_place_change == ""
    assert eps[0].reason_place_change == "CREQB"
    # Carried over: category of need (504) and home postcode; postcodes written one way.
    assert [e.category_of_need for e in eps] == ["N1"] * 3
    assert eps[0].placement_postcode == "AB1 2CD" and eps[2].home_postcode == "AB3 4EF"
    assert PeriodOfCare.objects.get(person=p).end_date == D + timedelta(days=300)
    assert first.period_id == legal.period_id


BEFORE_10 = date(2025, 5, 1)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"placement_type": "T1", "placement_provider": "PR1"}, "placement_provider"),  # 213
        ({"placement_type": "U6", "placement_provider": ""}, "placement_provider"),  # 526
        ({"placement_type": "Z1"}, "placement_type"),  # not a 2025-26 code
        ({"legal_status": "C9"}, "legal_status"),
        ({"category_of_need": "N9"}, "category_of_need"),
        ({"start_date": date(2014, 1, 1)}, "start_date"),  # before birth
        ({"start_date": date(2033, 6, 1)}, "start_date"),  # 18 (and in the future)
        ({"placement_type": "T1", "placement_provider": ""}, "placement_type"),  # 380
        ({"placement_type": "P1", "placement_provider": "PR1"}, "placement_provider"),  # 527
        ({"placement_type": "K2", "placement_provider": "PR0"}, "placement_provider"),  # 550
        ({"placement_type": "K2", "placement_provider": "PR3"}, "placement_provider"),  # 529
        (
            {"legal_status": "V2", "placement_type": "P1", "placement_provider": "PR0"},
            "legal_status",
        ),  # 378
        ({"legal_status": "J1", "start_date": BEFORE_10}, "legal_status"),  # 358
        ({"placement_type": "K3"}, "placement_type"),  # 371: the child is 10
        (
            {"legal_status": "V3", "placement_type": "U4", "placement_postcode": ""},
            "placement_type",
        ),
        ({"placement_type": "A6", "legal_status": "C2"}, "legal_status"),  # 408
        ({"placement_type": "A5", "legal_status": "E1"}, "placement_type"),  # 551: no decision
        ({"legal_status": "E1"}, "legal_status"),  # 553
        ({"placement_postcode": ""}, "placement_postcode"),  # 392b
        ({"home_postcode": ""}, "home_postcode"),  # 392b
        ({"placement_postcode": "AB3 4EF"}, "placement_postcode"),  # 392d
        ({"placement_postcode": "not a postcode"}, "placement_postcode"),
        ({"legal_status": "V3"}, "placement_postcode"),  # 214: short breaks have no location
        ({"placement_type": "R1", "urn": "SC123456"}, "urn"),  # 222
        ({"placement_type": "K2", "urn": "XXXXXXX"}, "urn"),  # 242
        ({"urn": "SC-12"}, "urn"),
    ],
)
def test_care_start_rules(case, changes: dict, field: str) -> None:  # type: ignore[no-untyped-def]
    assert field in _errors(_start, case, **changes)
    assert not Episode.objects.exists()


@pytest.mark.parametrize(
    "changes",
    [
        # 392d: only a placement with parents may share the home postcode
        {"placement_type": "P1", "placement_provider": "PR0", "placement_postcode": "AB3 4EF"},
        # 214, 392b: short breaks give no placement location
        {"legal_status": "V3", "placement_postcode": ""},
        {"legal_status": "J1", "start_date": D},  # 10 on the day
        {"placement_type": "U4", "urn": "XXXXXXX"},  # through a regional adoption agency
        {"placement_type": "K2", "urn": "sc123456"},
        {"placement_postcode": "AB1 2"},  # a partial postcode, as the return has them
    ],
)
def test_care_start_accepts(case, changes: dict) -> None:  # type: ignore[no-untyped-def]
    assert _start(case, **changes).reason_new_episode == "S"


def test_a_uasc_child_may_have_no_home_postcode(case) -> None:  # type: ignore[no-untyped-def]
    UascStatus.objects.create(person=case.person)
    assert _start(case, home_postcode="").home_postcode == ""


def test_care_restarts_only_after_the_last_period_ended(case) -> None:  # type: ignore[no-untyped-def]
    _start(case)
    _end(case, D + timedelta(days=10))
    assert "start_date" in _errors(_start, case, start_date=D + timedelta(days=10))  # 431
    assert _start(case, start_date=D + timedelta(days=11)).period_id != Episode.objects.first()


def test_temporary_placements_and_old_codes_in_their_year(case) -> None:  # type: ignore[no-untyped-def]
    _start(case)
    # Into and out of a temporary placement: no provider, and no reason for the move (226).
    temp = _move(
        case,
        D + timedelta(days=5),
        placement_type="T1",
        placement_provider="",
        reason_place_change="",
    )
    assert (temp.placement_provider, temp.reason_new_episode) == ("", "P")
    assert "reason_place_change" in _errors(
        _move, case, D + timedelta(days=6), reason_place_change="CREQB"
    )
    # 380: the legal status cannot change during a temporary placement
    assert "placement_type" in _errors(
        s.legal_status_change,
        actor=case.worker,
        person=case.person,
        expected_version=1,
        on=D + timedelta(days=6),
        legal_status="C2",
    )
    # 381: care cannot end in one
    assert "reason_ceased" in _errors(_end, case, D + timedelta(days=6))
    back = _move(case, D + timedelta(days=6), reason_place_change="")
    assert back.placement_type == "K2"
    other = AllocationFactory()
    old = s.care_start(
        actor=other.worker,
        person=other.person,
        **(START | {"start_date": date(2024, 6, 1), "placement_type": "Z1"}),
    )
    assert old.placement_type == "Z1"


def test_cannot_start_care_twice_or_move_without_a_reason(case) -> None:  # type: ignore[no-untyped-def]
    _start(case)
    with pytest.raises(ValidationError):
        _start(case)
    errors = _errors(_move, case, D + timedelta(days=5), reason_place_change="")
    assert "reason_place_change" in errors  # 225


def test_a_move_must_change_the_placement(case) -> None:  # type: ignore[no-untyped-def]
    _start(case)
    same = {"placement_type": "U6", "placement_provider": "PR1", "placement_postcode": "AB1 2CD"}
    assert "placement_type" in _errors(_move, case, D + timedelta(days=5), **same)  # 435
    # ...written differently is still the same place
    same["placement_postcode"] = "ab12cd"
    assert "placement_type" in _errors(_move, case, D + timedelta(days=5), **same)
    assert "on" in _errors(_move, case, D)  # 355: the same day the episode started


def test_a_child_under_10_cannot_move_because_of_custody(case) -> None:  # type: ignore[no-untyped-def]
    _start(case, start_date=date(2025, 1, 6))
    errors = _errors(_move, case, date(2025, 3, 1), reason_place_change="CUSTOD")
    assert "reason_place_change" in errors  # 234
    assert _move(case, D, reason_place_change="CUSTOD").reason_new_episode == "P"


@pytest.mark.parametrize(
    ("legal_status", "same_carer", "rne"),
    [("", False, "P"), ("", True, "T"), ("C2", False, "B"), ("C2", True, "U")],
)
def test_the_reason_for_a_new_episode_is_derived(
    case, legal_status: str, same_carer: bool, rne: str
) -> None:  # type: ignore[no-untyped-def]
    _start(case)
    moved = _move(case, D + timedelta(days=5), legal_status=legal_status, same_carer=same_carer)
    assert moved.reason_new_episode == rne
    assert moved.legal_status == (legal_status or "C1")


def test_legal_status_change_rules(case) -> None:  # type: ignore[no-untyped-def]
    _start(case)
    change = {"actor": case.worker, "person": case.person, "expected_version": 1}
    on = D + timedelta(days=3)
    assert "legal_status" in _errors(s.legal_status_change, **change, on=on, legal_status="C1")
    assert "legal_status" in _errors(s.legal_status_change, **change, on=on, legal_status="E1")
    assert "legal_status" in _errors(s.legal_status_change, **change, on=on, legal_status="XX")
    assert s.legal_status_change(**change, on=on, legal_status="C2").reason_new_episode == "L"


def test_a_form_opened_on_an_earlier_episode_is_stale(case) -> None:  # type: ignore[no-untyped-def]
    """Each episode is a new record: the version carries on from the last, so a form opened
    before a colleague's change cannot be saved over the episode their change opened."""
    _start(case)
    s.legal_status_change(
        actor=case.worker,
        person=case.person,
        expected_version=1,
        on=D + timedelta(days=3),
        legal_status="C2",
    )
    with pytest.raises(StaleRecordError):
        s.placement_change(
            actor=case.worker,
            person=case.person,
            expected_version=1,
            on=D + timedelta(days=5),
            **MOVE,
        )
    assert s.current_episode(case.person).legal_status == "C2"  # type: ignore[union-attr]


def test_a_concurrent_move_is_refused(case) -> None:  # type: ignore[no-untyped-def]
    _start(case)
    _move(case, D + timedelta(days=5), reason_place_change="CARPL")
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


@pytest.mark.parametrize(
    ("reason", "ok"),
    [
        ("E4A", True),
        ("X1", False),  # 149: not a reason care ends
        ("ZZ", False),
        ("E11", False),  # adoption is recorded with the order
        ("E45", False),  # so is special guardianship
        ("E17", False),  # 460: the child is 10
        ("E5", False),  # 387
        ("E7", False),  # 389
    ],
)
def test_care_end_reason(case, reason: str, ok: bool) -> None:  # type: ignore[no-untyped-def]
    _start(case)
    if ok:
        assert _end(case, D + timedelta(days=9), reason).reason_ceased == reason
    else:
        assert "reason_ceased" in _errors(_end, case, D + timedelta(days=9), reason)
        assert s.current_episode(case.person) is not None


def test_care_cannot_end_while_the_child_is_missing(case) -> None:  # type: ignore[no-untyped-def]
    _start(case)
    s.missing_episode_record(
        actor=case.worker, person=case.person, kind="M", start_date=D + timedelta(days=2)
    )
    assert "on" in _errors(_end, case, D + timedelta(days=9))  # 577
    assert "on" in _errors(_move, case, D + timedelta(days=9))  # 575


def test_review_rules(case) -> None:  # type: ignore[no-untyped-def]
    review = {"actor": case.worker, "person": case.person}
    # not looked after
    assert "review_date" in _errors(
        s.cla_review_record, **review, review_date=D, participation="PN1"
    )
    _start(case)
    later = D + timedelta(days=10)
    # 440: PN0 is for under-4s; the factory child is 10
    assert "participation" in _errors(
        s.cla_review_record, **review, review_date=later, participation="PN0"
    )
    assert s.cla_review_record(**review, review_date=later, participation="PN1").period_id


def test_a_child_under_4_takes_part_as_pn0(case) -> None:  # type: ignore[no-untyped-def]
    toddler = AllocationFactory(person=PersonFactory(date_of_birth=date(2023, 1, 1)))
    review = {"actor": toddler.worker, "person": toddler.person, "review_date": D}
    s.care_start(
        actor=toddler.worker,
        person=toddler.person,
        **(START | {"start_date": D - timedelta(days=30)}),
    )
    assert "participation" in _errors(s.cla_review_record, **review, participation="PN1")  # 441
    assert s.cla_review_record(**review, participation="PN0").participation == "PN0"


def test_no_reviews_for_short_breaks(case) -> None:  # type: ignore[no-untyped-def]
    _start(case, legal_status="V3", placement_postcode="")
    assert "review_date" in _errors(
        s.cla_review_record,
        actor=case.worker,
        person=case.person,
        review_date=D + timedelta(days=1),
        participation="PN1",
    )  # 399


def test_missing_episode_rules(case) -> None:  # type: ignore[no-untyped-def]
    missing = {"actor": case.worker, "person": case.person}
    # 581: not looked after
    assert "start_date" in _errors(s.missing_episode_record, **missing, kind="M", start_date=D)
    _start(case)
    later = D + timedelta(days=3)
    assert "end_date" in _errors(
        s.missing_episode_record,
        **missing,
        kind="M",
        start_date=later,
        end_date=later - timedelta(days=1),
    )  # 567
    assert "kind" in _errors(s.missing_episode_record, **missing, kind="X", start_date=later)
    # 578: before care started
    assert "start_date" in _errors(
        s.missing_episode_record, **missing, kind="M", start_date=D - timedelta(days=1)
    )
    first = s.missing_episode_record(
        **missing, kind="A", start_date=later, end_date=later + timedelta(days=2)
    )
    assert first.pk
    # 574: periods do not overlap, and a new one waits for the open one to end
    assert "start_date" in _errors(
        s.missing_episode_record, **missing, kind="M", start_date=later + timedelta(days=1)
    )
    s.missing_episode_record(**missing, kind="M", start_date=later + timedelta(days=5))
    assert "start_date" in _errors(
        s.missing_episode_record, **missing, kind="M", start_date=later + timedelta(days=9)
    )


def test_missing_episode_end(case) -> None:  # type: ignore[no-untyped-def]
    _start(case)
    went = D + timedelta(days=3)
    s.missing_episode_record(actor=case.worker, person=case.person, kind="M", start_date=went)
    end = {"actor": case.worker, "person": case.person, "expected_version": 1}
    assert "end_date" in _errors(
        s.missing_episode_end,
        **end,
        end_date=went - timedelta(days=1),
        return_interview_offered=False,
    )  # 567
    assert "return_interview_accepted" in _errors(
        s.missing_episode_end, **end, end_date=went, return_interview_offered=True
    )
    assert "return_interview_accepted" in _errors(
        s.missing_episode_end,
        **end,
        end_date=went,
        return_interview_offered=False,
        return_interview_accepted=True,
    )
    back = s.missing_episode_end(
        **end,
        end_date=went + timedelta(days=1),
        return_interview_offered=True,
        return_interview_accepted=False,
    )
    assert (back.end_date, back.return_interview_offered, back.return_interview_accepted) == (
        went + timedelta(days=1),
        True,
        False,
    )
    with pytest.raises(ValidationError):  # nothing open now
        s.missing_episode_end(**end, end_date=went, return_interview_offered=False)


def test_a_stale_return_is_refused(case) -> None:  # type: ignore[no-untyped-def]
    _start(case)
    s.missing_episode_record(
        actor=case.worker, person=case.person, kind="M", start_date=D + timedelta(days=3)
    )
    with pytest.raises(StaleRecordError):
        s.missing_episode_end(
            actor=case.worker,
            person=case.person,
            expected_version=7,
            end_date=D + timedelta(days=4),
            return_interview_offered=False,
        )


# Adoption: decision -> placement order -> match -> placed -> order.


def _adoption_journey(case, *, placement: str = "A4") -> None:  # type: ignore[no-untyped-def]
    """Looked after from D; should be placed for adoption; placement order; matched; placed."""
    w, p = case.worker, case.person
    _start(case, legal_status="C2")
    s.adoption_decision_record(actor=w, person=p, decision_date=D + timedelta(days=10))
    s.legal_status_change(
        actor=w, person=p, expected_version=1, on=D + timedelta(days=20), legal_status="E1"
    )
    plan = s.adoption_plan(p)
    assert plan is not None
    s.adoption_match_record(
        actor=w, person=p, expected_version=plan.version, match_date=D + timedelta(days=30)
    )
    _move(
        case,
        D + timedelta(days=40),
        placement_type=placement,
        placement_provider="PR1",
        reason_place_change="CARPL",
        same_carer=placement in s.WITH_CURRENT_FOSTER_CARER,
        placement_postcode="AB1 2CD" if placement == "A5" else "EF1 2GH",
    )


def test_adoption_from_decision_to_order(case) -> None:  # type: ignore[no-untyped-def]
    _adoption_journey(case)
    w, p = case.worker, case.person
    placed = s.current_episode(p)
    assert placed is not None and placed.reason_new_episode == "P"
    order = {"actor": w, "person": p, "expected_version": placed.version, "reason_ceased": "E11"}
    on = D + timedelta(days=200)
    # 514, 517: who the adopters are must fit their legal status
    errors = _errors(
        s.adoption_order_record,
        **order,
        order_date=on,
        sex_of_adopters="MF",
        adopters_legal_status="L0",
    )
    assert "adopters_legal_status" in errors
    errors = _errors(
        s.adoption_order_record,
        **order,
        order_date=on,
        sex_of_adopters="MM",
        adopters_legal_status="L3",
    )
    assert "adopters_legal_status" in errors
    # 582: the order follows the match
    errors = _errors(
        s.adoption_order_record,
        **order,
        order_date=D + timedelta(days=30),
        sex_of_adopters="MF",
        adopters_legal_status="L11",
    )
    assert "order_date" in errors
    adoption = s.adoption_order_record(
        **order, order_date=on, sex_of_adopters="MF", adopters_legal_status="L11"
    )
    assert (adoption.adoption_order_date, adoption.number_of_adopters, adoption.foster_care) == (
        on,
        2,
        False,  # 335: A4 is not with the current foster carer
    )
    last = Episode.objects.filter(person=p).order_by("-start_date").first()
    assert last is not None and (last.end_date, last.reason_ceased) == (on, "E11")
    assert PermanenceOrder.objects.get(person=p).kind == "adoption"
    assert PeriodOfCare.objects.get(person=p).end_date == on


def test_adoption_by_the_foster_carer(case) -> None:  # type: ignore[no-untyped-def]
    _adoption_journey(case, placement="A5")
    placed = s.current_episode(case.person)
    assert placed is not None and placed.reason_new_episode == "T"  # 217
    adoption = s.adoption_order_record(
        actor=case.worker,
        person=case.person,
        expected_version=placed.version,
        order_date=D + timedelta(days=100),
        reason_ceased="E12",
        sex_of_adopters="F1",
        adopters_legal_status="L0",
    )
    assert (adoption.foster_care, adoption.number_of_adopters) == (True, 1)


def test_adoption_placement_rules(case) -> None:  # type: ignore[no-untyped-def]
    w, p = case.worker, case.person
    _start(case)
    a4 = {"placement_type": "A4", "placement_postcode": "EF1 2GH", "reason_place_change": "CARPL"}
    assert "placement_type" in _errors(_move, case, D + timedelta(days=5), **a4)  # 551
    # 1003: not before care started
    assert "decision_date" in _errors(
        s.adoption_decision_record, actor=w, person=p, decision_date=D - timedelta(days=1)
    )
    s.adoption_decision_record(actor=w, person=p, decision_date=D + timedelta(days=2))
    # 579: one standing decision at a time
    assert "decision_date" in _errors(
        s.adoption_decision_record, actor=w, person=p, decision_date=D + timedelta(days=3)
    )
    assert PlacedForAdoption.objects.get(person=p).placed_date == D + timedelta(days=2)
    assert "placement_type" in _errors(_move, case, D + timedelta(days=5), **a4)  # 331: no match
    plan = s.adoption_plan(p)
    assert plan is not None
    # 333: matched on or after the decision
    assert "match_date" in _errors(
        s.adoption_match_record, actor=w, person=p, expected_version=plan.version, match_date=D
    )
    s.adoption_match_record(
        actor=w, person=p, expected_version=plan.version, match_date=D + timedelta(days=4)
    )
    # 217: A3 is with the current foster carer
    a3 = a4 | {"placement_type": "A3", "placement_postcode": "AB1 2CD"}
    assert "placement_type" in _errors(_move, case, D + timedelta(days=5), **a3)
    # 408: A6 needs a placement order
    assert "legal_status" in _errors(
        _move, case, D + timedelta(days=5), **(a4 | {"placement_type": "A6"})
    )
    assert _move(case, D + timedelta(days=5), **a3, same_carer=True).reason_new_episode == "T"


def test_a_decision_reversed(case) -> None:  # type: ignore[no-untyped-def]
    w, p = case.worker, case.person
    _start(case, legal_status="C2")
    s.adoption_decision_record(actor=w, person=p, decision_date=D + timedelta(days=2))
    # 557: care cannot end while the decision stands
    assert "reason_ceased" in _errors(_end, case, D + timedelta(days=9))
    decision = s.open_adoption_decision(p)
    assert decision is not None
    reverse = {"actor": w, "person": p, "expected_version": decision.version}
    assert "on" in _errors(s.adoption_decision_reverse, **reverse, on=D, reason="RD1")  # 522
    assert "reason" in _errors(
        s.adoption_decision_reverse, **reverse, on=D + timedelta(days=5), reason=""
    )  # 119
    s.adoption_decision_reverse(**reverse, on=D + timedelta(days=5), reason="RD3")
    assert PlacedForAdoption.objects.get(person=p).reason_ceased == "RD3"
    assert s.adoption_plan(p) is None
    assert _end(case, D + timedelta(days=9)).reason_ceased == "E4A"


def test_a_decision_is_not_reversed_under_a_placement_order(case) -> None:  # type: ignore[no-untyped-def]
    w, p = case.worker, case.person
    _start(case, legal_status="C2")
    s.adoption_decision_record(actor=w, person=p, decision_date=D + timedelta(days=2))
    s.legal_status_change(
        actor=w, person=p, expected_version=1, on=D + timedelta(days=3), legal_status="E1"
    )
    errors = _errors(
        s.adoption_decision_reverse,
        actor=w,
        person=p,
        expected_version=1,
        on=D + timedelta(days=5),
        reason="RD2",
    )
    assert "on" in errors  # 553


# Special guardianship and child arrangements orders.


def test_a_special_guardianship_order_ends_care_with_the_derived_reason(case) -> None:  # type: ignore[no-untyped-def]
    _start(case)
    order = {
        "actor": case.worker,
        "person": case.person,
        "kind": "sgo",
        "made_date": D + timedelta(days=60),
        "carers": "Mr and Mrs Example",
        "kinship": True,
        "expected_version": 1,
    }
    assert "former_foster_carers" in _errors(s.permanence_order_record, **order)
    made = s.permanence_order_record(**order, former_foster_carers=True)
    assert made.kinship
    ep = Episode.objects.get(person=case.person)
    assert (ep.end_date, ep.reason_ceased) == (D + timedelta(days=60), "E45")


def test_sgo_to_former_foster_carers_needs_a_foster_placement(case) -> None:  # type: ignore[no-untyped-def]
    _start(case, placement_type="K2", placement_provider="PR4")
    errors = _errors(
        s.permanence_order_record,
        actor=case.worker,
        person=case.person,
        kind="sgo",
        made_date=D + timedelta(days=60),
        former_foster_carers=True,
        expected_version=1,
    )
    assert "former_foster_carers" in errors  # 516
    assert not PermanenceOrder.objects.exists()


def test_a_child_arrangements_order(case) -> None:  # type: ignore[no-untyped-def]
    _start(case)
    s.permanence_order_record(
        actor=case.worker,
        person=case.person,
        kind="cao",
        made_date=D + timedelta(days=9),
        expected_version=1,
    )
    assert Episode.objects.get(person=case.person).reason_ceased == "E41"
    # A child who is not looked after: the order is recorded, nothing else changes.
    other = AllocationFactory()
    s.permanence_order_record(actor=other.worker, person=other.person, kind="sgo", made_date=D)
    assert PermanenceOrder.objects.filter(person=other.person, kind="sgo").exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "adoption"}, "kind"),
        ({"made_date": date(2033, 6, 1)}, "made_date"),  # 18, and in the future
        ({"made_date": date(2014, 1, 1)}, "made_date"),
    ],
)
def test_permanence_order_rules(case, changes: dict, field: str) -> None:  # type: ignore[no-untyped-def]
    order = {"actor": case.worker, "person": case.person, "kind": "sgo", "made_date": D}
    assert field in _errors(s.permanence_order_record, **(order | changes))


# Care leavers.


@pytest.fixture
def leaver():  # type: ignore[no-untyped-def]
    """Born 1 March 2008; looked after from 2020 until 1 March 2025, their 17th birthday."""
    allocation = AllocationFactory(person=PersonFactory(date_of_birth=date(2008, 3, 1)))
    period = PeriodOfCare.objects.create(
        person=allocation.person, start_date=date(2020, 1, 1), end_date=date(2025, 3, 1)
    )
    Episode.objects.create(
        person=allocation.person,
        period=period,
        start_date=date(2020, 1, 1),
        end_date=date(2025, 3, 1),
        reason_new_episode="S",
        legal_status="C2",
        category_of_need="N1",
        placement_type="U4",
        placement_provider="PR1",
        reason_ceased="E6",
    )
    return allocation


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"in_touch": "YES", "activity": "0", "accommodation": "U1"}, "activity"),  # 345
        ({"in_touch": "DIED", "activity": "F1", "accommodation": ""}, "activity"),  # 344
        ({"in_touch": "NO", "activity": "F1", "accommodation": ""}, "accommodation"),  # 153
        ({"in_touch": "YES", "activity": "F1", "accommodation": ""}, "accommodation"),
        ({"in_touch": "MAYBE"}, "in_touch"),  # 131
        ({"activity": "Q9"}, "activity"),  # 132
        ({"accommodation": "X1"}, "accommodation"),  # 133: not a code
        ({"contact_date": date(2025, 6, 1), "accommodation": "T1"}, "accommodation"),  # 347
        ({"contact_date": date(2025, 6, 1), "accommodation": "Z1"}, "accommodation"),  # 3001
        ({"accommodation": "U1", "staying_put": True}, "staying_put"),
        ({"contact_date": date(2025, 2, 1)}, "contact_date"),  # 1007: still looked after
        ({"contact_date": date(2034, 3, 1)}, "contact_date"),  # 26, and in the future
    ],
)
def test_care_leaver_contact_rules(leaver, changes: dict, field: str) -> None:  # type: ignore[no-untyped-def]
    contact = {
        "actor": leaver.worker,
        "person": leaver.person,
        "contact_date": date(2026, 3, 1),
        "in_touch": "YES",
        "activity": "F2",
        "accommodation": "U1",
    }
    assert field in _errors(s.care_leaver_contact_record, **(contact | changes))
    assert not CareLeaverContact.objects.exists()


def test_a_care_leaver_contact_is_recorded(leaver) -> None:  # type: ignore[no-untyped-def]
    contact = {"actor": leaver.worker, "person": leaver.person, "contact_date": date(2026, 3, 1)}
    saved = s.care_leaver_contact_record(
        **contact, in_touch="YES", activity="F4", accommodation="Z1", staying_put=True
    )
    assert (saved.activity, saved.accommodation, saved.staying_put) == ("F4", "Z1", True)
    assert s.care_leaver_contact_record(**contact, in_touch="RHOM").activity == ""


@pytest.mark.parametrize("reason", ["E2", "E3"])
def test_no_contacts_after_dying_in_care_or_a_transfer(leaver, reason: str) -> None:  # type: ignore[no-untyped-def]
    Episode.objects.filter(person=leaver.person).update(reason_ceased=reason)  # 1000, 1011
    errors = _errors(
        s.care_leaver_contact_record,
        actor=leaver.worker,
        person=leaver.person,
        contact_date=date(2026, 3, 1),
        in_touch="NO",
    )
    assert "contact_date" in errors


def test_no_contacts_for_a_young_person_never_looked_after() -> None:
    allocation = AllocationFactory(person=PersonFactory(date_of_birth=date(2008, 3, 1)))
    errors = _errors(
        s.care_leaver_contact_record,
        actor=allocation.worker,
        person=allocation.person,
        contact_date=date(2026, 3, 1),
        in_touch="NO",
    )
    assert "contact_date" in errors  # 1002
    assert not MissingEpisode.objects.exists() and not Adoption.objects.exists()
