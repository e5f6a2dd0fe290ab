"""The append-only, hash-chained audit log.

Every read and write of a child's record appends an entry. Each entry's hash is SHA-256 over a
canonical JSON of its fields and the previous entry's hash, so changing or deleting any row breaks
the chain from that point; `audit_verify` names the first broken entry.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from opencsc.access.models import AuditEntry, AuditHead, User

GENESIS = "0" * 64


def _canonical(entry: AuditEntry) -> bytes:
    payload = {
        "id": entry.pk,
        "at": entry.at.isoformat(),
        "actor": entry.actor_id,
        "actor_name": entry.actor_name,
        "action": entry.action,
        "person": entry.person_pk,
        "object_type": entry.object_type,
        "object_pk": entry.object_pk,
        "reason": entry.reason,
        "ip": entry.ip,
        "detail": entry.detail,
        "prev": entry.prev_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str).encode()


def _hash(entry: AuditEntry) -> str:
    return hashlib.sha256(_canonical(entry)).hexdigest()


def audit_log(
    *,
    actor: User | None,
    action: str,
    person: models.Model | None = None,
    obj: models.Model | None = None,
    reason: str = "",
    ip: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. Runs in its own atomic block, nested in the caller's transaction, so an
    action and its audit entry are saved together or not at all."""
    with transaction.atomic():
        # Lock the head row: appends are serialised, so the chain never forks.
        head, _ = AuditHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"last_hash": GENESIS}
        )
        last_id = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
        entry = AuditEntry(
            id=last_id + 1,
            at=timezone.now(),
            actor=actor if actor is not None and actor.pk else None,
            actor_name=actor.get_username() if actor is not None and actor.pk else "system",
            action=action,
            person_pk=person.pk if person is not None else None,
            object_type=obj._meta.label_lower if obj is not None else "",
            object_pk=str(obj.pk) if obj is not None else "",
            reason=reason,
            ip=ip,
            detail=detail or {},
            prev_hash=head.last_hash,
        )
        # Round-trip the JSON so the hash is computed over what the database will give back.
        entry.detail = json.loads(json.dumps(entry.detail, default=str))
        entry.hash = _hash(entry)
        entry.save(force_insert=True)
        AuditHead.objects.filter(pk=1).update(last_hash=entry.hash)
    return entry


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    reason: str = ""


def audit_verify(chunk_size: int = 5000) -> VerifyResult:
    """Recompute the chain in id order, streaming, and name the first broken entry."""
    prev_hash, expected_id, checked = GENESIS, 1, 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=chunk_size):
        if entry.pk != expected_id:
            return VerifyResult(False, checked, expected_id, f"entry {expected_id} is missing")
        if entry.prev_hash != prev_hash:
            return VerifyResult(False, checked, entry.pk, "does not follow the entry before it")
        if _hash(entry) != entry.hash:
            return VerifyResult(False, checked, entry.pk, "its contents were changed")
        prev_hash, expected_id, checked = entry.hash, expected_id + 1, checked + 1
    head = AuditHead.objects.filter(pk=1).values_list("last_hash", flat=True).first()
    if head is not None and head != prev_hash:
        return VerifyResult(False, checked, expected_id, "entries after it were removed")
    return VerifyResult(True, checked)
