# The worker tables move from ops to the pipeline app that writes them: state only, the tables stay.

from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('ops', '0001_initial'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='ControlValue',
                    fields=[
                        ('key', models.CharField(max_length=50, primary_key=True, serialize=False)),
                        ('value', models.BigIntegerField(default=0)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                    ],
                    options={'db_table': 'ops_controlvalue'},
                ),
                migrations.CreateModel(
                    name='WorkerHeartbeat',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('name', models.CharField(help_text="host:pid of the worker's main process", max_length=100, unique=True)),
                        ('hostname', models.CharField(max_length=100)),
                        ('pid', models.PositiveIntegerField()),
                        ('processes', models.PositiveSmallIntegerField(default=1)),
                        ('generation', models.PositiveBigIntegerField(default=0, help_text='restart generation it started under')),
                        ('started_at', models.DateTimeField()),
                        ('seen_at', models.DateTimeField(db_index=True)),
                    ],
                    options={'db_table': 'ops_workerheartbeat'},
                ),
            ],
        ),
    ]
