from django.contrib import admin

from .models import AudioRecord, JobAttempt


class JobAttemptInline(admin.TabularInline):
    model = JobAttempt
    extra = 0
    readonly_fields = ("number", "started_at", "finished_at", "stage", "outcome", "error", "traceback", "worker")


@admin.register(AudioRecord)
class AudioRecordAdmin(admin.ModelAdmin):
    list_display = ("id", "owner", "client", "status", "stage", "attempts_in_budget", "created_at", "processed_at")
    list_filter = ("status", "stage")
    search_fields = ("transcription", "original_name", "error")
    readonly_fields = ("sha256", "size", "duration", "worker", "heartbeat_at", "enqueued_at")
    inlines = [JobAttemptInline]
