#!/usr/bin/env python
"""Django's command-line utility, printing configuration mistakes as one line."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marketplace.settings.dev")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError, ProgrammingError

    from marketplace.env import ConfigurationError

    try:
        execute_from_command_line(sys.argv)
    except ConfigurationError as exc:
        sys.stderr.write(f"Configuration error: {exc}\n")
        sys.exit(2)
    except (OperationalError, ProgrammingError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
        if "no such table" in first or ("relation" in first and "does not exist" in first):
            hint = "The database is not up to date: run `python manage.py migrate`."
        elif "database" in first and "does not exist" in first:
            hint = "Create it (createdb NAME) or correct the name at the end of DATABASE_URL."
        else:
            hint = (
                "Check DATABASE_URL (host, port, user, database name) and that the server "
                "runs; unset DATABASE_URL to use the embedded SQLite file."
            )
        sys.stderr.write(f"Database error: {first.rstrip('.')}. {hint}\n")
        sys.exit(2)


if __name__ == "__main__":
    main()
