import sys

from django.core.management.base import BaseCommand, CommandError

from voicecrm.extraction.jsonl import run_jsonl
from voicecrm.pipeline import engines


class Command(BaseCommand):
    help = 'Extract client fields: JSON lines {"id","text","language","existing"} in, {"id","fields"} out.'

    def add_arguments(self, parser):
        parser.add_argument("--jsonl", action="store_true", required=True)

    def handle(self, *args, **options):
        try:
            extractor = engines.extractor()
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        run_jsonl(sys.stdin, sys.stdout, extractor)
