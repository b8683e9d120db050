"""Demo sellers for ``manage.py seed_demo``: Banyuwangi UMKM shops, approved sellers.

``sellers_ensure`` creates each shop's Oscar ``Partner`` (with its village as the
``PartnerAddress``); once products exist, ``seller_profiles_ensure`` makes each an approved
seller whose owner is a registry resident with a login, and gives food and jamu shops
their PIRT. ``applications_ensure`` adds one pending and one rejected application.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from oscar.core.loading import get_model

from registry.models import Resident, Village
from registry.nik import nik_blind_index, nik_encrypt, nik_mask
from registry.selectors import resident_by_nik
from registry.services import country_indonesia_ensure, resident_save

from .choices import DocumentStatus
from .models import Seller, SellerApplication, SellerDocument
from .selectors import document_requirements
from .services import dashboard_access_grant

if TYPE_CHECKING:
    from oscar.apps.partner import models as partner_models

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
Partner = get_model("partner", "Partner")
PartnerAddress = get_model("partner", "PartnerAddress")


@dataclass(frozen=True)
class SellerSpec:
    """A demo shop. ``makes`` names catalogue product families (``catalogue.demo_data``);
    ``keywords`` steer products whose title mentions them (an origin, a speciality) here."""

    code: str
    name: str
    owner: str
    village_code: str
    makes: tuple[str, ...]
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoSeller:
    spec: SellerSpec
    partner: partner_models.Partner
    village: Village


KOPI = ("kopi-biji", "kopi-bubuk")

# One shop per block, laid out by hand; ruff format would put each value on its own line.
# fmt: off
SELLERS: tuple[SellerSpec, ...] = (
    SellerSpec("kopi-lereng-ijen", "Kopi Lereng Ijen", "Hadi Santoso", "35.10.24.2008",
               (*KOPI, "kopi-seduh"), ("Lereng Ijen", "Licin")),
    SellerSpec("kopi-lanang-gombengsari", "Kopi Lanang Gombengsari", "Mustofa",
               "35.10.21.1006", KOPI, ("Gombengsari", "Lanang")),
    SellerSpec("kopi-rakyat-songgon", "Kopi Rakyat Songgon", "Joko Susilo", "35.10.19.2007",
               (*KOPI, "kopi-seduh"), ("Songgon",)),
    SellerSpec("kopi-kalibaru-manis", "Kopi Kalibaru Manis", "Yudi Hartono", "35.10.11.2002",
               (*KOPI, "kopi-seduh"), ("Kalibaru", "Glenmore")),
    SellerSpec("keripik-pisang-bu-sri", "Keripik Pisang Bu Sri", "Sri Wahyuni",
               "35.10.09.2001", ("keripik",), ("Pisang",)),
    SellerSpec("bagiak-mbok-sumiati", "Bagiak Mbok Sumiati", "Sumiati", "35.10.13.2013",
               ("jajanan",), ("Bagiak", "Rengginang")),
    SellerSpec("sale-pisang-barokah", "Sale Pisang Barokah", "Siti Aminah", "35.10.06.2005",
               ("keripik", "jajanan"), ("Sale", "Widaran")),
    SellerSpec("pia-tape-bu-yuli", "Pia Tape Bu Yuli", "Yuliana", "35.10.08.2007",
               ("jajanan",), ("Pia", "Kue Satu", "Kacang")),
    SellerSpec("dapur-osing-kemiren", "Dapur Osing Kemiren", "Hasanah", "35.10.15.2004",
               ("sambal",)),
    SellerSpec("batik-gajah-oling-sekar-arum", "Batik Gajah Oling Sekar Arum",
               "Endang Sulistyowati", "35.10.16.1011", ("batik-tulis", "batik-cap"),
               ("Gajah Oling",)),
    SellerSpec("batik-tulis-sayu-wiwit", "Batik Tulis Sayu Wiwit", "Wiwit Handayani",
               "35.10.14.2013", ("batik-tulis",)),
    SellerSpec("batik-osing-paspan", "Batik Osing Paspan", "Rusmiati", "35.10.15.2007",
               ("batik-tulis", "batik-cap")),
    SellerSpec("batik-pesisir-kampung-mandar", "Batik Pesisir Kampung Mandar",
               "Abdul Rahman", "35.10.16.1013", ("batik-cap", "kemeja-batik")),
    SellerSpec("anyaman-bambu-gintangan", "Anyaman Bambu Gintangan", "Supriyadi",
               "35.10.25.2004", ("anyaman",)),
    SellerSpec("sanggar-barong-olehsari", "Sanggar Barong Osing Olehsari", "Slamet Riyadi",
               "35.10.15.2005", ("kayu", "suvenir"), ("Barong", "Gandrung")),
    SellerSpec("ukir-kayu-singojuruh", "Ukir Kayu Singojuruh", "Bambang Hermanto",
               "35.10.12.2005", ("kayu",), ("Perahu", "Hiasan")),
    SellerSpec("kerajinan-kerang-grajagan", "Kerajinan Kerang Grajagan", "Nur Hidayati",
               "35.10.03.2001", ("suvenir",), ("Kerang",)),
    SellerSpec("udeng-osing-mas-ari", "Udeng Osing Mas Ari", "Ari Wibowo", "35.10.17.1002",
               ("udeng",)),
    SellerSpec("tas-rajut-nyai-blambangan", "Tas Rajut Nyai Blambangan", "Lilik Suryani",
               "35.10.05.2005", ("tas-rajut",)),
    SellerSpec("kaos-sunrise-of-java", "Kaos Sunrise of Java", "Dimas Prasetyo",
               "35.10.16.1008", ("kaos",)),
    SellerSpec("buah-naga-sumberagung", "Kebun Buah Naga Sumberagung", "Suparman",
               "35.10.01.2004", ("buah-naga", "kebun"), ("Cabai",)),
    SellerSpec("jeruk-siam-bangorejo", "Jeruk Siam Bangorejo", "Suharno", "35.10.02.2002",
               ("jeruk",)),
    SellerSpec("kwt-tani-makmur-sempu", "KWT Tani Makmur Sempu", "Sulastri", "35.10.20.2002",
               ("kebun",), ("Beras", "Gula", "Kacang", "Kedelai", "Jagung", "Manggis")),
    SellerSpec("ikan-asin-muncar-jaya", "Ikan Asin Muncar Jaya", "Mansur", "35.10.05.2002",
               ("ikan-asin", "ikan-beku"), ("Lemuru", "Tuna")),
    SellerSpec("petis-terasi-tembokrejo", "Petis & Terasi Tembokrejo", "Sumarti",
               "35.10.05.2003", ("olahan-laut",), ("Petis", "Terasi", "Sarden")),
    SellerSpec("olahan-ikan-bangsring", "Olahan Ikan Bangsring Bahari", "Ahmad Fauzi",
               "35.10.18.2001", ("olahan-laut", "ikan-beku"), ("Kerupuk", "Abon", "Bakso")),
    SellerSpec("jamu-gendong-mbok-darmi", "Jamu Gendong Mbok Darmi", "Sudarmi",
               "35.10.07.2002", ("jamu", "serbuk")),
    SellerSpec("rumah-herbal-karangdoro", "Rumah Herbal Karangdoro", "Dewi Kartika",
               "35.10.23.2002", ("serbuk", "herbal")),
)
# fmt: on

#: Partner code → Kemendagri village code, for the issue that adds seller profiles.
SELLER_VILLAGES: dict[str, str] = {spec.code: spec.village_code for spec in SELLERS}


@transaction.atomic
def sellers_ensure() -> list[DemoSeller]:
    """Create each demo shop and its village address, leaving existing ones as they are.

    Raises ``Village.DoesNotExist`` when the regions have not been loaded yet
    (``registry.services.regions_load(code="35.10")``).
    """
    country = country_indonesia_ensure()
    villages = {
        v.code: v
        for v in Village.objects.select_related("district__regency__province").filter(
            code__in=SELLER_VILLAGES.values()
        )
    }
    missing = sorted(set(SELLER_VILLAGES.values()) - set(villages))
    if missing:
        raise Village.DoesNotExist(
            f"Desa {', '.join(missing)} belum dimuat: jalankan load_regions 35.10 dahulu."
        )
    sellers = []
    for spec in SELLERS:
        village = villages[spec.village_code]
        partner, _ = Partner.objects.get_or_create(code=spec.code, defaults={"name": spec.name})
        first_name, _, last_name = spec.owner.partition(" ")
        regency = village.district.regency
        PartnerAddress.objects.get_or_create(
            partner=partner,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "line1": str(village),
                "line2": f"Kecamatan {village.district.name}",
                "line4": regency.name.removeprefix("Kabupaten ").removeprefix("Kota "),
                "state": regency.province.name,
                "postcode": village.postal_code,
                "country": country,
            },
        )
        sellers.append(DemoSeller(spec=spec, partner=partner, village=village))
    return sellers


# ---------------------------------------------------------------------------------------
# Seller profiles, logins, documents and applications (issue 4)

SELLER_PASSWORD = "demo-penjual-2026"
SELLER_EMAIL_DOMAIN = "penjual.kampungmall.test"
#: Categories (demo keys) whose products need a valid PIRT: processed food and jamu.
PIRT_CATEGORIES = ("Kuliner & Camilan", "Jamu & Herbal")
#: The shop whose PIRT expires soon (the daily task reminds it), and one whose halal
#: certificate has expired (its badge is gone; halal is not required, so nothing hides).
PIRT_EXPIRING_SOON = "keripik-pisang-bu-sri"
HALAL_EXPIRED = "dapur-osing-kemiren"
HALAL_PENDING = "kopi-lereng-ijen"
HALAL_SHOPS = ("bagiak-mbok-sumiati", "pia-tape-bu-yuli", "jamu-gendong-mbok-darmi", HALAL_EXPIRED)
FEMALE_OWNERS = {
    "Sri Wahyuni",
    "Sumiati",
    "Siti Aminah",
    "Yuliana",
    "Hasanah",
    "Endang Sulistyowati",
    "Wiwit Handayani",
    "Rusmiati",
    "Nur Hidayati",
    "Lilik Suryani",
    "Sulastri",
    "Sumarti",
    "Sudarmi",
    "Dewi Kartika",
}
OWNER_SERIAL_BASE = 7000  # NIK serials of their own, apart from the registry demo's families

# (email, password, full name, birth date, gender, shop name, status, reason)
APPLICANTS = (
    (
        "pemohon@kampungmall.test",
        "demo-pemohon-2026",
        "Ani Suryani",
        dt.date(1988, 4, 12),
        "P",
        "Kue Kering Bu Ani",
        "pending",
        "",
    ),
    (
        "ditolak@kampungmall.test",
        "demo-ditolak-2026",
        "Bagus Setiawan",
        dt.date(1995, 9, 3),
        "L",
        "Toko Oleh-Oleh Bagus",
        "rejected",
        "Foto dokumen PIRT tidak terbaca dan nomor PIRT tidak terdaftar. Unggah foto yang jelas "
        "lalu daftar lagi.",
    ),
)

_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _owner_nik(index: int, village: Village, birth: dt.date, gender: str) -> str:
    day = birth.day + (40 if gender == "P" else 0)
    return (
        f"{village.code[:8].replace('.', '')}{day:02d}{birth:%m%y}{OWNER_SERIAL_BASE + index:04d}"
    )


def _resident_ensure(*, nik: str, full_name: str, birth: dt.date, gender: str, village):
    resident = resident_by_nik(nik=nik)
    if resident is None:
        resident = resident_save(
            resident=Resident(
                village=village,
                full_name=full_name,
                birth_date=birth,
                birth_place="Banyuwangi",
                gender=gender,
                address="Dusun Krajan",
                rt="001",
                rw="001",
            ),
            nik=nik,
        )
    return resident


def _user_ensure(*, email: str, password: str, full_name: str):
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).order_by("pk").first()
    if user is None:
        user = User(username=email[:150], email=email)
    first, _, last = full_name.partition(" ")
    user.first_name, user.last_name = first, last
    user.is_active = True
    if not user.check_password(password):
        user.set_password(password)
    user.save()
    return user


def _document_ensure(
    *,
    seller: Seller,
    kind: str,
    number: str,
    expires_on: dt.date,
    status: str = DocumentStatus.VERIFIED,
) -> None:
    """A document of the shop: verified when staff approved the shop, unless ``status``
    says it was added later and waits for staff to check it."""
    document = SellerDocument.objects.filter(seller=seller, kind=kind, number=number).first()
    if document is None:
        SellerDocument.objects.create(
            seller=seller,
            kind=kind,
            number=number,
            expires_on=expires_on,
            status=status,
            reviewed_at=timezone.now() if status == DocumentStatus.VERIFIED else None,
            file=ContentFile(_PDF, name=f"{kind}.pdf"),
        )
    elif document.expires_on != expires_on:
        # Dates are relative to today, so a demo seeded long ago keeps telling its story.
        document.expires_on = expires_on
        document.reminder_sent_on = document.expiry_notified_on = None
        document.save()


@transaction.atomic
def seller_profiles_ensure(*, sellers: list[DemoSeller]) -> dict[str, Any]:
    """Make every demo shop an approved seller: an owner who is a registry resident of the
    shop's village, a login with dashboard access, the seller profile, and documents
    (PIRT for processed food and jamu; one expiring soon, one expired halal certificate).

    Returns the logins (email, password, shop) and counts. Idempotent.
    """
    today = timezone.localdate()
    for name in PIRT_CATEGORIES:
        Category.objects.filter(name=name, depth=1).exclude(required_document="pirt").update(
            required_document="pirt"
        )
    required = document_requirements().get("pirt", [])
    logins = []
    created = 0
    for index, demo in enumerate(sellers):
        spec, partner, village = demo.spec, demo.partner, demo.village
        gender = "P" if spec.owner in FEMALE_OWNERS else "L"
        birth = dt.date(1965 + index % 30, 1 + index % 12, 1 + (index * 7) % 28)
        resident = _resident_ensure(
            nik=_owner_nik(index, village, birth, gender),
            full_name=spec.owner,
            birth=birth,
            gender=gender,
            village=village,
        )
        email = f"{spec.code}@{SELLER_EMAIL_DOMAIN}"
        user = _user_ensure(email=email, password=SELLER_PASSWORD, full_name=spec.owner)
        if resident.user_id is None:
            resident.user = user
            resident.save(update_fields=["user", "updated_at"])
        partner.users.add(user)
        dashboard_access_grant(user)
        first_product = Product.objects.filter(stockrecords__partner=partner).order_by("pk").first()
        main_category = first_product.categories.first().get_root() if first_product else None
        seller, was_created = Seller.objects.get_or_create(
            partner=partner,
            defaults={
                "user": user,
                "slug": spec.code,
                "village": village,
                "resident": resident,
                "main_category": main_category,
                "description": _("%(shop)s, UMKM dari %(village)s, Kecamatan %(district)s.")
                % {"shop": spec.name, "village": village, "district": village.district.name},
                "whatsapp": f"+62812{3400000 + index * 7919:07d}"[:15],
                "nib": f"{9120000000000 + index * 1013}" if index % 3 == 0 else "",
                "approved_at": timezone.now() - dt.timedelta(days=60 + index * 23),
            },
        )
        created += was_created
        in_required = Q(pk__in=[])
        for category in required:
            in_required |= Q(categories__path__startswith=category.path)
        sells_required = (
            Product.objects.filter(stockrecords__partner=partner).filter(in_required).exists()
        )
        if sells_required:
            days = 20 if spec.code == PIRT_EXPIRING_SOON else 400 + index * 30
            _document_ensure(
                seller=seller,
                kind="pirt",
                number=f"P-IRT {2063510000000 + index * 101:013d}-29",
                expires_on=today + dt.timedelta(days=days),
            )
        if spec.code in HALAL_SHOPS:
            days = -10 if spec.code == HALAL_EXPIRED else 700
            _document_ensure(
                seller=seller,
                kind="halal",
                number=f"ID35110{1000000 + index:07d}",
                expires_on=today + dt.timedelta(days=days),
            )
        if spec.code == HALAL_PENDING:
            # Uploaded on the shop's settings page: staff see it waiting in the back office.
            _document_ensure(
                seller=seller,
                kind="halal",
                number=f"ID35110{2000000 + index:07d}",
                expires_on=today + dt.timedelta(days=900),
                status=DocumentStatus.PENDING,
            )
        note = {
            PIRT_EXPIRING_SOON: _("PIRT habis dalam 20 hari"),
            HALAL_EXPIRED: _("sertifikat halal sudah habis"),
            HALAL_PENDING: _("sertifikat halal baru menunggu pemeriksaan staf"),
        }.get(spec.code, "")
        logins.append((email, SELLER_PASSWORD, f"{spec.name}, {note}" if note else spec.name))
    featured = (SELLERS[0].code, PIRT_EXPIRING_SOON, HALAL_EXPIRED)
    logins.sort(key=lambda login: login[0].split("@")[0] not in featured)
    return {"logins": logins, "created": created}


@transaction.atomic
def applications_ensure(*, village: Village, staff, operator) -> list[tuple[str, str, str]]:
    """One application waiting for district staff (vouched by the village operator) and one
    rejected with its reason, each by a registry resident of ``village``. Returns logins."""
    logins = []
    main_category = Category.objects.filter(name="Kuliner & Camilan", depth=1).first()
    for index, (email, password, name, birth, gender, shop, status, reason) in enumerate(
        APPLICANTS
    ):
        nik = _owner_nik(90 + index, village, birth, gender)
        resident = _resident_ensure(
            nik=nik, full_name=name, birth=birth, gender=gender, village=village
        )
        user = _user_ensure(email=email, password=password, full_name=name)
        logins.append((email, password, shop))
        if SellerApplication.objects.filter(user=user).exists():
            continue
        now = timezone.now()
        SellerApplication.objects.create(
            user=user,
            shop_name=shop,
            main_category=main_category,
            description=_("Kue kering dan camilan rumahan untuk oleh-oleh."),
            village=village,
            nik_encrypted=nik_encrypt(nik),
            nik_index=nik_blind_index(nik),
            nik_masked=nik_mask(nik),
            full_name=name,
            birth_date=birth,
            whatsapp=f"+6285{2300000 + index * 4111:07d}",
            status=status,
            resident=resident,
            verified_at=now,
            vouched_by=operator,
            vouched_at=now,
            vouch_note=_("Saya kenal pemohon; usahanya berjalan sejak 2021."),
            decided_by=staff if status == "rejected" else None,
            decided_at=now if status == "rejected" else None,
            rejection_reason=reason,
        )
    return logins
