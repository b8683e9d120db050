"""The import file's format: its columns, its limits, and the example row of the template."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from spreadsheets import FileFormat

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000

#: The columns, in the template's order. Headers are matched ignoring case, spaces and
#: punctuation ("Nama Lengkap" is ``nama_lengkap``, "No. KK" is ``no_kk``).
COLUMNS = (
    "nik",
    "nama_lengkap",
    "tempat_lahir",
    "tanggal_lahir",
    "jenis_kelamin",
    "rt",
    "rw",
    "alamat",
    "no_hp",
    "no_kk",
    "hubungan",
    "dtks",
    "dtks_tanggal",
    "status",
)
#: Columns the header must have; the others may be left out.
REQUIRED_COLUMNS = (
    "nik",
    "nama_lengkap",
    "tempat_lahir",
    "tanggal_lahir",
    "jenis_kelamin",
    "rt",
    "rw",
    "alamat",
    "no_kk",
)
FILE_FORMAT = FileFormat(
    columns=COLUMNS,
    required_columns=REQUIRED_COLUMNS,
    max_rows=MAX_ROWS,
    max_file_bytes=MAX_FILE_BYTES,
    too_many_rows=_("Terlalu banyak baris: paling banyak %(max)s penduduk per berkas."),
)
#: Columns that may not be empty in any row.
REQUIRED_VALUES = ("nik", "nama_lengkap", "tanggal_lahir", "jenis_kelamin")

#: The example row of the templates. Its NIK is structurally valid but invented, and a
#: file that still holds it is refused, so that the example is never imported as a person.
TEMPLATE_EXAMPLE = {
    "nik": "3510014501909999",
    "nama_lengkap": "Siti Rahmawati",
    "tempat_lahir": "Banyuwangi",
    "tanggal_lahir": "1990-01-05",
    "jenis_kelamin": "P",
    "rt": "002",
    "rw": "001",
    "alamat": "Dusun Krajan",
    "no_hp": "0812-3456-7890",
    "no_kk": "3510012001159999",
    "hubungan": "istri",
    "dtks": "tidak",
    "dtks_tanggal": "",
    "status": "aktif",
}

#: What each column holds, for the template's "Petunjuk" sheet.
COLUMN_HELP = {
    "nik": _(
        "NIK sesuai KTP, 16 digit. Di Excel, format kolom ini sebagai Teks: Excel membulatkan "
        "angka 16 digit. Tanggal lahir dan jenis kelamin harus cocok dengan NIK."
    ),
    "nama_lengkap": _("Nama lengkap sesuai KTP, paling banyak 150 karakter."),
    "tempat_lahir": _("Tempat lahir, paling banyak 100 karakter. Boleh kosong."),
    "tanggal_lahir": _("Tanggal lahir: YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY atau sel tanggal Excel."),
    "jenis_kelamin": _("L (laki-laki) atau P (perempuan)."),
    "rt": _("Nomor RT, 1 sampai 3 angka (1 ditulis 001). Boleh kosong."),
    "rw": _("Nomor RW, 1 sampai 3 angka (1 ditulis 001). Boleh kosong."),
    "alamat": _("Alamat (dusun, jalan), paling banyak 255 karakter. Boleh kosong."),
    "no_hp": _("Nomor HP, misalnya 0812-3456-7890 atau +62 812 3456 7890. Opsional."),
    "no_kk": _(
        "Nomor Kartu Keluarga, 16 digit (format sel Teks di Excel). Anggota keluarga ditulis "
        "dengan nomor KK yang sama. Boleh kosong."
    ),
    "hubungan": _(
        "Hubungan dalam keluarga: kepala, istri, suami, anak, orang tua, mertua, cucu, "
        "menantu atau famili lain. Satu kepala per KK. Opsional; bila diisi, no_kk wajib."
    ),
    "dtks": _("Terdaftar di DTKS: ya atau tidak. Opsional."),
    "dtks_tanggal": _(
        "Tanggal status DTKS terakhir dikonfirmasi, format seperti tanggal_lahir. Opsional."
    ),
    "status": _("aktif, pindah atau meninggal. Opsional; penduduk baru: aktif."),
}
