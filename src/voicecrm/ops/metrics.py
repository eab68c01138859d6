"""Prometheus metrics computed from the database at scrape time, so every web process and every worker
machine give the same numbers (no per-process counters to merge)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.db.models import Count, Q, Sum
from django.utils import timezone
from prometheus_client import generate_latest
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, HistogramMetricFamily, Metric
from prometheus_client.registry import Collector, CollectorRegistry

from voicecrm.pipeline.queue import queue_depth
from voicecrm.pipeline.workers import workers_alive
from voicecrm.recordings.models import AudioRecord, JobAttempt, Outcome, Status

from .models import StageTiming

STAGE_BUCKETS = (0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300)
SIZE_BUCKETS = (16_384, 65_536, 262_144, 1_048_576, 4_194_304, 16_777_216, 67_108_864)


def _histogram(rows, field: str, buckets: Iterable[float]) -> tuple[list[tuple[str, float]], float]:
    """Cumulative bucket counts and the sum of `field` over `rows`, in one query."""
    buckets = list(buckets)
    aggregates = {f"le_{i}": Count("pk", filter=Q(**{f"{field}__lte": bound})) for i, bound in enumerate(buckets)}
    result = rows.aggregate(total=Count("pk"), sum=Sum(field), **aggregates)
    counts = [(str(float(bound)), result[f"le_{i}"]) for i, bound in enumerate(buckets)]
    counts.append(("+Inf", result["total"]))
    return counts, float(result["sum"] or 0)


class VoiceCRMCollector(Collector):
    def collect(self) -> Iterator[Metric]:
        records = GaugeMetricFamily("voicecrm_recordings", "Recordings by job status.", labels=["status"])
        by_status = dict(AudioRecord.objects.values_list("status").annotate(n=Count("pk")))
        for status in Status.values:
            records.add_metric([status], by_status.get(status, 0))
        yield records

        attempts = CounterMetricFamily("voicecrm_job_attempts", "Job attempts by outcome.", labels=["outcome"])
        by_outcome = dict(JobAttempt.objects.values_list("outcome").annotate(n=Count("pk")))
        for outcome in Outcome.values:
            attempts.add_metric([outcome], by_outcome.get(outcome, 0))
        yield attempts

        stages = HistogramMetricFamily("voicecrm_stage_duration_seconds",
                                       "Time spent in each stage of a job attempt.", labels=["stage"])
        for stage in StageTiming.objects.values_list("stage", flat=True).distinct().order_by("stage"):
            buckets, total = _histogram(StageTiming.objects.filter(stage=stage), "seconds", STAGE_BUCKETS)
            stages.add_metric([stage], buckets, total)
        yield stages

        sizes = HistogramMetricFamily("voicecrm_upload_size_bytes", "Size of uploaded recordings.")
        buckets, total = _histogram(AudioRecord.objects.all(), "size", SIZE_BUCKETS)
        sizes.add_metric([], buckets, total)
        yield sizes

        depth = queue_depth()
        queue = GaugeMetricFamily("voicecrm_queue_depth", "Jobs waiting in the queue (-1: the queue does not "
                                                          "answer).")
        queue.add_metric([], -1 if depth is None else depth)
        yield queue

        yield GaugeMetricFamily("voicecrm_workers_alive", "Workers that reported recently.",
                                value=workers_alive().count())

        oldest = (AudioRecord.objects.filter(status=Status.PENDING).order_by("created_at")
                  .values_list("created_at", flat=True).first())
        yield GaugeMetricFamily("voicecrm_oldest_pending_seconds", "Age of the oldest recording still pending.",
                                value=(timezone.now() - oldest).total_seconds() if oldest else 0)


def metrics_text() -> bytes:
    """The Prometheus text exposition of every VoiceCRM metric."""
    registry = CollectorRegistry(auto_describe=False)
    registry.register(VoiceCRMCollector())
    return generate_latest(registry)
