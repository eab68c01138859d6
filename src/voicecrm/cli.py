"""The `voicecrm` command: Django's manage.py, with VoiceCRM's own commands beside Django's."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "voicecrm.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["voicecrm", *sys.argv[1:]])


if __name__ == "__main__":
    main()
