"""What users and commands ask of the pipeline: retry failed recordings (API, web app, `voicecrm jobs`), run
one again on edited text, and accept or reject a recording held for its owner's review."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from voicecrm.accounts.selectors import user_phone_region
from voicecrm.crm.interactions import NOTE_MAX
from voicecrm.crm.schemas import InvalidFieldsError, client_fields_clean, has_control_characters
from voicecrm.crm.tasks import TITLE_MAX
from voicecrm.extraction import ExtractedField, Extraction, FollowUp
from voicecrm.recordings.failures import non_retryable_codes
from voicecrm.recordings.models import AudioRecord, Stage, Status

from .job import REVIEW_REQUESTED, apply_extraction, recorded_moment
from .signals import announce, job_finished
from .tasks import record_enqueue


def record_retry(*, record: AudioRecord) -> bool:
    """Put a failed record back in the queue with a fresh attempt budget (VOICECRM_MAX_ATTEMPTS).

    Returns False when the record is not failed, or failed for a reason a new attempt cannot change (no speech,
    not audio…: recordings.failures); the API answers 409.
    """
    with transaction.atomic():
        updated = AudioRecord.objects.filter(pk=record.pk, status=Status.FAILED).exclude(
            error_code__in=non_retryable_codes()).update(
            status=Status.PENDING, stage=Stage.QUEUED, attempts_in_budget=0, error="", error_code="",
            error_params={}, next_attempt_at=None,
            processed_at=None, enqueued_at=None)
        if updated:
            transaction.on_commit(lambda: record_enqueue(record=record))
    return bool(updated)


class InvalidTextError(ValueError):
    """A corrected transcript or typed note that cannot be applied; ``code`` names why for the API (400):
    ``empty_text``, ``too_long`` or ``control_characters``."""

    def __init__(self, message: str, *, code: str) -> None:
        super().__init__(message)
        self.code = code


def record_reprocess(*, record: AudioRecord, text: str) -> bool:
    """Run a recording's job again on text the user corrected or typed, through the same path (extraction,
    confidence, client, interaction, tasks, history), without transcribing the audio again.

    Allowed for any recording that is not waiting or running: a failed one, one flagged for review, one whose
    proposal waits or was rejected, and one already applied — then the corrected text replaces what was heard:
    a field an earlier pass wrote that the correction no longer states is set back to its value before the
    recording (unless someone changed it since: crm.services.client_take_back), the fields it states are
    merged, every change is a history entry marked "edited", and its timeline entry takes the new note and any
    new task (tasks already made, maybe done since, stay). False while it is pending or processing (the API
    answers 409).

    Raises:
        InvalidTextError: ``text`` is blank, longer than NOTE_MAX (20 000) characters — a typed note's limit —
            or holds control characters other than tab and new lines (the API answers 400 with its ``code``).
            Nothing changes.
    """
    text = (text or "").strip()
    if not text:
        raise InvalidTextError(_("The text is empty: type what was said."), code="empty_text")
    if len(text) > NOTE_MAX:
        raise InvalidTextError(_("The text is %(length)d characters long; the limit is %(limit)d.")
                               % {"length": len(text), "limit": NOTE_MAX}, code="too_long")
    if has_control_characters(text):
        raise InvalidTextError(_("The text holds control characters (such as NUL): remove them and apply it "
                                 "again."), code="control_characters")
    eligible = Q(status__in=(Status.FAILED, Status.COMPLETED))
    with transaction.atomic():
        updated = AudioRecord.objects.filter(eligible, pk=record.pk).update(
            status=Status.PENDING, stage=Stage.QUEUED, attempts_in_budget=0, error="", error_code="",
            error_params={}, next_attempt_at=None, processed_at=None, enqueued_at=None, review=None, edited_text=text)
        if updated:
            transaction.on_commit(lambda: record_enqueue(record=record))
    return bool(updated)


def records_retry_failed(*, owner: AbstractBaseUser | None = None) -> int:
    """Retry every failed record of `owner` (of everyone when None) that a new attempt may help (record_retry);
    returns how many went back to the queue."""
    records = AudioRecord.objects.filter(status=Status.FAILED).exclude(error_code__in=non_retryable_codes())
    if owner is not None:
        records = records.filter(owner=owner)
    return sum(record_retry(record=record) for record in records)


class ProposalError(ValueError):
    """A proposal decision that cannot be taken: nothing is waiting (``pending=False``: the API answers 409), or
    the edited fields or tasks do not validate (400). Nothing was written."""

    def __init__(self, message: str, *, pending: bool = True) -> None:
        super().__init__(message)
        self.pending = pending


def _held(record_id: int) -> AudioRecord:
    """The record locked, if it waits for its owner's decision; ProposalError(pending=False) otherwise."""
    locked = AudioRecord.objects.select_for_update().select_related("client").get(pk=record_id)
    review = locked.review or {}
    if locked.status != Status.COMPLETED or not review.get("reason") or review.get("decision"):
        raise ProposalError(_("Recording %(id)s is not waiting for a check: there is nothing to save or reject.")
                            % {"id": record_id}, pending=False)
    return locked


