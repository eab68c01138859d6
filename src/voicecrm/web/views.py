"""The browser app: thin views that call the selectors and render templates; the JavaScript talks to /api/."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, gettext_noop, pgettext_lazy
from django.utils.translation import gettext as _

from voicecrm.accounts.selectors import user_phone_region, user_time_zone
from voicecrm.crm.merge import client_name_matches, clients_possible_duplicates
from voicecrm.crm.models import CLIENT_FIELDS
from voicecrm.crm.selectors import client_get, clients_for_user, tasks_due_count
from voicecrm.recordings.models import JobAttempt, Status
from voicecrm.recordings.selectors import client_suggestions, jobs_stats, records_for_user, records_open, records_stale
from voicecrm.webhooks.models import Event

CLIENTS_PER_PAGE = 20
JOBS_PER_PAGE = 20
HISTORY_PER_PAGE = 10
RECORDINGS_PER_PAGE = 5

# Status, stage and outcome names are translated in templates with {% translate r.status %}; listed here
# so that makemessages finds them.
STATE_WORDS = [
    gettext_noop("pending"), gettext_noop("processing"), gettext_noop("completed"), gettext_noop("failed"),
    gettext_noop("queued"), gettext_noop("transcribing"), gettext_noop("extracting"), gettext_noop("saving"),
    gettext_noop("done"), gettext_noop("running"), gettext_noop("succeeded"), gettext_noop("retrying"),
    gettext_noop("abandoned"),
    # One recording's status, as its badge says it (the counters above use the plural words).
    pgettext_lazy("one recording", "pending"), pgettext_lazy("one recording", "processing"),
    pgettext_lazy("one recording", "completed"), pgettext_lazy("one recording", "failed"),
    pgettext_lazy("one recording", "stale"),
    # One processing attempt's outcome.
    pgettext_lazy("one attempt", "running"), pgettext_lazy("one attempt", "succeeded"),
    pgettext_lazy("one attempt", "failed"), pgettext_lazy("one attempt", "retrying"),
    pgettext_lazy("one attempt", "abandoned"),
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
        # Follow-ups and the Inbox
        "task_created": _("📅 Task: {title} — {due}"),
        "inbox_added": _("📥 Note added to the Inbox"),
        "review": _("⚠️ To check"),
        "nothing_new": _("Nothing new understood — see the transcript"),
        "note_only": _("📝 Note added to the timeline — no field changed"),
        "correct_transcript": _("What was heard — correct it, or type the note"),
        "apply_text": _("Apply this text"),
        "review_low_confidence": _("The speech model barely understood this recording: nothing was saved. Check "
                                   "what it heard below, then record again or type the note."),
        "review_repetition": _("The transcript repeats itself (the speech model looped): nothing was saved. "
                               "Record again, closer to the microphone."),
        "review_unsupported_language": _("This recording is not in a supported language (French or English): "
                                         "nothing was saved."),
        # Review before apply (issue 13): the proposal card
        "review_review_requested": _("To check before saving: nothing is saved until you confirm."),
        "proposal_for": _("For {name}"),
        "proposal_new": _("A new client (or the Inbox when no name, email or phone is kept)"),
        "proposal_heard": _("heard “{evidence}”, confidence {percent} %"),
        "proposal_empty_hint": _("Empty a field to leave it out."),
        "proposal_tasks": _("Tasks"),
        "proposal_task_keep": _("Create this task"),
        "proposal_note": _("Note on the timeline"),
        "proposal_accept": _("Save to the CRM"),
        "proposal_reject": _("Reject"),
        "proposal_rejected": _("Rejected: nothing was saved."),
        "proposal_rejected_before": _("This proposal was rejected: nothing was saved."),
        "correct_action": _("Correct the transcript"),
        "dismiss": _("Dismiss"),
        "dismissed": _("Dismissed: nothing was saved."),
        "transcript_corrected": _("Transcript (corrected)"),
        "transcript_heard": _("The speech model heard: {text}"),
        "review_on": _("From now on every recording waits for your check before it is saved."),
        "review_off": _("Recordings are saved as soon as they are understood."),
        "open_inbox": _("Open the Inbox"),
        "due_count": _("{n} due today or overdue"),
        "inbox_count": _("{n} waiting"),
        "task_done": _("Done: {title}"),
        "task_reopened": _("To do again: {title}"),
        "task_added": _("Task added: {title}"),
        "task_moved": _("New date for {title}: {due}"),
        "task_deleted": _("Task deleted: {title}"),
        "change_date": _("Change date"),
        "delete": _("Delete"),
        "save": _("Save"),
        "cancel": _("Cancel"),
        "date": _("Date"),
        "time_optional": _("Time (optional)"),
        "no_client": _("No client"),
        "no_date": _("No date"),
        "no_tasks": _("Nothing to do."),
        "no_open_tasks": _("No open tasks for this client."),
        "no_done_tasks": _("No task done yet."),
        "load_failed": _("Could not load: {error}"),
        # Timeline
        "voice_note": _("Voice note"),
        "typed_note": _("Typed note"),
        "recording_link": _("recording #{id}"),
        "transcript": _("Transcript"),
        "play_recording": _("Play recording #{id}"),
        "no_note": _("No note: nothing was said about the relationship."),
        "fields_changed": _("Fields changed"),
        "tasks_of_note": _("Follow-ups"),
        "field_changed": _("{field} changed"),
        "by_user": _("by {name}"),
        "task_event_created": _("Task created"),
        "task_event_done": _("Task done"),
        "due_on": _("due {due}"),
        "empty_value": _("(empty)"),
        "no_timeline": _("Nothing on the timeline yet. Record or type a note."),
        "note_added": _("Note added."),
        "note_empty": _("Write a note first."),
        # Inbox
        "inbox_empty": _("The Inbox is empty: every note belongs to a client."),
        "attach_to": _("Attach to {name}"),
        "attached": _("Note attached to “{name}”."),
        "new_client_made": _("Client “{name}” created from the note."),
        "no_match": _("No client matches “{search}”."),
        "heard": _("Heard: {fields}"),
        "find_client": _("Attach to a client: search by name, company, city…"),
        "clients_found": _("Clients"),
        "new_client_from_note": _("Or make a new client from this note"),
        "create_client": _("Create the client"),
        # Settings
        "tz_saved": _("Time zone saved: {zone}."),
        "phone_region_auto": _("From the language: {region}"),
        "phone_region_saved": _("Phone numbers are now read as numbers of {region}."),
        "tz_auto": _("Time zone set to {zone} (this browser's)."),
        "feed_created": _("Calendar link created."),
        "feed_revoked": _("Calendar link revoked: calendars subscribed to it stop updating."),
        "feed_copied": _("Link copied."),
        "feed_confirm_new": _("Make a new link? Calendars subscribed to the current one stop updating."),
        "feed_confirm_revoke": _("Revoke the link? Calendars subscribed to it stop updating."),
        # Client field names, as the timeline names them
        **{f"field.{name}": str(label) for name, label in FIELD_LABELS.items()},
        # Duplicates, merge, clients by hand (issue 15)
        "field.merged_from": _("Merged from"),
        "field.split_to": _("Recording moved to"),
        "possible_duplicate": _("⚠️ “{name}” was found by the name alone: it may be someone else."),
        "check_duplicate": _("Check"),
        "delete_confirm": _("Delete the client “{name}”?"),
        "split_confirm": _("Move recording #{id} and what it changed to a new client?"),
        "split_done": _("Recording moved to the new client “{name}”."),
        "same_person_done": _("Recording #{id} stays on this client."),
    }


def _render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """A page of the app (for a logged-in user): its context, the texts its scripts show, the header's count of
    due tasks; its times in the user's time zone, as its scripts show the timeline's and the tasks'."""
    with timezone.override(user_time_zone(user=request.user)):
        return render(request, template, {"texts": js_texts(), "tasks_due": tasks_due_count(user=request.user),
                                          "phone_region": _phone_region(request), **context})


