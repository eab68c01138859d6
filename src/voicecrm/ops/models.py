from django.db import models


class StageTiming(models.Model):
    """How long one stage of one attempt took; /metrics builds its histogram from these rows."""

    record = models.ForeignKey("recordings.AudioRecord", on_delete=models.CASCADE, related_name="+")
    attempt = models.PositiveSmallIntegerField()
    stage = models.CharField(max_length=16)
    outcome = models.CharField(max_length=32)
    seconds = models.FloatField()
    finished_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["stage", "seconds"])]
