"""Demo sellers for ``manage.py seed_demo``: Banyuwangi UMKM shops as Oscar partners.

Until seller onboarding lands a shop is an Oscar ``Partner`` whose village is recorded
as its ``PartnerAddress``. ``SELLER_VILLAGES`` keeps the same link as codes, so that the
issue adding seller profiles can attach each demo shop to its ``registry.Village``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import transaction
from oscar.core.loading import get_model

from registry.models import Village

if TYPE_CHECKING:
    from oscar.apps.address import models as address_models
    from oscar.apps.partner import models as partner_models

Country = get_model("address", "Country")
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


def country_indonesia_ensure() -> address_models.Country:
    """Indonesia as a shipping country: addresses and checkout need it to exist."""
    country, _ = Country.objects.get_or_create(
        iso_3166_1_a2="ID",
        defaults={
            "iso_3166_1_a3": "IDN",
            "iso_3166_1_numeric": "360",
            "printable_name": "Indonesia",
            "name": "Republic of Indonesia",
            "is_shipping_country": True,
        },
    )
    return country


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
