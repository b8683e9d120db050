"""Reviews from completed orders: only the buyer of a completed order reviews its shop and
products, once each, editable for 30 days; the seller replies once; staff hide with a
reason (the reviewer is told) and the figures follow every change in the same write."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from catalogue.reviews.models import ProductReview, Review, SellerReview
from catalogue.reviews.services import (
    ReviewInput,
    ReviewRefused,
    review_hide,
    review_reply,
    review_save,
    review_show,
)
from sellers.models import Seller
from tests.catalogue.factories import product_for_sale
from tests.dashboard.factories import buyer_create, jpeg_bytes, order_place

Notification = get_model("communication", "Notification")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def site(wagtail_site):
    return wagtail_site


@pytest.fixture
def kopi():
    return product_for_sale(title="Kopi Robusta Lereng Ijen 250 g", price=45000)


@pytest.fixture
def buyer():
    return buyer_create(first_name="Dewi", last_name="Lestari", email="dewi@pembeli.test")


def shop_of(product) -> Seller:
    return product.stockrecords.get().partner.seller


def order_for(buyer, *products, complete: bool = True):
    order = order_place(
        items=[(p, 1) for p in products], buyer=buyer, phone="+6281211110001", street="Jl. A"
    )
    order.seller = shop_of(products[0])
    if complete:
        order.status = "Selesai"
        order.completed_at = timezone.now()
    order.save()
    return order


def review_url(order) -> str:
    return reverse("customer:order-review", kwargs={"order_number": order.number})


def figures(rated) -> dict[int, int]:
    rated.refresh_from_db()
    return rated.rating_distribution


def test_only_the_buyer_of_a_completed_order_may_review(client, kopi, buyer):
    pending = order_for(buyer, kopi, complete=False)
    assert client.get(review_url(pending)).status_code == 302, "signed out: to the login"
    client.force_login(buyer)
    page = client.get(review_url(pending)).content.decode()
    assert "setelah pesanan selesai" in page
    assert client.post(review_url(pending), {"seller-score": "5"}).status_code == 403
    other = buyer_create(first_name="Rudi", last_name="", email="rudi@pembeli.test")
    theirs = order_for(other, kopi)
    assert client.get(review_url(theirs)).status_code == 404
    with pytest.raises(PermissionDenied):
        review_save(user=buyer, order=theirs, target=kopi, data=ReviewInput(score=5))
    assert not ProductReview.objects.exists() and not SellerReview.objects.exists()


def test_a_buyer_reviews_the_shop_and_each_product_once(client, kopi, buyer):
    order = order_for(buyer, kopi)
    client.force_login(buyer)
    assert 'data-testid="write-review"' in client.get(kopi.get_absolute_url()).content.decode()
    data = {
        "seller-score": "5",
        "seller-body": "Penjual ramah, kemasan rapi.",
        f"p{kopi.pk}-score": "4",
        f"p{kopi.pk}-body": "Harum, agak asam.",
    }
    assert client.post(review_url(order), data).status_code == 302
    assert client.post(review_url(order), data).status_code == 302, "the same again"
    again = {**data, f"p{kopi.pk}-score": "3"}
    assert client.post(review_url(order), again).status_code == 302, "an edit"
    assert ProductReview.objects.get(user=buyer, product=kopi).score == 3
    assert SellerReview.objects.filter(user=buyer).count() == 1
    assert ProductReview.objects.filter(user=buyer).count() == 1
    assert figures(kopi) == {5: 0, 4: 0, 3: 1, 2: 0, 1: 0}
    assert figures(shop_of(kopi))[5] == 1
    kopi.refresh_from_db()
    assert kopi.rating == 3.0  # Oscar's own field follows
    page = Client().get(kopi.get_absolute_url()).content.decode()
    assert "Harum, agak asam." in page and "Dewi L." in page and "dewi@" not in page
    card = Client().get("/search/?q=robusta").content.decode()
    assert 'data-testid="card-rating"' in card, "the listing has the rating (reindexed)"
    shop = Client().get(shop_of(kopi).get_absolute_url()).content.decode()
    assert "Penjual ramah, kemasan rapi." in shop and 'data-testid="shop-rating"' in shop
    assert 'data-testid="write-review"' not in client.get(kopi.get_absolute_url()).content.decode()


def test_edits_close_after_30_days(kopi, buyer):
    order = order_for(buyer, kopi)
    review_save(user=buyer, order=order, target=kopi, data=ReviewInput(score=5, body="Enak"))
    later = timezone.now() + dt.timedelta(days=31)
    with pytest.raises(ReviewRefused):
        review_save(user=buyer, order=order, target=kopi, data=ReviewInput(score=1), now=later)
    assert ProductReview.objects.get().score == 5


@pytest.mark.parametrize(
    "data",
    [
        {"seller-score": "abc"},
        {"seller-score": "99999999999999999999"},
        {"seller-score": "0"},
        {"seller-body": "Tanpa bintang"},
        {"seller-score": "5"},  # a shop review needs words
    ],
)
def test_bad_input_is_a_page_with_the_reason_and_saves_nothing(client, kopi, buyer, data):
    order = order_for(buyer, kopi)
    client.force_login(buyer)
    # A valid product part beside the bad one: nothing of the form is saved.
    response = client.post(review_url(order), {**data, f"p{kopi.pk}-score": "5"})
    assert response.status_code == 200
    assert 'class="error"' in response.content.decode()
    assert not ProductReview.objects.exists() and not SellerReview.objects.exists()


def test_a_rejected_photo_leaves_no_file_and_a_good_one_is_kept(client, kopi, buyer, settings):
    from pathlib import Path

    order = order_for(buyer, kopi)
    client.force_login(buyer)
    reviews_dir = Path(settings.MEDIA_ROOT) / "reviews"
    before = set(reviews_dir.rglob("*")) if reviews_dir.exists() else set()
    bad = ContentFile(b"<?php echo 1; ?>", name="foto.jpg")
    response = client.post(review_url(order), {f"p{kopi.pk}-score": "4", f"p{kopi.pk}-photo": bad})
    assert response.status_code == 200 and not ProductReview.objects.exists()
    after = set(reviews_dir.rglob("*")) if reviews_dir.exists() else set()
    assert after == before
    good = ContentFile(jpeg_bytes(size=(800, 600)), name="kopi.jpg")
    client.post(review_url(order), {f"p{kopi.pk}-score": "4", f"p{kopi.pk}-photo": good})
    review = ProductReview.objects.get()
    assert review.photo and Path(review.photo.path).exists()
    assert review.photo.url in Client().get(kopi.get_absolute_url()).content.decode()


def test_the_seller_replies_once_and_nobody_else_can(kopi, buyer):
    order = order_for(buyer, kopi)
    review = review_save(
        user=buyer, order=order, target=shop_of(kopi), data=ReviewInput(score=2, body="Lama")
    )
    other_shop = shop_of(product_for_sale(title="Batik Cap", category="Batik", shop="Sekar"))
    with pytest.raises(PermissionDenied):
        review_reply(review=review, user=other_shop.user, text="Bukan toko saya")
    seller = shop_of(kopi).user
    review_reply(review=review, user=seller, text="Maaf, kurir terlambat.")
    review_reply(review=review, user=seller, text="Maaf, kurir terlambat.")  # the same again
    with pytest.raises(ReviewRefused):
        review_reply(review=review, user=seller, text="Balasan kedua")
    review.refresh_from_db()
    assert review.reply == "Maaf, kurir terlambat."
    assert Notification.objects.filter(recipient=buyer, subject__contains="membalas").exists()
    page = Client().get(shop_of(kopi).get_absolute_url()).content.decode()
    assert "Maaf, kurir terlambat." in page


def test_staff_hide_with_a_reason_the_reviewer_is_told_and_figures_follow(
    kopi, buyer, django_user_model
):
    order = order_for(buyer, kopi)
    review = review_save(
        user=buyer, order=order, target=kopi, data=ReviewInput(score=1, body="Nomor HP penjual …")
    )
    staff = django_user_model.objects.create_user("dinas", is_staff=True)
    with pytest.raises(PermissionDenied):
        review_hide(review=review, user=buyer, reason="x")
    with pytest.raises(ReviewRefused):
        review_hide(review=review, user=staff, reason="  ")
    mail.outbox.clear()
    review_hide(review=review, user=staff, reason="Memuat data pribadi.")
    review.refresh_from_db()
    assert review.visibility == Review.Visibility.HIDDEN and ProductReview.objects.exists()
    assert figures(kopi) == {5: 0, 4: 0, 3: 0, 2: 0, 1: 0}
    assert "Memuat data pribadi." in Notification.objects.filter(recipient=buyer).last().body
    assert "Nomor HP penjual" not in Client().get(kopi.get_absolute_url()).content.decode()
    review_show(review=review, user=staff)
    assert figures(kopi)[1] == 1


def test_figures_always_match_the_reviews_after_edits_and_hiding(kopi, django_user_model):
    staff = django_user_model.objects.create_user("dinas", is_staff=True)
    rng = random.Random(20261204)
    reviews = []
    for n in range(12):
        buyer = buyer_create(first_name=f"B{n}", last_name="", email=f"b{n}@pembeli.test")
        order = order_for(buyer, kopi)
        reviews.append(
            review_save(
                user=buyer, order=order, target=kopi, data=ReviewInput(score=rng.randint(1, 5))
            )
        )
    for review in rng.sample(reviews, 5):
        review_save(
            user=review.user,
            order=review.order,
            target=kopi,
            data=ReviewInput(score=rng.randint(1, 5), body="diubah"),
        )
    for review in rng.sample(reviews, 4):
        review_hide(review=review, user=staff, reason="uji")
    shown = ProductReview.objects.filter(product=kopi, visibility=Review.Visibility.SHOWN)
    expected = {n: shown.filter(score=n).count() for n in range(5, 0, -1)}
    assert figures(kopi) == expected
    kopi.refresh_from_db()
    total = sum(n * c for n, c in expected.items())
    assert kopi.rating_average == round(total / sum(expected.values()), 1)


def test_a_seller_sees_and_answers_only_their_own_reviews(kopi, buyer):
    order = order_for(buyer, kopi)
    review = review_save(
        user=buyer, order=order, target=shop_of(kopi), data=ReviewInput(score=4, body="Bagus")
    )
    other_shop = shop_of(product_for_sale(title="Batik Cap", category="Batik", shop="Sekar"))
    from sellers.services import dashboard_access_grant

    dashboard_access_grant(other_shop.user)
    dashboard_access_grant(shop_of(kopi).user)
    other = Client()
    other.force_login(other_shop.user)
    assert "Bagus" not in other.get(reverse("dashboard:shop-reviews")).content.decode()
    reply = reverse("dashboard:shop-review-shop-reply", kwargs={"pk": review.pk})
    assert other.post(reply, {"text": "Bukan saya"}).status_code == 404
    own = Client()
    own.force_login(shop_of(kopi).user)
    page = own.get(reverse("dashboard:shop-reviews")).content.decode()
    assert "Bagus" in page
    assert own.post(reply, {"text": "Terima kasih!"}).status_code == 302
    review.refresh_from_db()
    assert review.reply == "Terima kasih!"
    assert "Terima kasih!" in Client().get(shop_of(kopi).get_absolute_url()).content.decode()


def test_one_reminder_per_completed_order(kopi, buyer, django_capture_on_commit_callbacks):
    from catalogue.reviews.services import reminders_send

    due = order_for(buyer, kopi)
    fresh = order_for(buyer, kopi)
    reviewed = order_for(buyer, kopi)
    now = timezone.now()
    type(due).objects.filter(pk__in=[due.pk, reviewed.pk]).update(
        completed_at=now - dt.timedelta(days=4)
    )
    review_save(user=buyer, order=reviewed, target=shop_of(kopi), data=ReviewInput(5, "Oke"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=now) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders_send(now=now) == 0, "once per order"
    assert len(mail.outbox) == 1
    assert str(due.number) in mail.outbox[0].subject
    assert f"/accounts/orders/{due.number}/review/" in mail.outbox[0].body
    assert str(fresh.number) not in mail.outbox[0].subject


def test_the_staff_review_search_takes_any_text(client, kopi, buyer, django_user_model):
    order = order_for(buyer, kopi)
    review_save(user=buyer, order=order, target=kopi, data=ReviewInput(score=4, body="Harum"))
    client.force_login(django_user_model.objects.create_superuser("dinas", "dinas@uji.test", "x"))
    for q in ("harum", "a\x00b", "'; DROP TABLE", "😀" * 200):
        response = client.get(reverse("dashboard:reviews-list"), {"q": q, "status": "x\x00"})
        assert response.status_code == 200, repr(q)
    assert "Harum" in client.get(reverse("dashboard:reviews-list"), {"q": "harum"}).content.decode()
