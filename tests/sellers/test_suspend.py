"""District staff suspend a seller from the back office (a reason is required): the shop's
products leave its storefront and search; reinstating brings them back."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from oscar.core.loading import get_model

from sellers.models import Seller
from tests.catalogue.factories import product_for_sale
from tests.sellers.factories import document_create, seller_create

from .applying import (
    operator_create,
    private_root,  # noqa: F401
    staff_create,
)

pytestmark = pytest.mark.django_db

Notification = get_model("communication", "Notification")


@pytest.fixture
def shop(wagtail_site):
    product = product_for_sale(title="Kopi Robusta Glenmore 250 g", shop="Kopi Lereng Ijen")
    return Seller.objects.get(partner=product.stockrecords.get().partner)


def detail(seller) -> str:
    return reverse("sellers_sellers:detail", args=[seller.pk])


def shows_product(client, seller) -> tuple[bool, bool]:
    storefront = client.get(seller.get_absolute_url()).content.decode()
    search = client.get("/search/", {"q": "glenmore"}).content.decode()
    return "Kopi Robusta Glenmore" in storefront, "Kopi Robusta Glenmore" in search


def test_suspend_hides_products_and_reinstate_brings_them_back(
    client, shop, django_capture_on_commit_callbacks
):
    staff = staff_create()
    assert shows_product(client, shop) == (True, True)

    client.force_login(staff)
    listing = client.get(reverse("sellers_sellers:index")).content.decode()
    assert "Kopi Lereng Ijen" in listing
    page = client.get(detail(shop))
    assert page.status_code == 200 and "Tangguhkan" in page.content.decode()

    # Without a reason: refused, nothing changes.
    refused = client.post(detail(shop), {"action": "suspend", "reason": ""})
    assert refused.status_code == 200
    assert "Tuliskan alasannya" in refused.content.decode()
    shop.refresh_from_db()
    assert shop.is_active and not mail.outbox

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail(shop),
            {"action": "suspend", "reason": "Laporan pembeli: barang tidak sesuai foto."},
            follow=True,
        )
    assert "ditangguhkan" in response.content.decode()
    shop.refresh_from_db()
    assert shop.status == Seller.Status.SUSPENDED
    assert shop.suspended_reason == "Laporan pembeli: barang tidak sesuai foto."
    assert "barang tidak sesuai foto" in mail.outbox[-1].body
    assert mail.outbox[-1].to == [shop.user.email]
    assert Notification.objects.filter(recipient=shop.user, subject__contains="ditangguhkan")

    # Suspending again is refused: the first reason and date stay, no second email.
    sent, suspended_at = len(mail.outbox), shop.suspended_at
    again = client.post(detail(shop), {"action": "suspend", "reason": "Lagi"}, follow=True)
    assert "sudah ditangguhkan" in again.content.decode()
    shop.refresh_from_db()
    assert shop.suspended_reason.startswith("Laporan") and shop.suspended_at == suspended_at
    assert len(mail.outbox) == sent

    client.logout()
    assert shows_product(client, shop) == (False, False)

    # The status filter finds it among the suspended.
    client.force_login(staff)
    suspended = client.get(reverse("sellers_sellers:index"), {"status": "suspended"})
    active = client.get(reverse("sellers_sellers:index"), {"status": "active"})
    assert "Kopi Lereng Ijen" in suspended.content.decode()
    assert "Kopi Lereng Ijen" not in active.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail(shop), {"action": "reinstate"}, follow=True)
    assert "dicabut" in response.content.decode()
    shop.refresh_from_db()
    assert shop.is_active and shop.suspended_reason == ""
    assert "aktif kembali" in mail.outbox[-1].subject
    client.logout()
    assert shows_product(client, shop) == (True, True)


def test_only_staff_reach_sellers(client, shop):
    operator = operator_create("operator_a", shop.village)
    client.force_login(operator)
    # Into the back office, but not to sellers: the list is refused, a seller is not found.
    listing = client.get(reverse("sellers_sellers:index"))
    assert listing.status_code == 302 and listing["Location"] == reverse("wagtailadmin_home")
    assert client.get(detail(shop)).status_code == 404
    assert client.post(detail(shop), {"action": "suspend", "reason": "x"}).status_code == 404
    # The seller is not let into the back office at all.
    client.force_login(shop.user)
    for url in (reverse("sellers_sellers:index"), detail(shop)):
        response = client.post(url, {"action": "suspend", "reason": "x"})
        assert response["Location"].startswith(reverse("wagtailadmin_login"))
    shop.refresh_from_db()
    assert shop.is_active


def test_suspended_seller_sees_why_on_their_status_page(client, shop):
    staff = staff_create()
    client.force_login(staff)
    client.post(detail(shop), {"action": "suspend", "reason": "Dokumen palsu."})
    client.force_login(shop.user)
    html = client.get(reverse("sellers:apply-status")).content.decode()
    assert "ditangguhkan" in html and "Dokumen palsu." in html


def test_staff_download_a_sellers_document(client, shop):
    document = document_create(seller=shop)
    url = reverse("sellers_sellers:document", args=[shop.pk, document.pk])
    client.force_login(operator_create("operator_a", shop.village))
    refused = client.get(url)
    assert refused.status_code == 302 and refused["Location"] == reverse("wagtailadmin_home")
    client.force_login(staff_create())
    page = client.get(detail(shop)).content.decode()
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    # Another shop's document is not found under this shop's address.
    other = document_create(seller=seller_create(name="Batik Sekar Arum"))
    mixed = reverse("sellers_sellers:document", args=[shop.pk, other.pk])
    assert client.get(mixed).status_code == 404


def test_staff_verify_or_reject_a_document_the_seller_added(
    client, shop, django_capture_on_commit_callbacks
):
    from sellers.choices import DocumentStatus

    halal = document_create(
        seller=shop, kind="halal", number="ID-HALAL-1", status=DocumentStatus.PENDING
    )
    pirt = document_create(
        seller=shop, kind="pirt", number="P-IRT-1", status=DocumentStatus.PENDING
    )
    staff = staff_create()
    client.force_login(staff)

    # The listing shows which shops have documents to check.
    waiting = client.get(
        reverse("sellers_sellers:index"), {"documents": "waiting"}
    ).content.decode()
    assert "Kopi Lereng Ijen" in waiting
    other = seller_create(name="Batik Sekar Arum")
    assert "Batik Sekar Arum" not in waiting
    assert "Batik Sekar Arum" in client.get(reverse("sellers_sellers:index")).content.decode()

    page = client.get(detail(shop)).content.decode()
    assert "Verifikasi dokumen" in page and "Menunggu pemeriksaan" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail(shop), {"action": "verify_document", "document": halal.pk}, follow=True
        )
    assert "terverifikasi" in response.content.decode()
    halal.refresh_from_db()
    assert halal.status == DocumentStatus.VERIFIED and halal.reviewed_by == staff
    assert 'data-badge="halal"' in client.get(shop.get_absolute_url()).content.decode()
    assert "terverifikasi" in mail.outbox[-1].subject

    # Checked once only; a reason is needed to refuse; another shop's document is not found.
    again = client.post(
        detail(shop), {"action": "verify_document", "document": halal.pk}, follow=True
    )
    assert "sudah diperiksa" in again.content.decode()
    blank = client.post(
        detail(shop), {"action": "reject_document", "document": pirt.pk, "reason": " "}
    )
    assert blank.status_code == 200 and "Tuliskan alasannya" in blank.content.decode()
    foreign = document_create(seller=other, status=DocumentStatus.PENDING)
    for value in (foreign.pk, "x", "²", ""):
        response = client.post(detail(shop), {"action": "verify_document", "document": value})
        assert response.status_code == 404, value
    foreign.refresh_from_db()
    assert foreign.status == DocumentStatus.PENDING

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            detail(shop),
            {"action": "reject_document", "document": pirt.pk, "reason": "Nomornya tidak terbaca."},
        )
    pirt.refresh_from_db()
    assert pirt.status == DocumentStatus.REJECTED
    assert pirt.rejection_reason == "Nomornya tidak terbaca."
    assert "Nomornya tidak terbaca." in mail.outbox[-1].body
    client.force_login(shop.user)
    settings_page = client.get(reverse("sellers:settings")).content.decode()
    assert 'data-status="rejected"' in settings_page and "Nomornya tidak terbaca." in settings_page


def test_an_operator_cannot_verify_documents(client, shop):
    from sellers.choices import DocumentStatus
    from sellers.services import document_verify

    document = document_create(seller=shop, status=DocumentStatus.PENDING)
    operator = operator_create("operator_a", shop.village)
    with pytest.raises(PermissionDenied):
        document_verify(document=document, reviewed_by=operator)
    client.force_login(operator)
    response = client.post(detail(shop), {"action": "verify_document", "document": document.pk})
    assert response.status_code == 404
    document.refresh_from_db()
    assert document.status == DocumentStatus.PENDING
