from django.contrib import admin

from .models import Client, ClientChange, Interaction, Task


class ClientChangeInline(admin.TabularInline):
    model = ClientChange
    extra = 0
    readonly_fields = ("field", "old_value", "new_value", "audio_record", "changed_by", "created_at")


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ("__str__", "owner", "company", "city", "email", "phone", "updated_at")
    search_fields = ("first_name", "last_name", "company", "city", "email", "phone")
    list_filter = ("owner",)
    inlines = [ClientChangeInline]


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0
    fields = ("title", "due_date", "due_at", "done", "done_at")


@admin.register(Interaction)
class InteractionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "owner", "client", "source", "recorded_at")
    list_filter = ("source", "owner")
    raw_id_fields = ("client", "audio_record")
    inlines = [TaskInline]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ("title", "owner", "client", "due_date", "due_at", "done")
    list_filter = ("done", "owner")
    search_fields = ("title",)
    raw_id_fields = ("client", "interaction")
