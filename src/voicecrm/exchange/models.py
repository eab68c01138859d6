from django.conf import settings
from django.db import models


class ImportFormat(models.TextChoices):
    CSV = "csv"
    VCARD = "vcard"


class Duplicates(models.TextChoices):
    """What an imported row does when it matches an existing client (crm.matching's rules)."""

    CREATE = "create"    # a new client all the same
    UPDATE = "update"    # the row's non-empty values replace the matching client's
    SKIP = "skip"        # the row is left out


class ImportStatus(models.TextChoices):
    PENDING = "pending"
    RUNNING = "running"
    COMPLETED = "completed"
    FAILED = "failed"


class ImportJob(models.Model):
    """One CSV or vCard file imported into a user's clients by the queue worker, chunk by chunk.

    ``rows_done`` counts the data rows handled so far: each chunk's writes and its counts commit together, so a
    job taken back after its worker died starts again after the last committed row. ``errors`` holds
    ``{"line": int, "reason": str}`` per bad row (the first MAX_REPORTED_ERRORS; ``rows_failed`` counts all).
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="imports")
    file = models.FileField(upload_to="imports/%Y/%m/")
    file_name = models.CharField(max_length=255)
    format = models.CharField(max_length=8, choices=ImportFormat.choices)
    encoding = models.CharField(max_length=16, blank=True)
    delimiter = models.CharField(max_length=1, blank=True)
    mapping = models.JSONField(default=list, help_text="per column, the client field it fills, or '' (ignored)")
    duplicates = models.CharField(max_length=8, choices=Duplicates.choices)
    phone_region = models.CharField(max_length=2, blank=True,
                                    help_text="ISO 3166-1 alpha-2: where a phone number without a country code is read "
                                              "(the uploader's, as the API's PATCH reads it); empty: the server's")
    language = models.CharField(max_length=16, blank=True, help_text="the uploader's language: the report's is")
    status = models.CharField(max_length=12, choices=ImportStatus.choices, default=ImportStatus.PENDING)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    rows_created = models.PositiveIntegerField(default=0)
    rows_updated = models.PositiveIntegerField(default=0)
    rows_unchanged = models.PositiveIntegerField(default=0)
    rows_skipped = models.PositiveIntegerField(default=0)
    rows_failed = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)
    error = models.TextField(blank=True, help_text="why the whole import failed (an unreadable file)")
    enqueued_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self) -> str:
        return f"Import #{self.pk} ({self.file_name})"
