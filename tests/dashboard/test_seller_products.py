"""A seller manages their own products in the dashboard: a short form (no product type, no
partner to choose), photos checked by ``catalogue.images``, and a word on why a product is
not shown on the site."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from PIL import Image

from dashboard.catalogue.services import PRODUCT_CLASS_NAME, ProductInput, seller_product_save
from sellers.selectors import products_listed
from tests.sellers.factories import document_create

from .factories import jpeg_bytes, shop_create

Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def shop(db):
    return shop_create(
        name="Toko Arum Manis",
        email="arum-manis@penjual.test",
        products=[("Kopi Arabika Arum 200 g", "ARUM-001", 11111)],
    )


@pytest.fixture
def other_shop(db):
    return shop_create(
        name="Toko Bening Sari",
        email="bening-sari@penjual.test",
        products=[("Keripik Bening Pedas", "BENING-777", 77777)],
    )


@pytest.fixture
def seller(client, shop):
    client.force_login(shop.user)
    return client


def media_files(root) -> set[str]:
    """Stored files, leaving out thumbnails that pages make of photos already there."""
    files = {str(p.relative_to(root)) for p in Path(root).rglob("*") if p.is_file()}
    return {name for name in files if not name.startswith("cache/")}


def photo(name="kopi.jpg", content=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, content or jpeg_bytes((2400, 1800)), content_type=content_type)


def product_data(**overrides):
    data = {
        "title": "Gula Semut Aren 500 g",
        "description": "Gula aren bubuk dari Licin.",
        "category": str(create_from_breadcrumbs("Gula").pk),
        "price": "15.000",
        "num_in_stock": "7",
        "weight_grams": "550",
        "unit": "pack",
        "partner_sku": "",
        "is_public": "on",
        "action": "save",
    }
    data.update(overrides)
    return data


def create_url():
    return reverse(
        "dashboard:catalogue-product-create", kwargs={"product_class_slug": "produk-umkm"}
    )


def test_seller_skips_the_product_type_and_sees_the_short_form(seller, shop):
    response = seller.get(reverse("dashboard:catalogue-product-create"))
    assert response.status_code == 302
    form_page = seller.get(response["Location"])

    assert form_page.status_code == 200
    body = form_page.content.decode()
    for label in ("Nama produk", "Kategori", "Harga (Rp)", "Stok", "Berat kirim (gram)", "Satuan"):
        assert label in body
    assert 'name="image_1"' in body and 'enctype="multipart/form-data"' in body
    assert "partner" not in form_page.context["form"].fields
    assert "stockrecords-TOTAL_FORMS" not in body  # not Oscar's formsets


def test_seller_adds_a_product_with_a_photo_and_it_is_listed(seller, shop, client, media_root):
    response = seller.post(create_url(), product_data(image_1=photo()))

    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:catalogue-product-list")
    product = Product.objects.get(title="Gula Semut Aren 500 g")
    assert product.product_class.name == PRODUCT_CLASS_NAME
    assert product.product_class.requires_shipping and product.product_class.track_stock
    assert (product.weight_grams, product.unit, product.is_public) == (550, "pack", True)
    assert [c.name for c in product.categories.all()] == ["Gula"]
    stockrecord = product.stockrecords.get()
    assert stockrecord.partner == shop.partner
    assert stockrecord.price == 15000 and stockrecord.num_in_stock == 7
    assert stockrecord.partner_sku == f"KM-{product.pk}"
    image = product.images.get()
    stored = Path(media_root) / image.original.name
    with Image.open(stored) as img:
        assert img.format == "JPEG" and max(img.size) == 1600
    assert "kopi" not in image.original.name  # the seller's file name is not kept

    assert products_listed().filter(pk=product.pk).exists()
    storefront = client.get(shop.seller.get_absolute_url())
    assert "Gula Semut Aren 500 g" in storefront.content.decode()
    listing = seller.get(reverse("dashboard:catalogue-product-list"))
    assert "Gula Semut Aren 500 g" in listing.content.decode()
    assert "Rp15.000" in listing.content.decode()


def test_partner_sent_in_the_form_is_ignored(seller, shop, other_shop):
    data = product_data(partner=str(other_shop.partner.pk))
    data["stockrecords-0-partner"] = str(other_shop.partner.pk)

    seller.post(create_url(), data)

    stockrecord = Product.objects.get(title="Gula Semut Aren 500 g").stockrecords.get()
    assert stockrecord.partner == shop.partner


@pytest.mark.parametrize(
    "price, expected",
    [("15000", 15000), ("15.000", 15000), ("Rp 1.250.000", 1250000), ("15,000", 15000)],
)
def test_price_is_read_as_whole_rupiah(seller, price, expected):
    seller.post(create_url(), product_data(price=price))
    assert Product.objects.get(title="Gula Semut Aren 500 g").stockrecords.get().price == expected


@pytest.mark.parametrize("price", ["15.5", "15,50", "lima ribu", "-5000"])
def test_price_with_cents_or_words_is_refused(seller, price):
    response = seller.post(create_url(), product_data(price=price))

    assert response.status_code == 400
    assert "Tulis harga dalam Rupiah tanpa sen" in response.content.decode()
    assert not Product.objects.filter(title="Gula Semut Aren 500 g").exists()


def _encode(img, fmt) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt)
    return out.getvalue()


REFUSED_PHOTOS = {
    "bomb": (
        "bom.png",
        lambda: _encode(Image.new("1", (6000, 5000)), "PNG"),
        "paling banyak 25 megapiksel",
    ),
    "png-renamed-jpg": (
        "foto.jpg",
        lambda: _encode(Image.new("RGB", (40, 30), "red"), "PNG"),
        "Nama file tidak sesuai isinya",
    ),
    "9-mb": ("besar.jpg", lambda: jpeg_bytes() + b"\0" * (9 * 1024 * 1024), "paling besar 8 MB"),
    "gif": (
        "kucing.gif",
        lambda: _encode(Image.new("P", (40, 30)), "GIF"),
        "JPEG, PNG atau WebP",
    ),
}


@pytest.mark.parametrize("case", REFUSED_PHOTOS)
def test_refused_photo_says_why_and_leaves_nothing_behind(seller, shop, media_root, case):
    name, content, message = REFUSED_PHOTOS[case]
    before = media_files(media_root)
    product = shop.products[0]
    images_before = product.images.count()

    created = seller.post(create_url(), product_data(image_1=photo(name, content())))
    updated = seller.post(
        reverse("dashboard:catalogue-product", kwargs={"pk": product.pk}),
        product_data(title="Kopi Arabika Arum 200 g", image_2=photo(name, content())),
    )

    for response in (created, updated):
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Product.objects.filter(title="Gula Semut Aren 500 g").exists()
    assert product.images.count() == images_before
    assert media_files(media_root) == before


def test_refused_photo_beside_a_good_one_saves_neither(seller, media_root):
    before = media_files(media_root)
    gif = _encode(Image.new("P", (40, 30)), "GIF")

    response = seller.post(
        create_url(), product_data(image_1=photo(), image_2=photo("kucing.gif", gif))
    )

    assert response.status_code == 400
    assert ProductImage.objects.filter(product__title="Gula Semut Aren 500 g").count() == 0
    assert media_files(media_root) == before


def test_seller_edits_price_stock_and_photos(
    seller, shop, media_root, django_capture_on_commit_callbacks
):
    product = shop.products[0]
    old_image = shop.images[0]
    old_file = Path(media_root) / old_image.original.name
    assert old_file.exists()
    url = reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})

    form = seller.get(url)
    assert form.status_code == 200
    assert form.context["form"]["price"].value() == "11111"

    with django_capture_on_commit_callbacks(execute=True):
        response = seller.post(
            url,
            product_data(
                title="Kopi Arabika Arum 250 g",
                category=str(product.categories.get().pk),
                price="12.500",
                num_in_stock="3",
                partner_sku="ARUM-001",
                images_remove=[str(old_image.pk)],
                image_1=photo("baru.png", _encode(Image.new("RGBA", (50, 50)), "PNG"), "image/png"),
            ),
        )

    assert response.status_code == 302
    product.refresh_from_db()
    stockrecord = product.stockrecords.get()
    assert product.title == "Kopi Arabika Arum 250 g"
    assert (stockrecord.price, stockrecord.num_in_stock, stockrecord.partner_sku) == (
        12500,
        3,
        "ARUM-001",
    )
    assert [i.original.name.rsplit(".", 1)[1] for i in product.images.all()] == ["png"]
    assert not ProductImage.objects.filter(pk=old_image.pk).exists()
    assert not old_file.exists()


def test_stock_cannot_go_below_what_buyers_ordered(seller, shop):
    product = shop.products[0]
    stockrecord = product.stockrecords.get()
    stockrecord.num_allocated = 4
    stockrecord.save()

    response = seller.post(
        reverse("dashboard:catalogue-product", kwargs={"pk": product.pk}),
        product_data(title=product.title, num_in_stock="3"),
    )

    assert response.status_code == 400
    assert "sudah dipesan pembeli (4)" in response.content.decode()
    stockrecord.refresh_from_db()
    assert stockrecord.num_in_stock == 50


def test_sku_of_another_own_product_is_refused(seller, shop):
    response = seller.post(create_url(), product_data(partner_sku="ARUM-001"))

    assert response.status_code == 400
    assert "sudah dipakai produk Anda yang lain" in response.content.decode()


def test_product_list_shows_only_own_products(seller, shop, other_shop):
    body = seller.get(reverse("dashboard:catalogue-product-list")).content.decode()

    assert "Kopi Arabika Arum 200 g" in body
    assert "Keripik Bening Pedas" not in body


def test_dashboard_says_why_a_product_is_not_listed(seller, shop):
    processed = create_from_breadcrumbs("Makanan Olahan")
    processed.required_document = "pirt"
    processed.save()
    hidden = shop_create(
        name="Toko Arum Manis",
        email="arum-manis@penjual.test",
        products=[("Keripik Tempe Arum", "ARUM-003", 9000)],
    ).products[0]
    hidden.categories.set([processed])

    notice = "Produk di kategori Makanan Olahan tidak tampil: unggah PIRT yang masih berlaku."
    for name in ("dashboard:index", "dashboard:catalogue-product-list"):
        assert notice in seller.get(reverse(name)).content.decode()
    listing = seller.get(reverse("dashboard:catalogue-product-list")).content.decode()
    assert "Perlu PIRT yang masih berlaku" in listing
    assert not products_listed().filter(pk=hidden.pk).exists()

    # Uploaded but not yet checked by staff: the seller is told it is being checked.
    pending = document_create(seller=shop.seller, status="pending")
    waiting = "Produk di kategori Makanan Olahan belum tampil: PIRT yang Anda unggah sedang"
    assert waiting in seller.get(reverse("dashboard:index")).content.decode()
    listing = seller.get(reverse("dashboard:catalogue-product-list")).content.decode()
    assert "Menunggu pemeriksaan PIRT oleh staf dinas" in listing
    assert not products_listed().filter(pk=hidden.pk).exists()
    pending.delete()

    document_create(seller=shop.seller)

    assert notice not in seller.get(reverse("dashboard:index")).content.decode()
    assert products_listed().filter(pk=hidden.pk).exists()


def test_hidden_product_is_marked_as_hidden(seller, shop):
    product = shop.products[0]
    product.is_public = False
    product.save()

    listing = seller.get(reverse("dashboard:catalogue-product-list")).content.decode()

    assert "Disembunyikan oleh Anda" in listing


def test_product_stocked_by_two_shops_is_left_to_staff(seller, shop, other_shop, client):
    shared = other_shop.products[0]
    StockRecord.objects.create(
        product=shared, partner=shop.partner, partner_sku="ARUM-900", price=1000, num_in_stock=1
    )
    for name in ("dashboard:catalogue-product", "dashboard:catalogue-product-delete"):
        url = reverse(name, kwargs={"pk": shared.pk})
        assert seller.get(url).status_code == 404
        assert seller.post(url, product_data(title="Diambil alih")).status_code == 404
    shared.refresh_from_db()
    assert shared.title == "Keripik Bening Pedas"


def test_seller_deletes_own_product(seller, shop):
    product = shop.products[0]

    response = seller.post(reverse("dashboard:catalogue-product-delete", kwargs={"pk": product.pk}))

    assert response.status_code == 302
    assert not Product.objects.filter(pk=product.pk).exists()


def test_staff_keep_oscars_product_form(client, shop, django_user_model):
    staff = django_user_model.objects.create_superuser("staf", "staf@dinas.test", "staf-123")
    client.force_login(staff)

    response = client.get(
        reverse("dashboard:catalogue-product", kwargs={"pk": shop.products[0].pk})
    )

    assert response.status_code == 200
    assert "stockrecords-TOTAL_FORMS" in response.content.decode()


def test_bulk_action_reaches_own_products_only(seller, shop, other_shop):
    own, foreign = shop.products[0], other_shop.products[0]
    StockRecord.objects.create(
        product=foreign, partner=shop.partner, partner_sku="ARUM-900", price=1000, num_in_stock=1
    )

    response = seller.post(
        reverse("dashboard:catalogue-product-list"),
        {"action": "make_products_non_public", "selected_product": [own.pk, foreign.pk]},
    )
    assert response.status_code == 302
    confirm_url = response["Location"]
    confirm = seller.get(confirm_url)
    assert confirm.status_code == 200
    assert own.title in confirm.content.decode()
    assert foreign.title not in confirm.content.decode()

    refused = seller.post(confirm_url, {"selected_products": [foreign.pk]})
    assert refused.status_code == 200  # the form again, with an error
    done = seller.post(confirm_url, {"selected_products": [own.pk], "select_all_standalones": "on"})

    assert done.status_code == 302
    own.refresh_from_db()
    foreign.refresh_from_db()
    assert own.is_public is False
    assert foreign.is_public is True


def test_product_service_refuses_another_sellers_product(shop, other_shop):
    with pytest.raises(PermissionDenied):
        seller_product_save(
            seller=shop.seller,
            product=other_shop.products[0],
            data=ProductInput(
                title="Diambil alih",
                description="",
                category=create_from_breadcrumbs("Gula"),
                price=1000,
                num_in_stock=1,
                weight_grams=100,
                unit="pcs",
            ),
        )
    assert Product.objects.get(pk=other_shop.products[0].pk).title == "Keripik Bening Pedas"


def test_staff_photo_uploads_are_checked_too(client, shop, django_user_model, media_root):
    staff = django_user_model.objects.create_superuser("staf", "staf@dinas.test", "staf-123")
    client.force_login(staff)
    product = shop.products[0]
    url = reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})
    page = client.get(url)
    form = page.context["form"]
    data = {name: field.value() or "" for name, field in ((f.html_name, f) for f in form)}
    for formset in (
        "category_formset",
        "image_formset",
        "recommended_formset",
        "stockrecord_formset",
    ):
        management = page.context[formset].management_form
        data.update({f.html_name: f.value() for f in management})
        for sub in page.context[formset].forms:
            data.update({f.html_name: f.value() if f.value() is not None else "" for f in sub})
    before = media_files(media_root)
    gif = _encode(Image.new("P", (40, 30)), "GIF")
    data["images-1-original"] = photo("kucing.gif", gif)

    response = client.post(url, data)

    assert response.status_code == 200
    assert "JPEG, PNG atau WebP" in response.content.decode()
    assert product.images.count() == 1
    assert media_files(media_root) == before


@pytest.mark.parametrize("who", ["seller", "staff"])
@pytest.mark.parametrize(
    ("query", "first_page"),
    [
        ("page=abc", True),
        ("page=0", True),
        ("page=-1", True),
        ("page=1.5", True),
        ("page=٣", True),
        ("page=" + "9" * 40, True),
        ("page_limit=-1", True),
        ("page_limit=abc", True),
        ("page_limit=0", True),
        ("page=2", False),
        ("page=99999999999999999", False),
        ("initial=abc", False),
    ],
)
def test_product_lookup_answers_odd_page_numbers_with_a_page(
    client, shop, other_shop, django_user_model, who, query, first_page
):
    if who == "staff":
        client.force_login(django_user_model.objects.create_superuser("staf", "s@d.test", "x"))
        titles = {"Kopi Arabika Arum 200 g", "Keripik Bening Pedas"}
    else:
        client.force_login(shop.user)
        titles = {"Kopi Arabika Arum 200 g"}

    response = client.get(f"{reverse('dashboard:catalogue-product-lookup')}?{query}")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    found = {result["text"] for result in response.json()["results"]}
    assert found == (titles if first_page else set())
    assert response.json()["pagination"] == {"more": False}


def test_product_lookup_leaves_out_initial_ids_that_are_not_numbers(seller, shop, other_shop):
    own, foreign = shop.products[0], other_shop.products[0]
    url = reverse("dashboard:catalogue-product-lookup")

    response = seller.get(f"{url}?initial={own.pk},abc,{foreign.pk},-1")

    assert response.status_code == 200
    assert [result["id"] for result in response.json()["results"]] == [own.pk]
