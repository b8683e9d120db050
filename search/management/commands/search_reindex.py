"""Rebuild the search index from the catalogue: every product's row in the maintained
listing, then the configured backend's index (Elasticsearch: a new index behind the alias,
swapped when complete, so search answers throughout)."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Rebuild the product search index (the listing rows and, if configured, Elasticsearch)."

    def handle(self, *args, **options):
        from search.indexing import index_all

        started = time.monotonic()
        tty = hasattr(self.stdout, "isatty") and self.stdout.isatty()

        def progress(done: int, total: int) -> None:
            width = 30
            filled = width * done // max(total, 1)
            line = f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} products"
            if tty:
                sys.stdout.write("\r" + line)
                sys.stdout.flush()
            elif done == total or done % 5000 < 500:
                self.stdout.write(line)

        listed = index_all(stdout=self.stdout, progress=progress)
        if tty:
            sys.stdout.write("\n")
        self.stdout.write(
            self.style.SUCCESS(
                f"{listed} products listed in the index ({time.monotonic() - started:.1f} s)."
            )
        )
