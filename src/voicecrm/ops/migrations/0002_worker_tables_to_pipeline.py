# The worker tables now belong to the pipeline app (pipeline 0001): ops forgets them, the tables stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('ops', '0001_initial'),
        ('pipeline', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name='ControlValue'),
                migrations.DeleteModel(name='WorkerHeartbeat'),
            ],
        ),
    ]
