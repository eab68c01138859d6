from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from voicecrm.accounts.services import token_create


class Command(BaseCommand):
    help = "Create an API token for USERNAME and print it (it is shown only once)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")

    def handle(self, *args, username, name, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"no user named {username!r}; create one with `voicecrm createsuperuser`") from exc
        self.stdout.write(token_create(user=user, name=name))
