from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from voicecrm.accounts.services import token_revoke, token_revoke_all


class Command(BaseCommand):
    help = "Revoke an API token of USERNAME by its prefix (as `GET /api/auth/tokens` lists it), or --all."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("prefix", nargs="?", help="the token's first 12 characters, e.g. vcrm_AbCdEfG")
        parser.add_argument("--all", action="store_true", help="revoke every token of the user")

    def handle(self, *args, username, prefix, all, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"no user named {username!r}") from exc
        if all:
            revoked = token_revoke_all(user=user)
        elif prefix:
            revoked = token_revoke(user=user, prefix=prefix)
        else:
            raise CommandError("give a token prefix, or --all")
        if not revoked:
            raise CommandError(f"no active token {prefix!r} for {username}")
        self.stdout.write(f"{revoked} token(s) revoked")