def _phone_region(request: HttpRequest) -> str:
    return user_phone_region(user=request.user, language=get_language())


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
    clients = clients_for_user(user=request.user, search=search, order=order, phone_region=_phone_region(request))
    page = Paginator(clients, CLIENTS_PER_PAGE).get_page(request.GET.get("page"))
    # Running, or waiting for the user's check (flagged, or a proposal): each gets its card back on the page.
    active = records_open(records=records_for_user(user=request.user).filter(client__isnull=True))
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
    active = list(records_open(records=recordings).values_list("pk", flat=True))
    # History and recordings are paged (a phone shows one short page of each); each keeps the other's page.
    changes = Paginator(client.changes.select_related("changed_by", "audio_record"),
                        HISTORY_PER_PAGE).get_page(request.GET.get("history_page"))
    recorded = Paginator(recordings, RECORDINGS_PER_PAGE).get_page(request.GET.get("recordings_page"))
    return _render(request, "web/client_detail.html", {
        "client": client, "fields": fields,
        "field_labels": {**FIELD_LABELS, "merged_from": _("Merged from"), "split_to": _("Recording moved to")},
        "changes": changes, "history_pages": _pages(changes, "history_page", {"recordings_page": recorded.number},
                                                    "history"),
        "recordings": recorded, "suggestions": client_suggestions(client=client), "active_ids": active,
        "recordings_pages": _pages(recorded, "recordings_page", {"history_page": changes.number}, "recordings"),
        "recordings_need_attention": recordings.exclude(status=Status.COMPLETED).exists(),
        "audit_open": "history_page" in request.GET or "recordings_page" in request.GET,
        "name_matches": client_name_matches(client=client),
        "duplicates": clients_possible_duplicates(user=request.user, client=client),
        "merged": request.GET.get("merged"), "created": request.GET.get("created") == "1",
    })


