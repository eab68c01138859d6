"""What the status long poll (server/push.py) reads: the owner and the state of the recordings it watches."""

from __future__ import annotations

from .models import AudioRecord


def record_states(*, record_ids: list[int]) -> dict[int, tuple[int, str]]:
    """``{record id: (owner id, "status/stage")}`` for those of `record_ids` that exist, in one query; the
    state is written as the status long poll's `wait` parameter is ("processing/transcribing")."""
    rows = AudioRecord.objects.filter(pk__in=record_ids).values_list("pk", "owner_id", "status", "stage")
    return {pk: (owner, f"{status}/{stage}") for pk, owner, status, stage in rows}
