from django.contrib import admin

from .models import ImportJob


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin):
    """Imports in the back office: read only (the job writes them; a user starts one from the web app or the API)."""

    list_display = ("id", "owner", "file_name", "format", "duplicates", "status", "rows_done", "rows_total",
                    "rows_failed", "created_at", "finished_at")
    list_filter = ("status", "format", "duplicates")
    search_fields = ("file_name", "owner__username")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
