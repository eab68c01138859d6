# Names are now folded by the one rule of extraction.fold (NFKD, case-folded): recompute the stored keys.

from django.db import migrations

from voicecrm.extraction import fold


def refold(apps, schema_editor):
    Client = apps.get_model("crm", "Client")
    for client in Client.objects.only("pk", "first_name", "last_name", "name_key").iterator():
        key = fold(f"{client.first_name} {client.last_name}")
        if key != client.name_key:
            Client.objects.filter(pk=client.pk).update(name_key=key)


class Migration(migrations.Migration):

    dependencies = [
        ("crm", "0002_initial"),
    ]

    operations = [
        migrations.RunPython(refold, migrations.RunPython.noop),
    ]
