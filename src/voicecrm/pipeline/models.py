"""What the pipeline keeps besides the recordings: the workers alive, and values every process shares."""

from django.db import models


class WorkerHeartbeat(models.Model):
    """A running `voicecrm worker`, as it last reported itself; /health counts the recent ones."""

    name = models.CharField(max_length=100, unique=True, help_text="host:pid of the worker's main process")
    hostname = models.CharField(max_length=100)
    pid = models.PositiveIntegerField()
    processes = models.PositiveSmallIntegerField(default=1)
    generation = models.PositiveBigIntegerField(default=0, help_text="restart generation it started under")
    started_at = models.DateTimeField()
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "ops_workerheartbeat"  # created by ops before the pipeline app existed

    def __str__(self) -> str:
        return self.name


class ControlValue(models.Model):
    """A named number shared by every process, e.g. the restart generation workers watch."""

    key = models.CharField(max_length=50, primary_key=True)
    value = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "ops_controlvalue"  # created by ops before the pipeline app existed

    def __str__(self) -> str:
        return f"{self.key}={self.value}"