@login_required
def tasks(request: HttpRequest) -> HttpResponse:
    """Follow-ups: overdue, today, upcoming and done (drawn by script from /api/tasks), the user's time zone and
    calendar feed."""
    return _render(request, "web/tasks.html", {})


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    """Notes that named no client (drawn by script from /api/inbox), to attach to a client or turn into one."""
    return _render(request, "web/inbox.html", {})


def import_texts() -> dict[str, str]:
    """The texts of the import page's script (import.js), translated here as js_texts are."""
    return {
        "ignore": _("— not imported —"),
        "column_field": _("Field for the column {column}"),
        "line": _("Line"),
        "field": _("Field"),
        "reason": _("Why it was not imported"),
        "tab": _("tab"),
        "detected_csv": _("CSV, {encoding}, delimiter “{delimiter}”: {n} row(s). The first rows are shown; choose "
                          "the field of each column."),
        "detected_vcard": _("vCard, {encoding}: {n} card(s). The first ones are shown."),
        "unreadable": _("This file cannot be imported: {error}"),
        "refused": _("The import was refused: {error}"),
        "pending": _("Waiting for the worker..."),
        "running": _("{done} of {total} rows imported..."),
        "completed": _("Import complete: {n} row(s) read."),
        "failed": _("The import failed: {error}"),
        "network": _("Connection lost; trying again..."),
        "count_created": _("{n} client(s) created"),
        "count_updated": _("{n} client(s) updated"),
        "count_unchanged": _("{n} row(s) already up to date"),
        "count_skipped": _("{n} duplicate(s) skipped"),
        "count_failed": _("{n} row(s) not imported (see below)"),
        **{f"field.{name}": str(label) for name, label in FIELD_LABELS.items()},
    }


@login_required
def import_clients(request: HttpRequest) -> HttpResponse:
    """Import clients from a CSV or vCard file: preview and column mapping, then a queued job's progress and report
    (drawn by script from /api/imports)."""
    return _render(request, "web/import.html", {"import_texts": import_texts()})


