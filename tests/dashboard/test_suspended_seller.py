"""A suspended seller's dashboard is read-only: every change is refused with a page that
says the shop is suspended and why, and every page carries the notice."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from dashboard.catalogue.services import ProductInput, seller_product_save
from sellers.services import seller_suspend

Product = get_model("catalogue", "Product")

REASON = "Laporan pembeli: barang tidak sesuai foto."


@pytest.fixture
def suspended(world):
    seller_suspend(seller=world.a.seller, suspended_by=world.staff, reason=REASON)
    world.a.seller.refresh_from_db()
    return world


def test_pages_open_with_the_suspension_notice(seller_client, suspended):
    for name in ("dashboard:index", "dashboard:catalogue-product-list", "dashboard:order-list"):
        response = seller_client.get(reverse(name))
        assert response.status_code == 200
        body = response.content.decode()
        assert "Toko Anda ditangguhkan." in body and REASON in body


def test_product_changes_are_refused(seller_client, suspended, media_root):
    product = suspended.a.products[0]
    category = create_from_breadcrumbs("Gula")
    data = {
        "title": "Diubah",
        "category": category.pk,
        "price": "1000",
        "num_in_stock": "1",
        "weight_grams": "100",
        "unit": "pcs",
    }
    urls = [
        reverse("dashboard:catalogue-product-create", kwargs={"product_class_slug": "produk-umkm"}),
        reverse("dashboard:catalogue-product", kwargs={"pk": product.pk}),
        reverse("dashboard:catalogue-product-delete", kwargs={"pk": product.pk}),
        reverse("dashboard:catalogue-product-list"),
    ]
    for url in urls:
        response = seller_client.post(url, data)
        assert response.status_code == 403, url
        body = response.content.decode()
        assert "sedang ditangguhkan" in body and REASON in body

    product.refresh_from_db()
    assert product.title == "Kopi Arabika Arum 200 g"
    assert not Product.objects.filter(title="Diubah").exists()


def test_line_status_changes_are_refused(seller_client, suspended, status_pipelines):
    own = suspended.a.lines(suspended.mixed)[0]

    response = seller_client.post(
        reverse("dashboard:order-detail", kwargs={"number": "M-9903"}),
        {
            "line_action": "change_line_statuses",
            "selected_line": [own.pk],
            f"selected_line_qty_{own.pk}": "1",
            "new_status": "Diproses",
        },
    )

    assert response.status_code == 403
    own.refresh_from_db()
    assert own.status == "Baru"


def test_suspended_seller_can_still_sign_out(seller_client, suspended):
    response = seller_client.post(reverse("dashboard:logout"))

    assert response.status_code == 302
    assert seller_client.get(reverse("dashboard:index")).status_code == 302


def test_the_product_service_refuses_a_suspended_shop_too(suspended):
    with pytest.raises(PermissionDenied):
        seller_product_save(
            seller=suspended.a.seller,
            product=suspended.a.products[0],
            data=ProductInput(
                title="Diubah",
                description="",
                category=create_from_breadcrumbs("Gula"),
                price=1000,
                num_in_stock=1,
                weight_grams=100,
                unit="pcs",
            ),
        )


def test_active_sellers_are_not_affected(seller_client, world):
    product = world.a.products[0]

    response = seller_client.post(
        reverse("dashboard:catalogue-product-delete", kwargs={"pk": product.pk})
    )

    assert response.status_code == 302
    assert not Product.objects.filter(pk=product.pk).exists()


def test_buyers_still_see_their_open_orders_with_the_suspended_shop(client, suspended):
    """Suspension hides the shop's products, not what buyers have already ordered from it."""
    order = suspended.mixed
    client.force_login(order.user)

    listing = client.get(reverse("customer:order-list")).content.decode()
    detail = client.get(reverse("customer:order", kwargs={"order_number": order.number}))

    assert order.number in listing
    assert detail.status_code == 200
    for line in suspended.a.lines(order):
        assert line.title in detail.content.decode()


def test_staff_see_the_open_orders_a_suspended_shop_leaves_behind(client, suspended):
    from sellers.selectors import seller_open_orders

    shop = suspended.a.seller
    assert seller_open_orders(seller=shop) == 2  # its own order and the mixed one
    client.force_login(suspended.staff)
    page = client.get(reverse("sellers_sellers:detail", args=[shop.pk])).content.decode()
    assert "masih punya 2 pesanan yang belum selesai" not in page  # shown before suspending
    assert "2 pesanan toko ini belum selesai" in page
    assert reverse("dashboard:order-list") in page

    # Before suspending a shop, staff are told what it still has to ship.
    active = client.get(reverse("sellers_sellers:detail", args=[suspended.b.seller.pk]))
    assert "masih punya 2 pesanan yang belum selesai" in active.content.decode()

    for line in suspended.a.lines():
        line.status = "Diterima"
        line.save()
    assert seller_open_orders(seller=shop) == 0
