"""The browser app: thin views that call the selectors and render templates; the JavaScript talks to /api/."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from voicecrm.crm.models import CLIENT_FIELDS
from voicecrm.crm.selectors import client_get, clients_for_user
from voicecrm.recordings.models import JobAttempt, Status
from voicecrm.recordings.selectors import client_suggestions, jobs_stats, records_for_user, records_stale

CLIENTS_PER_PAGE = 20

# Status, stage and outcome names are translated in templates with {% translate r.status %}; listed here
# so that makemessages finds them.
STATE_WORDS = [
    gettext_noop("pending"), gettext_noop("processing"), gettext_noop("completed"), gettext_noop("failed"),
    gettext_noop("queued"), gettext_noop("transcribing"), gettext_noop("extracting"), gettext_noop("saving"),
    gettext_noop("done"), gettext_noop("running"), gettext_noop("succeeded"), gettext_noop("retrying"),
    gettext_noop("abandoned"),
]

FIELD_LABELS = {
    "first_name": gettext_lazy("First name"), "last_name": gettext_lazy("Last name"), "age": gettext_lazy("Age"),
    "email": gettext_lazy("Email"), "phone": gettext_lazy("Phone"), "city": gettext_lazy("City"),
    "company": gettext_lazy("Company"), "job_title": gettext_lazy("Job title"), "budget": gettext_lazy("Budget"),
    "notes": gettext_lazy("Notes"),
}
# Columns of the client table: (order key, label); the name column sorts by last name.
TABLE_COLUMNS = [("last_name", gettext_lazy("Name")), ("company", gettext_lazy("Company")),
                 ("city", gettext_lazy("City")), ("email", gettext_lazy("Email")), ("phone", gettext_lazy("Phone")),
                 ("created_at", gettext_lazy("Created")), ("updated_at", gettext_lazy("Updated"))]


def js_texts() -> dict[str, str]:
    """Every text the JavaScript shows, translated here so that one catalogue serves templates and scripts."""
    return {
        "uploading": _("📤 Uploading the audio..."),
        "pending": _("⏳ Waiting to be processed..."),
        "processing": _("🧠 Transcription and AI analysis in progress..."),
        "completed": _("✅ Processing complete!"),
        "failed": _("❌ Processing failed."),
        "upload_failed": _("❌ The upload was refused: {error}"),
        "network": _("Connection lost; trying again..."),
        "created": _('✅ Client record "{name}" created!'),
        "updated": _('✅ Client record "{name}" updated!'),
        "start": _("Start recording"),
        "stop": _("Stop recording"),
        "recording": _("Recording..."),
        "retry": _("Retry"),
        "recording_n": _("Recording #{id}"),
        "file_n": _("File {name}"),
        "mic_denied": _("Microphone access was denied. Allow the microphone for this site in your browser's "
                        "settings, then try again — or drop an audio file below."),
        "mic_missing": _("No microphone was found. Connect one and try again, or drop an audio file below."),
        "mic_unsupported": _("This browser cannot record audio here (it needs HTTPS or localhost and a recent "
                             "browser). Drop an audio file below instead."),
        "mic_error": _("The microphone could not be started: {error}"),
        "saved": _("Saved."),
        "save_failed": _("Not saved: {error}"),
        "retried": _("Queued again."),
        "retried_n": _("{n} recording(s) queued again."),
        "open_client": _("Open the client record"),
        "seconds": _("{n} s"),
    }


def _render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    return render(request, template, {"texts": js_texts(), **context})


def _columns(*, search: str, order: str) -> list[dict]:
    """Sortable headers: a click sorts by the column, a second click reverses; aria-sort says the state."""
    columns = []
    for key, label in TABLE_COLUMNS:
        current = order.lstrip("-") == key
        descending = order.startswith("-")
        following = key if current and descending else f"-{key}" if current or key.endswith("_at") else key
        columns.append({"key": key, "label": label, "href": "?" + urlencode({"q": search, "order": following}),
                        "sort": ("descending" if descending else "ascending") if current else None})
    return columns


def _page_numbers(page) -> list[int | None]:
    """Page links to show: the first, the last, and two around the current one; None marks a gap."""
    total, current = page.paginator.num_pages, page.number
    shown = sorted({1, total, *range(max(1, current - 2), min(total, current + 2) + 1)})
    numbers: list[int | None] = []
    for number in shown:
        if numbers and number - numbers[-1] > 1:
            numbers.append(None)
        numbers.append(number)
    return numbers


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The recorder and the client table (search, sort, pages); the table region is refreshed by script."""
    search = request.GET.get("q", "").strip()[:200]
    order = request.GET.get("order", "-updated_at")
    clients = clients_for_user(user=request.user, search=search, order=order)
    page = Paginator(clients, CLIENTS_PER_PAGE).get_page(request.GET.get("page"))
    active = records_for_user(user=request.user).filter(client__isnull=True,
                                                        status__in=[Status.PENDING, Status.PROCESSING])
    return _render(request, "web/home.html", {
        "page": page, "page_numbers": _page_numbers(page), "search": search, "order": order,
        "columns": _columns(search=search, order=order), "query": urlencode({"q": search, "order": order}),
        "active_ids": list(active.values_list("pk", flat=True)[:20]),
    })


@login_required
def client_detail(request: HttpRequest, client_id: int) -> HttpResponse:
    """One client: editable fields, suggestions, change history, recordings; another user's client is a 404."""
    client = client_get(user=request.user, client_id=client_id)
    if client is None:
        raise Http404("no such client")
    recordings = (client.audio_records.order_by("-created_at", "-id")
                  .prefetch_related(Prefetch("job_attempts", queryset=JobAttempt.objects.order_by("number"))))
    fields = [{"name": name, "label": FIELD_LABELS[name], "value": getattr(client, name)} for name in CLIENT_FIELDS]
    active = [r.pk for r in recordings if r.status in (Status.PENDING, Status.PROCESSING)]
    return _render(request, "web/client_detail.html", {
        "client": client, "fields": fields, "field_labels": FIELD_LABELS,
        "changes": client.changes.select_related("changed_by", "audio_record")[:200],
        "recordings": recordings, "suggestions": client_suggestions(client=client), "active_ids": active,
    })


@login_required
def jobs(request: HttpRequest) -> HttpResponse:
    """Counts, throughput, median times, failed jobs with Retry, stale jobs; staff see everyone's."""
    all_users = request.user.is_staff and request.GET.get("mine") != "1"
    records = (records_for_user(user=request.user, all_users=all_users).select_related("owner")
               .annotate(attempt_count=Count("job_attempts")))
    stale = records_stale(records=records)
    stale_ids = set(stale.values_list("pk", flat=True))
    recent = list(records.order_by("-created_at", "-id")[:50])
    for record in recent:
        record.is_stale = record.pk in stale_ids
    return _render(request, "web/jobs.html", {
        "stats": jobs_stats(user=request.user, all_users=all_users), "all_users": all_users,
        "failed": records.filter(status=Status.FAILED).order_by("-processed_at", "-id")[:100],
        "stale": stale.order_by("created_at")[:100], "recent": recent,
    })
