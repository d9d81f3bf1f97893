#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "innocore.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    try:
        execute_from_command_line(sys.argv)
    except (ImproperlyConfigured, OperationalError) as exc:
        # Configuration mistakes (a bad DATABASE_URL, an unreachable database)
        # end with one clear line; PORTAL_TRACEBACK=1 shows the full story.
        if os.environ.get("PORTAL_TRACEBACK") == "1":
            raise
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        sys.stderr.write(f"error: {first_line}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
