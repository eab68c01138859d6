from django.conf import settings
from django.db import models

from voicecrm.extraction import FIELD_NAMES

# The client's columns are extraction's one list of fields (extraction.schema.ClientFields).
CLIENT_FIELDS = FIELD_NAMES


class Client(models.Model):
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clients")
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    age = models.PositiveSmallIntegerField(null=True, blank=True)
    email = models.CharField(max_length=254, blank=True)
    phone = models.CharField(max_length=32, blank=True, help_text="E.164")
    city = models.CharField(max_length=150, blank=True)
    company = models.CharField(max_length=150, blank=True)
    job_title = models.CharField(max_length=150, blank=True)
    budget = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    notes = models.TextField(blank=True)
    # first + last name folded (no case, no accents): how a spoken name finds an existing client.
    name_key = models.CharField(max_length=310, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [models.Index(fields=["owner", "email"]), models.Index(fields=["owner", "phone"])]

    def __str__(self) -> str:
        return self.full_name or f"Client #{self.pk}"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.first_name, self.last_name) if part)


class ChangeSource(models.TextChoices):
    """Where a field change came from, shown in the client's history."""

    VOICE = "voice"      # a recording, as heard
    EDITED = "edited"    # a recording whose transcript a user corrected (or a typed note) and re-applied
    TYPED = "typed"      # a user's edit in the web app or the API
    IMPORT = "import"    # a CSV or vCard import
    MERGE = "merge"      # two clients merged into one
    SPLIT = "split"      # a recording matched by name only moved off a client onto a new one


class ClientChange(models.Model):
    """One field of one client changed: by which recording or which user, from what to what, and how."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(max_length=32)
    old_value = models.TextField(blank=True)
    new_value = models.TextField(blank=True)
    audio_record = models.ForeignKey("recordings.AudioRecord", null=True, blank=True, on_delete=models.SET_NULL,
                                     related_name="client_changes")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    source = models.CharField(max_length=8, choices=ChangeSource.choices, blank=True,
                              help_text="how the change was made; empty on rows older than this column")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]


class Source(models.TextChoices):
    VOICE = "voice"
    TYPED = "typed"


class Interaction(models.Model):
    """One entry of a client's timeline: a processed recording or a typed note, when it happened, and its note.

    A recording's transcript stays on its AudioRecord. ``client`` is null while the interaction waits in
    the owner's Inbox (a recording that named no client).
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="interactions")
    client = models.ForeignKey(Client, null=True, blank=True, on_delete=models.CASCADE, related_name="interactions")
    audio_record = models.OneToOneField("recordings.AudioRecord", null=True, blank=True, on_delete=models.SET_NULL,
                                        related_name="interaction")
    source = models.CharField(max_length=8, choices=Source.choices)
    recorded_at = models.DateTimeField(help_text="when it was said or typed")
    note = models.TextField(blank=True, help_text="what was said about the relationship, without the card fields")
    # The recording found its client by the spoken name alone (no email or phone matched): it may be someone
    # else of the same name, so the client page offers to split it onto a new client (crm/merge.py).
    possible_duplicate = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-recorded_at", "-id"]
        indexes = [models.Index(fields=["client", "recorded_at"]), models.Index(fields=["owner", "client"])]

    def __str__(self) -> str:
        return f"Interaction #{self.pk} ({self.source})"


class Task(models.Model):
    """A follow-up: what to do and when, for a client (or none yet), and the interaction it came from.

    ``due_date`` is the local date it is due; ``due_at`` the moment, when a time of day was said or typed.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tasks")
    client = models.ForeignKey(Client, null=True, blank=True, on_delete=models.CASCADE, related_name="tasks")
    interaction = models.ForeignKey(Interaction, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="tasks")
    title = models.CharField(max_length=300)
    due_date = models.DateField()
    due_at = models.DateTimeField(null=True, blank=True)
    done = models.BooleanField(default=False)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["due_date", models.F("due_at").asc(nulls_first=True), "id"]
        # The tasks page and the header's count: a user's open tasks by due.
        indexes = [models.Index(fields=["owner", "done", "due_date"], name="crm_task_open_by_due"),
                   models.Index(fields=["client", "done"])]

    def __str__(self) -> str:
        return self.title


class SearchKind(models.TextChoices):
    CLIENT = "client"        # the client's card: name, company, city, email, phone, notes
    RECORDING = "recording"  # a recording's transcript (and corrected text) and its note
    NOTE = "note"            # a typed note


class SearchEntry(models.Model):
    """What search reads: one client card or one interaction, its text as written and its ``terms``.

    ``terms`` are the text's words folded (no case, no accents) with their French and English stems
    (crm/search.py), so a full-text index over them finds "rappelle" for "rappeler" on every database.
    """

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    client = models.ForeignKey(Client, null=True, blank=True, on_delete=models.CASCADE, related_name="search_entries")
    # Set on a client's card entry only: one card per client.
    card = models.OneToOneField(Client, null=True, blank=True, on_delete=models.CASCADE, related_name="search_card")
    interaction = models.OneToOneField(Interaction, null=True, blank=True, on_delete=models.CASCADE,
                                       related_name="search_entry")
    kind = models.CharField(max_length=10, choices=SearchKind.choices)
    at = models.DateTimeField(help_text="when it was said or typed; a client's last change")
    text = models.TextField()
    terms = models.TextField()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["owner", "kind"], name="crm_search_owner_kind")]
