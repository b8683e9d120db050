"""``manage.py seed_demo``: fill an empty Kampung Mall with Banyuwangi demo content.

The content lives with the app it belongs to (``sellers.demo``, ``catalogue.demo``,
``cms.demo``); this command only runs the parts in order and reports. Each part runs in
its own transaction and is keyed on fixed codes, so a second run adds nothing and a
failed run can simply be repeated.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import Count
from oscar.core.loading import get_model

from catalogue import demo as catalogue_demo
from checkout import demo as checkout_demo
from checkout.models import Checkout
from cms import demo as cms_demo
from cms.services import site_pages_ensure
from registry import demo as registry_demo
from registry.models import District, Household, Resident, Village
from registry.services import regions_load, village_operator_assign
from sellers import demo as sellers_demo
from sellers.models import Seller, SellerApplication

Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

REGENCY_CODE = "35.10"  # Kabupaten Banyuwangi

# (email, password, first name, last name, staff): the demo logins printed at the end.
DEMO_USERS = (
    ("staf@kampungmall.test", "demo-staf-2026", "Staf", "Dinas UMKM", True),
    ("pembeli@kampungmall.test", "demo-pembeli-2026", "Siti", "Rahmawati", False),
    ("operator@kampungmall.test", "demo-operator-2026", "Operator", "Desa", False),
)
OPERATOR_VILLAGE_COUNT = 2


class Command(BaseCommand):
    help = (
        "Isi Kampung Mall dengan data demo Banyuwangi: wilayah, penjual, produk bergambar, "
        "artikel pusat belajar dan akun demo. Aman dijalankan berulang kali."
    )

    def handle(self, *args, **options):
        seed_demo(stdout=self.stdout)


def seed_demo(*, stdout: TextIO | None = None) -> dict[str, Any]:
    """Seed every part of the demo and return the resulting row counts.

    Idempotent: a second call creates nothing. Raises whatever a part raises, after
    that part's transaction has rolled back; parts already done stay done.
    """
    with _stock_alert_logs_quiet():
        return _seed(stdout=stdout)


def _seed(*, stdout: TextIO | None) -> dict[str, Any]:
    regions = regions_load(code=REGENCY_CODE)
    sellers = sellers_demo.sellers_ensure()
    makers = [
        catalogue_demo.Maker(
            partner=seller.partner,
            families=seller.spec.makes,
            keywords=seller.spec.keywords,
            place=f"{seller.village}, Kecamatan {seller.village.district.name}",
        )
        for seller in sellers
    ]
    products = catalogue_demo.products_ensure(makers=makers)
    images = catalogue_demo.product_images_ensure()
    with transaction.atomic():
        _home, learning = site_pages_ensure(site_name=settings.SITE_NAME)
        articles = cms_demo.articles_ensure(learning=learning)
    users_created = demo_users_ensure()
    seller_villages = sorted({seller.village for seller in sellers}, key=lambda v: v.code)
    residents = registry_demo.residents_ensure(villages=seller_villages)
    halls = registry_demo.village_halls_ensure(villages=seller_villages)
    buyer = get_user_model().objects.get(email__iexact=DEMO_USERS[1][0])
    registry_demo.buyer_resident_ensure(user=buyer, village=seller_villages[0])
    operator = get_user_model().objects.get(email__iexact=DEMO_USERS[2][0])
    operator_villages = seller_villages[:OPERATOR_VILLAGE_COUNT]
    village_operator_assign(user=operator, villages=operator_villages)
    profiles = sellers_demo.seller_profiles_ensure(sellers=sellers)
    staff = get_user_model().objects.get(email__iexact=DEMO_USERS[0][0])
    applicant_logins = sellers_demo.applications_ensure(
        village=operator_villages[0], staff=staff, operator=operator
    )

    shops = list(
        Seller.objects.filter(partner__code__in=sellers_demo.SELLER_VILLAGES).order_by("pk")
    )
    checkout_demo.seller_settings_ensure(sellers=shops)
    shops = list(
        Seller.objects.filter(partner__code__in=sellers_demo.SELLER_VILLAGES)
        .select_related("payment", "shipping", "village", "user", "partner")
        .order_by("pk")
    )
    created_checkouts = checkout_demo.checkouts_ensure(
        buyer_user=buyer, buyer_village=seller_villages[0], sellers=shops
    )
    from catalogue.reviews import demo as reviews_demo

    created_reviews = reviews_demo.reviews_ensure(buyer=buyer)

    # Some demo writes are bulk updates, which send no signals: the search index from
    # scratch, as `manage.py search_reindex` would.
    from search.indexing import index_all

    listed = index_all()

    demo_products = Product.objects.filter(upc__startswith=catalogue_demo.UPC_PREFIX)
    counts = {
        "listed": listed,
        "checkouts": Checkout.objects.filter(user=buyer).count(),
        "created_checkouts": created_checkouts,
        "created_reviews": created_reviews,
        "districts": District.objects.filter(code__startswith=f"{REGENCY_CODE}.").count(),
        "villages": Village.objects.filter(code__startswith=f"{REGENCY_CODE}.").count(),
        "sellers": Partner.objects.filter(code__in=sellers_demo.SELLER_VILLAGES).count(),
        "seller_villages": len({s.village.pk for s in sellers}),
        "seller_districts": len({s.village.district_id for s in sellers}),
        "categories": Category.objects.count(),
        "top_categories": Category.get_root_nodes().count(),
        "products": demo_products.count(),
        "stockrecords": StockRecord.objects.filter(product__in=demo_products).count(),
        "images": ProductImage.objects.filter(product__in=demo_products).count(),
        "articles": articles["articles"],
        "created_regions": regions.created,
        "created_products": products["created"],
        "created_images": images["created"],
        "created_articles": articles["created"],
        "created_users": users_created,
        "residents": Resident.objects.count(),
        "households": Household.objects.count(),
        "created_residents": residents["created"],
        "village_halls": Village.objects.exclude(hall_address="").count(),
        "created_village_halls": halls["created"],
        "operator_villages": ", ".join(str(v) for v in operator_villages),
        "seller_profiles": Seller.objects.filter(
            partner__code__in=sellers_demo.SELLER_VILLAGES
        ).count(),
        "created_seller_profiles": profiles["created"],
        "seller_logins": profiles["logins"],
        "applicant_logins": applicant_logins,
        "applications": dict(
            SellerApplication.objects.values_list("status").annotate(n=Count("pk"))
        ),
    }
    if stdout is not None:
        _report(stdout, counts)
    return counts


@transaction.atomic
def demo_users_ensure() -> int:
    """Create the district staff and buyer logins; return how many were new.

    Existing accounts are found by e-mail, as Oscar logs in by e-mail. Their password
    is reset to the demo one if it was changed, so the printed logins always work.
    """
    User = get_user_model()
    created = 0
    for email, password, first_name, last_name, staff in DEMO_USERS:
        user = User.objects.filter(email__iexact=email).order_by("pk").first()
        if user is None:
            username = email.partition("@")[0]
            if User.objects.filter(username=username).exists():
                username = email
            user = User(username=username, email=email)
            created += 1
        user.first_name, user.last_name = first_name, last_name
        user.is_staff = user.is_superuser = staff
        user.is_active = True
        if user.pk is None or not user.check_password(password):
            user.set_password(password)
        user.save()
    return created


@contextmanager
def _stock_alert_logs_quiet() -> Iterator[None]:
    """Oscar logs two INFO lines per stock record saved, which would bury the summary.

    New demo products have no stock-alert subscribers, so nothing is lost.
    """
    logger = logging.getLogger("oscar.alerts")
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _report(stdout: TextIO, counts: dict[str, Any]) -> None:
    base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    (
        (staff_email, staff_password, *_),
        (buyer_email, buyer_password, *_),
        (operator_email, operator_password, *_),
    ) = DEMO_USERS
    lines = [
        f"Wilayah Banyuwangi: {counts['districts']} kecamatan, "
        f"{counts['villages']} desa/kelurahan ({counts['created_regions']} wilayah baru).",
        f"Penjual: {counts['sellers']} UMKM di {counts['seller_villages']} desa, "
        f"{counts['seller_districts']} kecamatan; {counts['seller_profiles']} penjual disetujui.",
        "Pendaftaran toko: "
        + ", ".join(
            f"{SellerApplication.Status(status).label} {n}"
            for status, n in sorted(counts["applications"].items())
        )
        + ".",
        f"Kategori: {counts['top_categories']} utama, {counts['categories']} seluruhnya.",
        f"Produk: {counts['products']} ({counts['created_products']} baru), "
        f"stok {counts['stockrecords']}, gambar {counts['images']} "
        f"({counts['created_images']} baru).",
        f"Artikel pusat belajar: {counts['articles']} ({counts['created_articles']} baru).",
        f"Checkout pembeli demo: {counts['checkouts']} ({counts['created_checkouts']} baru), "
        "dengan pesanan per penjual di setiap status.",
        f"Ulasan demo: {counts['created_reviews']} baru (satu pesanan selesai dibiarkan "
        "untuk dicoba diulas).",
        f"Penduduk: {counts['residents']} dalam {counts['households']} kartu keluarga "
        f"({counts['created_residents']} baru).",
        f"Balai desa: {counts['village_halls']} desa dengan alamat dan jam buka "
        f"({counts['created_village_halls']} baru).",
        "",
        "Login demo:",
        f"  Staf dinas: {staff_email} / {staff_password} ({base_url}/dashboard/, {base_url}/cms/)",
        f"  Pembeli:    {buyer_email} / {buyer_password} ({base_url}/)",
        f"  Operator desa ({counts['operator_villages']}): {operator_email} / "
        f"{operator_password} ({base_url}/cms/)",
        f"  Penjual ({counts['seller_profiles']} toko, semua dengan sandi "
        f"{counts['seller_logins'][0][1]}; dasbor {base_url}/dashboard/):",
        *(f"    {email}  ({shop})" for email, _password, shop in counts["seller_logins"][:3]),
        f"    ... dan {len(counts['seller_logins']) - 3} lainnya: <kode-toko>@"
        f"{sellers_demo.SELLER_EMAIL_DOMAIN}",
        "  Pendaftar toko:",
        *(
            f"    {email} / {password} ({shop})"
            for email, password, shop in counts["applicant_logins"]
        ),
    ]
    stdout.write("\n".join(lines))
