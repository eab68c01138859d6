from django.core.management.base import BaseCommand, CommandError

from voicecrm.pipeline.reaper import records_reap
from voicecrm.pipeline.services import record_retry, records_retry_failed
from voicecrm.pipeline.workers import workers_alive, workers_restart
from voicecrm.recordings.models import AudioRecord, Status
from voicecrm.recordings.retention import audio_purge_expired
from voicecrm.recordings.uploads import abandoned_uploads_purge


class Command(BaseCommand):
    help = ("Inspect and retry jobs: `jobs failed`, `jobs retry ID`, `jobs retry all`, `jobs reap`, "
            "`jobs restart-workers`, `jobs workers`, `jobs purge-audio`.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("failed", help="list failed recordings with their error")
        retry = sub.add_parser("retry", help="queue failed recordings again with a fresh attempt budget")
        retry.add_argument("target", help="a recording id, or 'all'")
        sub.add_parser("reap", help="take back dead jobs and queue lost ones now")
        sub.add_parser("restart-workers", help="make running workers exit after their current job (their "
                                               "supervisor starts them again), e.g. after a deploy")
        sub.add_parser("workers", help="list the workers that reported recently")
        sub.add_parser("purge-audio",
                       help="delete audio older than VOICECRM_AUDIO_RETENTION_DAYS, and abandoned uploads, now")

    def handle(self, *args, action, **options):
        if action == "failed":
            failed = AudioRecord.objects.filter(status=Status.FAILED).select_related("owner").order_by("id")
            for record in failed:
                attempts = record.job_attempts.count()
                when = record.processed_at or record.created_at
                self.stdout.write(f"{record.pk}\t{record.owner}\t{when:%Y-%m-%d %H:%M:%S}\t"
                                  f"attempts={attempts}\t{record.error}")
            self.stdout.write(f"{failed.count()} failed")
        elif action == "retry":
            if options["target"] == "all":
                self.stdout.write(f"{records_retry_failed()} recording(s) queued again")
                return
            try:
                record = AudioRecord.objects.get(pk=int(options["target"]))
            except (ValueError, AudioRecord.DoesNotExist) as exc:
                raise CommandError(f"no recording {options['target']!r}") from exc
            if not record_retry(record=record):
                if record.status == "failed":
                    raise CommandError(f"recording {record.pk} failed with {record.error_code} ({record.error}): "
                                       "a new attempt cannot help; reprocess it with an edited transcript")
                raise CommandError(f"recording {record.pk} is {record.status}, not failed: nothing to retry")
            self.stdout.write(f"recording {record.pk} queued again")
        elif action == "reap":
            self.stdout.write(str(records_reap()))
        elif action == "restart-workers":
            generation = workers_restart()
            alive = workers_alive().count()
            self.stdout.write(f"restart generation {generation}: {alive} running worker(s) will exit after their "
                              "current job")
        elif action == "workers":
            for worker in workers_alive().order_by("name"):
                self.stdout.write(f"{worker.name}\tprocesses={worker.processes}\t"
                                  f"since={worker.started_at:%Y-%m-%d %H:%M:%S}\tseen={worker.seen_at:%H:%M:%S}")
        elif action == "purge-audio":
            self.stdout.write(f"{audio_purge_expired()} audio file(s) deleted, {abandoned_uploads_purge()} upload(s) "
                              "abandoned mid-request removed")