@login_required
def jobs(request: HttpRequest) -> HttpResponse:
    """Processing: counts, failed jobs with Retry, recent jobs (both paged); staff also see throughput, median
    times and stale jobs, and everyone's recordings. The whole board is one region, so a refresh redraws the
    counters and the lists from the same query at once."""
    staff = request.user.is_staff
    all_users = staff and request.GET.get("mine") != "1"
    records = (records_for_user(user=request.user, all_users=all_users).select_related("owner")
               .annotate(attempt_count=Count("job_attempts")))
    stale = records_stale(records=records)
    failed = Paginator(records.filter(status=Status.FAILED).order_by("-processed_at", "-id"),
                       JOBS_PER_PAGE).get_page(request.GET.get("failed_page"))
    recent = Paginator(records.order_by("-created_at", "-id"), JOBS_PER_PAGE).get_page(request.GET.get("page"))
    stale_ids = set(stale.values_list("pk", flat=True)) if staff else set()
    for record in recent:
        record.is_stale = record.pk in stale_ids
    mine = {"mine": "1"} if staff and not all_users else {}
    return _render(request, "web/jobs.html", {
        "stats": jobs_stats(user=request.user, all_users=all_users), "all_users": all_users, "staff": staff,
        "failed": failed, "stale": stale.order_by("created_at")[:JOBS_PER_PAGE] if staff else [], "recent": recent,
        "failed_pages": _pages(failed, "failed_page", {**mine, "page": recent.number}),
        "recent_pages": _pages(recent, "page", {**mine, "failed_page": failed.number}),
    })


def _pages(page, key: str, keep: dict, anchor: str = "") -> dict | None:
    """Previous/next links of one paged list of a page, keeping the other list's page; None for one page."""
    if page.paginator.num_pages < 2:
        return None

    def link(number: int) -> str:
        return "?" + urlencode({**keep, key: number}) + (f"#{anchor}" if anchor else "")

    return {"number": page.number, "total": page.paginator.num_pages,
            "previous": link(page.previous_page_number()) if page.has_previous() else None,
            "next": link(page.next_page_number()) if page.has_next() else None}


# What each webhook event means, as the webhooks page lists them.
WEBHOOK_EVENTS = [
    (Event.CLIENT_CREATED, gettext_lazy("a client is created")),
    (Event.CLIENT_UPDATED, gettext_lazy("a client's fields change")),
    (Event.CLIENT_DELETED, gettext_lazy("a client is deleted")),
    (Event.RECORDING_COMPLETED, gettext_lazy("a recording is processed")),
    (Event.RECORDING_FAILED, gettext_lazy("a recording fails")),
    (Event.TASK_CREATED, gettext_lazy("a task is created")),
    (Event.TASK_DONE, gettext_lazy("a task is done")),
]


# A delivery's badge ("retrying": pending after a failed attempt).
DELIVERY_STATES = {
    "pending": pgettext_lazy("one delivery", "pending"), "sending": pgettext_lazy("one delivery", "sending"),
    "delivered": pgettext_lazy("one delivery", "delivered"), "retrying": pgettext_lazy("one delivery", "retrying"),
    "failed": pgettext_lazy("one delivery", "failed"),
}


def webhook_texts() -> dict[str, str]:
    """The texts of the webhooks page's script (web/static/web/webhooks.js)."""
    return {
        "test": _("Send a test"), "show_secret": _("Show the secret"), "hide_secret": _("Hide the secret"),
        "delete": _("Delete"), "log": _("Deliveries"), "no_deliveries": _("Nothing sent yet."),
        "all_users": _("every user's events"), "added": _("Webhook added."), "deleted": _("Webhook deleted."),
        "test_sent": _("Test queued: it appears in the deliveries below."),
        "confirm_delete": _("Delete the webhook to {url}? Its delivery log goes with it."),
        "failed": _("It did not work: {error}"),
        "col.event": _("Event"), "col.status": _("Status"), "col.attempts": _("Attempts"),
        "col.code": _("Answer"), "col.error": _("Last error"), "col.next": _("Next attempt"),
        "col.delivered": _("Delivered"),
        **{f"status.{state}": str(word) for state, word in DELIVERY_STATES.items()},
    }


@login_required
def webhooks(request: HttpRequest) -> HttpResponse:
    """The user's webhooks with their delivery logs (drawn by script from /api/webhooks), and a form to add one."""
    return _render(request, "web/webhooks.html", {"events": WEBHOOK_EVENTS, "webhook_texts": webhook_texts()})