def _followups(tasks: list[dict[str, Any]]) -> list[FollowUp]:
    """``[{"title", "due"}]`` (due ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM``, local) as FollowUps; ProposalError."""
    followups = []
    for number, task in enumerate(tasks, 1):
        title = " ".join(str(task.get("title") or "").split())
        if not title or len(title) > TITLE_MAX:
            raise ProposalError(_("Task %(number)s: give it a title of 1 to %(max)s characters.")
                                % {"number": number, "max": TITLE_MAX})
        text = str(task.get("due") or "")
        try:
            due: date | datetime = datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)
        except ValueError:
            raise ProposalError(_("Task %(number)s: the date “%(due)s” is not a date (YYYY-MM-DD, with an optional "
                                  "time THH:MM).") % {"number": number, "due": text}) from None
        if isinstance(due, datetime) and due.tzinfo is not None:
            raise ProposalError(_("Task %(number)s: give the date in your local time, without an offset.")
                                % {"number": number})
        followups.append(FollowUp(title=title, due=due, evidence=str(task.get("evidence") or ""), confidence=1.0))
    return followups


def proposal_accept(*, record: AudioRecord, fields: dict[str, Any] | None = None,
                    tasks: list[dict[str, Any]] | None = None, note: str | None = None) -> AudioRecord:
    """Apply a recording held for its owner's review, as proposed or as the owner edited it, through the job's
    own path (pipeline.job.apply_extraction): the client it names or a new one, history, interaction, tasks.

    Args:
        record: completed, with ``review["reason"] == "review_requested"`` and no decision yet.
        fields: ``{field: value}`` to write, validated as a user's edit (E.164 phone, valid email…); a field
            left out or sent empty is not written. None: every proposed field (``record.extracted``) as heard.
            The owner confirmed them, so each is written whatever its heard confidence.
        tasks: ``[{"title", "due"}]`` (due ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM``, the owner's local time);
            None: the proposed ones.
        note: the interaction's note; None: the proposed one.

    Returns:
        The record, completed with ``review`` None and ``client`` / ``client_action`` set.

    Raises:
        ProposalError: nothing waits (``pending=False``, 409), or a field or task does not validate (400).
    """
    with transaction.atomic():
        locked = _held(record.pk)
        if locked.review["reason"] != REVIEW_REQUESTED:
            raise ProposalError(_("Recording %(id)s was flagged as barely understood, so it cannot be saved as heard: "
                                  "correct its transcript and apply it, or dismiss it.") % {"id": record.pk},
                                pending=False)
        proposal = locked.review.get("proposal") or {}
        heard = locked.extracted or {}
        if fields is None:
            fields = {name: item.get("value") for name, item in heard.items()}
        try:
            values = {name: value for name, value in client_fields_clean(
                fields, phone_region=user_phone_region(user=locked.owner_id)).items() if value is not None}
        except InvalidFieldsError as exc:
            raise ProposalError(str(exc)) from exc
        extraction = Extraction(
            fields={name: ExtractedField(value=value, confidence=1.0,
                                         evidence=(heard.get(name) or {}).get("evidence", ""))
                    for name, value in values.items()},
            tasks=_followups(proposal.get("tasks", []) if tasks is None else tasks),
            note=(proposal.get("note") if note is None else note) or None)
        recorded_at, zone = recorded_moment(locked)
        applied = apply_extraction(record=locked, extraction=extraction, recorded_at=recorded_at, zone=zone)
        AudioRecord.objects.filter(pk=locked.pk).update(extracted=extraction.to_json(), processed_at=timezone.now(),
                                                        **applied)
    announce(job_finished, record_id=locked.pk)
    locked.refresh_from_db()
    return locked


def proposal_reject(*, record: AudioRecord) -> AudioRecord:
    """Reject a recording held for its owner's review (a proposal, or a transcript flagged as barely understood):
    nothing is written; ``review["decision"]`` becomes "rejected", so it no longer waits on the user's pages,
    and the transcript stays (it can still be corrected and re-applied: record_reprocess).

    Raises:
        ProposalError: nothing waits for a decision (``pending=False``; the API answers 409).
    """
    with transaction.atomic():
        locked = _held(record.pk)
        review = {**locked.review, "decision": "rejected"}
        AudioRecord.objects.filter(pk=locked.pk).update(review=review)
    locked.review = review
    return locked
