from django.conf import settings
from django.db import models

from .failures import failure_message, failure_retryable


class Status(models.TextChoices):
    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"


class Stage(models.TextChoices):
    QUEUED = "queued"
    TRANSCRIBING = "transcribing"
    EXTRACTING = "extracting"
    SAVING = "saving"
    DONE = "done"


class AudioRecord(models.Model):
    """One uploaded recording and the state of its job; the database, not the queue, says what is owed."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="audio_records")
    client = models.ForeignKey("crm.Client", null=True, blank=True, on_delete=models.CASCADE,
                               related_name="audio_records")
    file = models.FileField(upload_to="audio/%Y/%m/", max_length=255, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    container = models.CharField(max_length=16, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    duration = models.FloatField(null=True, blank=True)
    language_requested = models.CharField(max_length=8, blank=True)
    # When it was recorded, as the uploader said (ISO 8601 with offset), else the upload time; the offset it
    # was said in (minutes east of UTC; null: none given, the owner's time zone applies) reads its dates.
    recorded_at = models.DateTimeField(null=True, blank=True)
    recorded_utc_offset = models.SmallIntegerField(null=True, blank=True)

    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING, db_index=True)
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.QUEUED)
    error = models.TextField(blank=True)  # the worker's English text, for operators
    # What users read is written from these in their language when they read it (failures.py): the failure's
    # code (voicecrm.errors) and the parameters of its message ({"seconds": 5.0}).
    error_code = models.CharField(max_length=40, blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    attempts_in_budget = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    enqueued_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=100, blank=True)

    transcription = models.TextField(blank=True)
    language = models.CharField(max_length=8, blank=True)
    extracted = models.JSONField(default=dict, blank=True, help_text="field → {value, confidence, evidence}")
    suggestions = models.JSONField(default=dict, blank=True)
    # Why the transcript must be checked before anything is taken from it ({"reason": "low_confidence" |
    # "repetition" | "unsupported_language"}); null when it read as understood speech. Nothing was applied.
    review = models.JSONField(null=True, blank=True)
    # The user's correction of the transcript (or a note typed instead of speaking): when set, the job extracts
    # from it instead of transcribing the audio again (POST /api/audio/{id}/reprocess).
    edited_text = models.TextField(blank=True)
    client_action = models.CharField(max_length=8, blank=True)

    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"]), models.Index(fields=["owner", "status"])]

    def __str__(self) -> str:
        return f"Recording #{self.pk} ({self.status})"

    @property
    def failure(self) -> str:
        """Why it failed, in the active language, saying what to do ("" when it has no error)."""
        if not self.error_code and not self.error:
            return ""
        return failure_message(self.error_code, self.error_params, fallback=self.error)

    @property
    def retryable(self) -> bool:
        """Failed, and a new attempt may succeed (recordings.failures): the web app offers Retry only then."""
        return self.status == Status.FAILED and failure_retryable(self.error_code)


class Outcome(models.TextChoices):
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"  # permanent or out of attempts
    RETRYING = "retrying"
    ABANDONED = "abandoned"  # the worker died or stopped mid-attempt


class JobAttempt(models.Model):
    record = models.ForeignKey(AudioRecord, on_delete=models.CASCADE, related_name="job_attempts")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    stage = models.CharField(max_length=16, choices=Stage.choices, default=Stage.TRANSCRIBING)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.RUNNING)
    error = models.TextField(blank=True)
    error_code = models.CharField(max_length=40, blank=True)
    error_params = models.JSONField(default=dict, blank=True)
    traceback = models.TextField(blank=True)
    worker = models.CharField(max_length=100, blank=True)

    @property
    def failure(self) -> str:
        """Why the attempt failed, in the active language ("" when it did not)."""
        if not self.error_code and not self.error:
            return ""
        return failure_message(self.error_code, self.error_params, fallback=self.error)

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["record", "number"], name="unique_attempt_number")]
