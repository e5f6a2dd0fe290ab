from __future__ import annotations

from datetime import date

import pytest

from opencsc.access.audit import audit_verify
from opencsc.access.models import AuditEntry, Deployment, LocalAuthority, User
from opencsc.adapters.synth_sink import NotSyntheticDatabase, count_mismatches, write_tables
from opencsc.care.models import Episode, PeriodOfCare
from opencsc.journey.models import Referral
from opencsc.people.models import Person
from opencsc.synth import simulate

pytestmark = pytest.mark.django_db(transaction=True)
END = date(2026, 11, 22)


def _load(seed: int = 4) -> dict:
    tables = simulate(3000, 3, seed, end_date=END)
    write_tables(
        tables, population=3000, years=3, seed=seed, end_date=END, la_code="999", la_name="Test"
    )
    return tables


def test_every_table_lands_in_the_record() -> None:
    tables = _load()
    assert count_mismatches(tables) == []
    assert Person.objects.count() == tables["persons"].height
    assert PeriodOfCare.objects.count() == tables["cla_episodes"]["period_id"].n_unique()
    assert User.objects.filter(username__startswith="synth-").count() == tables["workers"].height
    dep = Deployment.objects.get()
    assert (dep.is_synthetic, dep.seed, dep.population, dep.end_date) == (True, 4, 3000, END)
    assert AuditEntry.objects.filter(action="synthetic_load").count() == 1
    assert audit_verify().ok


def test_loading_again_replaces_the_earlier_authority() -> None:
    _load(4)
    tables = _load(5)
    assert count_mismatches(tables) == []
    assert Referral.objects.count() == tables["referrals"].height
    assert Episode.objects.filter(period__isnull=True).count() == 0


def test_a_real_authority_is_never_overwritten() -> None:
    la = LocalAuthority.objects.create(code="201", name="Real")
    Deployment.objects.create(local_authority=la, is_synthetic=False)
    Person.objects.create(local_authority=la, given_name="Real", family_name="Child")
    with pytest.raises(NotSyntheticDatabase):
        _load()
    assert Person.objects.filter(given_name="Real").exists()


def test_a_database_with_unmarked_records_is_not_overwritten() -> None:
    la = LocalAuthority.objects.create(code="202", name="Unknown")
    Person.objects.create(local_authority=la, given_name="Real", family_name="Child")
    with pytest.raises(NotSyntheticDatabase):
        _load()
    assert Person.objects.count() == 1


def test_identifiers_survive_the_round_trip() -> None:
    from opencsc.core.identifiers import is_valid_nhs_number

    _load()
    numbers = list(Person.objects.exclude(nhs_number="").values_list("nhs_number", flat=True)[:200])
    assert numbers and all(is_valid_nhs_number(n) for n in numbers)
