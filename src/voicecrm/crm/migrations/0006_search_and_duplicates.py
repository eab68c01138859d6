"""Search entries with each database's full-text index over their terms, filled from the existing clients and
interactions; interactions that found their client by name alone; the "split" source of a change."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from voicecrm.crm.search import terms_of

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE crm_searchentry_fts USING fts5(terms, tokenize = 'unicode61 remove_diacritics 2')",
    "CREATE TRIGGER crm_searchentry_fts_insert AFTER INSERT ON crm_searchentry BEGIN "
    "INSERT INTO crm_searchentry_fts (rowid, terms) VALUES (new.id, new.terms); END",
    "CREATE TRIGGER crm_searchentry_fts_delete AFTER DELETE ON crm_searchentry BEGIN "
    "DELETE FROM crm_searchentry_fts WHERE rowid = old.id; END",
    "CREATE TRIGGER crm_searchentry_fts_update AFTER UPDATE OF terms ON crm_searchentry BEGIN "
    "UPDATE crm_searchentry_fts SET terms = new.terms WHERE rowid = new.id; END",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS crm_searchentry_fts_update",
    "DROP TRIGGER IF EXISTS crm_searchentry_fts_delete",
    "DROP TRIGGER IF EXISTS crm_searchentry_fts_insert",
    "DROP TABLE IF EXISTS crm_searchentry_fts",
]
# The expression Django's SearchVector("terms", config="simple") writes, so that the planner uses the index.
POSTGRES_INDEX = ["CREATE INDEX crm_searchentry_terms_fts ON crm_searchentry "
                  "USING gin (to_tsvector('simple'::regconfig, COALESCE(terms, '')))"]
POSTGRES_DROP = ["DROP INDEX IF EXISTS crm_searchentry_terms_fts"]
MYSQL_INDEX = ["ALTER TABLE crm_searchentry ADD FULLTEXT INDEX crm_searchentry_terms_fts (terms)"]
MYSQL_DROP = ["ALTER TABLE crm_searchentry DROP INDEX crm_searchentry_terms_fts"]


def _run(schema_editor, statements: dict[str, list[str]]) -> None:
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def full_text_index(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_FTS, "postgresql": POSTGRES_INDEX, "mysql": MYSQL_INDEX})


def full_text_drop(apps, schema_editor):
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRES_DROP, "mysql": MYSQL_DROP})


def index_existing(apps, schema_editor):
    """The same text as crm.search.search_index_client / search_index_interaction, with the historical models."""
    client_model = apps.get_model("crm", "Client")
    interaction_model = apps.get_model("crm", "Interaction")
    entry_model = apps.get_model("crm", "SearchEntry")
    entries = []
    for client in client_model.objects.iterator():
        name = " ".join(part for part in (client.first_name, client.last_name) if part)
        text = "\n".join(part for part in (name, client.company, client.job_title, client.city, client.email,
                                          client.phone, client.notes) if part)
        entries.append(entry_model(owner_id=client.owner_id, client_id=client.pk, card_id=client.pk, kind="client",
                                   at=client.updated_at, text=text, terms=terms_of(text)))
    for interaction in interaction_model.objects.select_related("audio_record").iterator():
        record = interaction.audio_record
        parts = [interaction.note]
        if record is not None:
            parts[:0] = [record.transcription,
                         record.edited_text if record.edited_text != record.transcription else ""]
        text = "\n".join(part for part in parts if part)
        if text:
            entries.append(entry_model(owner_id=interaction.owner_id, client_id=interaction.client_id,
                                       interaction_id=interaction.pk, at=interaction.recorded_at,
                                       kind="recording" if record is not None else "note", text=text,
                                       terms=terms_of(text)))
    entry_model.objects.bulk_create(entries, batch_size=500)


class Migration(migrations.Migration):

    dependencies = [
        ('crm', '0005_client_change_source'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='interaction',
            name='possible_duplicate',
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name='clientchange',
            name='source',
            field=models.CharField(blank=True, choices=[('voice', 'Voice'), ('edited', 'Edited'), ('typed', 'Typed'), ('import', 'Import'), ('merge', 'Merge'), ('split', 'Split')], help_text='how the change was made; empty on rows older than this column', max_length=8),
        ),
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('client', 'Client'), ('recording', 'Recording'), ('note', 'Note')], max_length=10)),
                ('at', models.DateTimeField(help_text="when it was said or typed; a client's last change")),
                ('text', models.TextField()),
                ('terms', models.TextField()),
                ('card', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='search_card', to='crm.client')),
                ('client', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='search_entries', to='crm.client')),
                ('interaction', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='search_entry', to='crm.interaction')),
                ('owner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-at', '-id'],
                'indexes': [models.Index(fields=['owner', 'kind'], name='crm_search_owner_kind')],
            },
        ),
        # MariaDB cannot roll DDL back: Django refuses it inside the migration's transaction.
        migrations.RunPython(full_text_index, full_text_drop, atomic=False),
        migrations.RunPython(index_existing, migrations.RunPython.noop),
    ]
