from __future__ import annotations

import pytest
from django.db import connection

from opencsc.access.audit import audit_log, audit_verify
from opencsc.access.models import AuditEntry
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def _entries(n: int) -> list[AuditEntry]:
    user, person = UserFactory(), PersonFactory()
    return [audit_log(actor=user, action="read", person=person, detail={"n": i}) for i in range(n)]


def test_entries_chain_each_to_the_one_before() -> None:
    entries = _entries(3)
    assert [e.pk for e in entries] == [1, 2, 3]
    assert entries[1].prev_hash == entries[0].hash and entries[2].prev_hash == entries[1].hash
    assert audit_verify().ok and audit_verify().checked == 3


def test_changed_row_is_named() -> None:
    entries = _entries(4)
    with connection.cursor() as cur:
        cur.execute("UPDATE access_auditentry SET action = 'update' WHERE id = %s", [entries[2].pk])
    result = audit_verify()
    assert (result.ok, result.first_broken_id) == (False, entries[2].pk)
    assert "changed" in result.reason


def test_deleted_row_is_named() -> None:
    entries = _entries(4)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM access_auditentry WHERE id = %s", [entries[1].pk])
    result = audit_verify()
    assert (result.ok, result.first_broken_id) == (False, entries[1].pk)
    assert "missing" in result.reason


def test_removing_the_last_entries_is_detected() -> None:
    entries = _entries(3)
    with connection.cursor() as cur:
        cur.execute("DELETE FROM access_auditentry WHERE id = %s", [entries[2].pk])
    assert not audit_verify().ok


def test_rehashing_a_changed_row_still_breaks_the_next_link() -> None:
    entries = _entries(3)
    with connection.cursor() as cur:
        cur.execute(
            "UPDATE access_auditentry SET hash = %s WHERE id = %s", ["f" * 64, entries[0].pk]
        )
    result = audit_verify()
    assert result.first_broken_id == entries[0].pk


def test_the_model_refuses_updates_and_deletes() -> None:
    entry = _entries(1)[0]
    entry.action = "nothing"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


def test_verify_command_exits_1_and_names_the_broken_entry(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from opencsc.cli import main

    entries = _entries(3)
    assert main(["audit", "verify"]) == 0
    with connection.cursor() as cur:
        cur.execute("UPDATE access_auditentry SET reason = 'edited' WHERE id = %s", [entries[1].pk])
    assert main(["audit", "verify"]) == 1
    assert f"audit log broken at entry {entries[1].pk}" in capsys.readouterr().out
