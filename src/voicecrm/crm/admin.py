from django.contrib import admin

from .models import Client, ClientChange


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
