"""The daily document check (Celery beat): a reminder 30 days before a document expires and
a notice when it has expired, each once per document, on the site and by email."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection
from oscar.core.loading import get_model

from marketplace.celery import app
from sellers.models import EXPIRY_REMINDER_DAYS, Seller, SellerDocument
from sellers.services import documents_check
from sellers.tasks import documents_check as documents_check_task
from tests.catalogue.factories import product_for_sale
from tests.concurrency import at_once
from tests.sellers.factories import document_create

pytestmark = pytest.mark.django_db

Category = get_model("catalogue", "Category")
Notification = get_model("communication", "Notification")

TODAY = dt.date(2025, 6, 2)
FOOD = "Kuliner & Camilan > Keripik"


@pytest.fixture
def shop():
    for title in ("Keripik Tempe", "Keripik Singkong", "Keripik Pisang"):
        product = product_for_sale(title=title, category=FOOD, shop="Bu Sri")
    product_for_sale(title="Kopi Bubuk Bu Sri", category="Kopi", shop="Bu Sri")
    Category.objects.filter(name="Kuliner & Camilan").update(required_document="pirt")
    return Seller.objects.get(partner=product.stockrecords.get().partner)


def run(capture, today=TODAY) -> dict:
    with capture(execute=True):
        return documents_check(today=today)


def test_a_reminder_goes_out_once_30_days_before_expiry(shop, django_capture_on_commit_callbacks):
    expires = TODAY + dt.timedelta(days=EXPIRY_REMINDER_DAYS)
    pirt = document_create(seller=shop, kind="pirt", number="P-IRT 206", expires_on=expires)
    document_create(seller=shop, kind="halal", expires_on=expires + dt.timedelta(days=1))

    assert run(django_capture_on_commit_callbacks) == {"reminded": 1, "expired": 0}

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [shop.user.email]
    assert message.subject == "Dokumen PIRT toko Bu Sri segera berakhir"
    assert "P-IRT 206" in message.body and "2 Juli 2025 (30 hari lagi)" in message.body
    assert "lencana PIRT hilang" in message.body
    assert "3 produk Anda memerlukan dokumen ini" in message.body
    assert "/shops/mine/" in message.body
    notification = Notification.objects.get(recipient=shop.user)
    assert notification.subject == message.subject
    pirt.refresh_from_db()
    assert pirt.reminder_sent_on == TODAY

    # Again the same day, and on the following days: nothing new.
    assert run(django_capture_on_commit_callbacks) == {"reminded": 0, "expired": 0}
    run(django_capture_on_commit_callbacks, TODAY + dt.timedelta(days=1))
    assert len(mail.outbox) == 2, "only the halal certificate, now 30 days from expiry"
    assert "Sertifikat halal" in mail.outbox[1].body


def test_an_expired_document_is_reported_once_with_the_products_it_hides(
    shop, django_capture_on_commit_callbacks
):
    pirt = document_create(seller=shop, kind="pirt", number="P-IRT 7", expires_on=TODAY)

    assert run(django_capture_on_commit_callbacks)["expired"] == 0, "still valid today"
    mail.outbox.clear()

    later = TODAY + dt.timedelta(days=1)
    assert run(django_capture_on_commit_callbacks, later) == {"reminded": 0, "expired": 1}
    assert run(django_capture_on_commit_callbacks, later) == {"reminded": 0, "expired": 0}
    run(django_capture_on_commit_callbacks, later + dt.timedelta(days=1))

    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "Dokumen PIRT toko Bu Sri sudah tidak berlaku"
    assert "P-IRT 7" in body and "tidak berlaku sejak 3 Juni 2025" in body
    assert "Lencana PIRT tidak lagi tampil di toko Anda." in body
    for title in ("Keripik Pisang", "Keripik Singkong", "Keripik Tempe"):
        assert f"- {title}" in body
    assert "Kopi Bubuk" not in body
    pirt.refresh_from_db()
    assert pirt.expiry_notified_on == later


def test_a_renewed_document_sends_nothing(shop, django_capture_on_commit_callbacks):
    old = document_create(seller=shop, kind="pirt", expires_on=TODAY - dt.timedelta(days=1))
    document_create(seller=shop, kind="pirt", expires_on=TODAY + dt.timedelta(days=700))
    soon = document_create(seller=shop, kind="halal", expires_on=TODAY + dt.timedelta(days=5))
    document_create(seller=shop, kind="halal", expires_on=TODAY + dt.timedelta(days=400))

    assert run(django_capture_on_commit_callbacks) == {"reminded": 0, "expired": 0}

    assert mail.outbox == []
    old.refresh_from_db()
    soon.refresh_from_db()
    assert old.expiry_notified_on == TODAY and soon.reminder_sent_on == TODAY


def test_documents_of_applications_are_left_alone(shop, django_capture_on_commit_callbacks):
    document = document_create(seller=shop, kind="pirt", expires_on=TODAY - dt.timedelta(days=3))
    SellerDocument.objects.filter(pk=document.pk).update(
        seller=None, application=_application_for(shop)
    )

    assert run(django_capture_on_commit_callbacks) == {"reminded": 0, "expired": 0}
    assert mail.outbox == []


def _application_for(shop):
    from registry.nik import nik_blind_index, nik_encrypt, nik_mask
    from sellers.models import SellerApplication

    nik = "3510014501900001"
    return SellerApplication.objects.create(
        user=shop.user,
        shop_name="Bu Sri",
        main_category=Category.objects.first(),
        village=shop.village,
        nik_encrypted=nik_encrypt(nik),
        nik_index=nik_blind_index(nik),
        nik_masked=nik_mask(nik),
        full_name="Sri Wahyuni",
        birth_date=dt.date(1990, 1, 5),
        whatsapp="+6281234567890",
        status=SellerApplication.Status.APPROVED,
    )


def test_the_task_takes_a_date_and_runs_daily_at_six(shop, django_capture_on_commit_callbacks):
    document_create(seller=shop, kind="pirt", expires_on=TODAY + dt.timedelta(days=10))

    with django_capture_on_commit_callbacks(execute=True):
        result = documents_check_task.delay(TODAY.isoformat()).get()

    assert result == {"reminded": 1, "expired": 0}
    assert len(mail.outbox) == 1
    entry = app.conf.beat_schedule["sellers-documents-check"]
    assert entry["task"] == "sellers.documents_check" in app.tasks
    assert (entry["schedule"].hour, entry["schedule"].minute) == ({6}, {0})
    assert app.conf.timezone == "Asia/Jakarta"


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_one_reminder():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    product = product_for_sale(title="Keripik Tempe", category=FOOD, shop="Bu Sri")
    shop = Seller.objects.get(partner=product.stockrecords.get().partner)
    for n in range(5):
        document_create(seller=shop, kind="pirt", number=f"P-{n}", expires_on=TODAY)
    results = at_once(*[lambda: documents_check(today=TODAY - dt.timedelta(days=1))] * 2)

    assert sum(r["reminded"] for r in results) == 5
    assert len(mail.outbox) == 5
    assert sorted(m.body.split("nomor ")[1].split(" ")[0] for m in mail.outbox) == [
        f"P-{n}" for n in range(5)
    ]


@pytest.mark.django_db(transaction=True)
def test_beat_schedules_the_check_and_the_worker_runs_it(celery_worker):
    """The daily check as beat sends it: through Redis to a real worker, which writes the
    reminder for the seller (the email goes out from the worker, after its commit)."""
    assert app.conf.beat_schedule["sellers-documents-check"]["task"] == documents_check_task.name
    product = product_for_sale(title="Keripik Tempe 200 g", category="Kuliner & Camilan")
    seller = Seller.objects.get(partner=product.stockrecords.get().partner)
    document = document_create(
        seller=seller, expires_on=dt.date.today() + dt.timedelta(days=EXPIRY_REMINDER_DAYS - 5)
    )

    result = documents_check_task.apply_async(queue=celery_worker.queue)
    counts = result.get(timeout=30)
    result.forget()

    assert counts["reminded"] == 1, celery_worker.log()
    document.refresh_from_db()
    assert document.reminder_sent_on is not None
    assert Notification.objects.filter(recipient=seller.user).count() == 1
