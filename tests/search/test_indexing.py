"""The index follows the catalogue after commit: one task per transaction's batch, nothing
for a rolled-back change, the real worker writes the rows, and ``search_reindex`` rebuilds
everything (rows of products gone removed)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from search import tasks
from search.models import ProductEntry
from sellers.models import Seller
from tests.catalogue.factories import product_for_sale


@pytest.fixture
def after_commit(settings):
    """Index as production does: a task after the transaction commits."""
    settings.SEARCH_INDEX_IMMEDIATE = False


@pytest.mark.django_db(transaction=True)
def test_a_transaction_is_indexed_after_commit_as_one_batch(after_commit, monkeypatch):
    sent = []
    real = tasks.index_products.delay
    monkeypatch.setattr(
        tasks.index_products, "delay", lambda **kw: (sent.append(kw), real(**kw))[1]
    )
    with transaction.atomic():
        first = product_for_sale(title="Kopi Robusta Glenmore 250 g")
        second = product_for_sale(title="Kopi Lanang Kalibaru 200 g")
        assert not ProductEntry.objects.exists(), "nothing before the commit"
    assert len(sent) == 1, "one batch per transaction"
    assert {first.pk, second.pk} <= set(sent[0]["product_ids"])
    assert set(ProductEntry.objects.values_list("product_id", flat=True)) == {first.pk, second.pk}

    sent.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        first.title = "Kopi yang tidak jadi"
        first.save()
        raise RuntimeError
    assert sent == [], "a rolled-back change sends nothing"
    assert ProductEntry.objects.get(pk=first.pk).title == "Kopi Robusta Glenmore 250 g"

    seller = Seller.objects.get(partner__name="Kopi Lereng Ijen")
    seller.status = Seller.Status.SUSPENDED
    seller.save()
    assert not ProductEntry.objects.exists(), "the seller's products leave the index"


@pytest.mark.django_db(transaction=True)
def test_the_worker_writes_the_rows(after_commit, celery_worker):
    product = product_for_sale(title="Keripik Pisang Agung 200 g", category="Camilan")
    ProductEntry.objects.all().delete()
    result = tasks.index_products.apply_async(
        kwargs={"product_ids": [product.pk]}, queue=celery_worker.queue
    )
    assert result.get(timeout=60) == 1
    entry = ProductEntry.objects.get(pk=product.pk)
    assert entry.title == "Keripik Pisang Agung 200 g" and entry.price == 45000
    # Run twice (a redelivered task): the same row.
    again = tasks.index_products.apply_async(
        kwargs={"product_ids": [product.pk]}, queue=celery_worker.queue
    )
    assert again.get(timeout=60) == 1 and ProductEntry.objects.count() == 1


@pytest.mark.django_db
def test_search_reindex_rebuilds_everything():
    kept = product_for_sale(title="Batik Tulis Gajah Oling", category="Batik")
    gone = product_for_sale(title="Batik Cap Kangkung", category="Batik")
    ProductEntry.objects.filter(pk=kept.pk).update(title="stale")
    ProductEntry.objects.filter(pk=gone.pk).delete()
    gone.is_public = False
    gone.save()
    out = io.StringIO()
    call_command("search_reindex", stdout=out)
    assert "1 products listed" in out.getvalue() and "2/2 products" in out.getvalue()
    assert list(ProductEntry.objects.values_list("title", flat=True)) == ["Batik Tulis Gajah Oling"]


@pytest.mark.django_db
def test_the_index_lists_exactly_what_the_listing_rule_lists():
    from oscar.apps.catalogue.categories import create_from_breadcrumbs
    from oscar.test.factories import create_product

    from search.backends.database import listed
    from sellers.selectors import products_listed
    from tests.sellers.factories import document_create

    food = create_from_breadcrumbs("Pangan Olahan")
    food.required_document = "pirt"
    food.save()
    product_for_sale(title="Kopi Robusta", category="Kopi", shop="Kopi Ijen")
    product_for_sale(title="Sambal Tanpa PIRT", category="Pangan Olahan > Sambal", shop="Bu Ani")
    product_for_sale(title="Sambal Dengan PIRT", category="Pangan Olahan > Sambal", shop="Bu Sri")
    document_create(seller=Seller.objects.get(partner__name="Bu Sri"))
    hidden = product_for_sale(title="Kopi Tersembunyi", category="Kopi", shop="Kopi Ijen")
    hidden.is_public = False
    hidden.save()
    product_for_sale(title="Batik Toko Tutup", category="Batik", shop="Batik Tutup")
    closed = Seller.objects.get(partner__name="Batik Tutup")
    closed.status = Seller.Status.SUSPENDED
    closed.save()
    create_product(title="Tanpa Kategori", partner_name="Kopi Ijen", price=1000, num_in_stock=3)

    indexed = set(listed().values_list("product_id", flat=True))
    assert indexed == set(products_listed().values_list("pk", flat=True))
    assert {e.title for e in ProductEntry.objects.filter(pk__in=indexed)} == {
        "Kopi Robusta",
        "Sambal Dengan PIRT",
        "Tanpa Kategori",
    }
