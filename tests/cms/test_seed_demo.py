"""The demo loads a believable shop, and a second run adds nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from oscar.core.loading import get_model

from cms.models import ArticlePage, HomePage, LearningIndexPage
from marketplace.management.commands.seed_demo import seed_demo
from registry.models import District, Household, Resident, Village
from sellers.models import Seller, SellerApplication, SellerDocument
from sellers.selectors import products_listed

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")
Category = get_model("catalogue", "Category")


def counts():
    return {
        model.__name__: model.objects.count()
        for model in (
            Partner,
            Product,
            ProductImage,
            StockRecord,
            Category,
            District,
            Village,
            HomePage,
            LearningIndexPage,
            ArticlePage,
            get_user_model(),
            Resident,
            Household,
            Seller,
            SellerApplication,
            SellerDocument,
        )
    }


@pytest.mark.django_db
def test_seed_demo_is_believable_and_idempotent(capsys):
    call_command("seed_demo")
    first = counts()
    out = capsys.readouterr().out
    again = seed_demo()
    assert counts() == first
    assert again["seller_villages"] >= 12 and again["seller_districts"] >= 6

    assert first["Partner"] >= 24 and first["Product"] >= 240
    assert Category.get_root_nodes().count() >= 8
    villages = Village.objects.filter(code__startswith="35.10.")
    assert villages.count() == 217
    seller_villages = {addr.line1 for p in Partner.objects.all() for addr in p.addresses.all()}
    assert len(seller_villages) >= 12
    # A distinct image per product, not one placeholder.
    assert first["ProductImage"] == first["Product"]
    names = set(ProductImage.objects.values_list("original", flat=True))
    assert len(names) == first["Product"]
    prices = set(StockRecord.objects.values_list("price", flat=True))
    assert all(p == p.to_integral_value() and p > 0 for p in prices)
    assert len(prices) > 50
    # The logins are printed.
    assert "staf@kampungmall.test" in out and "pembeli@kampungmall.test" in out
    assert HomePage.objects.live().count() == 1
    assert ArticlePage.objects.live().count() >= 4
    # Residents in families across the sellers' villages; the demo buyer is one of them.
    assert first["Resident"] >= 500 and first["Household"] >= 100
    assert Resident.objects.values("village").distinct().count() >= 12
    assert Resident.objects.filter(user__email="pembeli@kampungmall.test").count() == 1
    # A village operator for two villages, who can reach the back office.
    operator = get_user_model().objects.get(email="operator@kampungmall.test")
    assert operator.village_operator.villages.count() == 2
    assert operator.has_perm("wagtailadmin.access_admin")
    assert "operator@kampungmall.test" in out

    # Every demo shop is an approved seller whose owner is a resident of its village and
    # can log into the dashboard; at least three seller logins are printed.
    assert first["Seller"] == first["Partner"]
    for seller in Seller.objects.select_related("user", "resident"):
        assert seller.resident.village_id == seller.village_id
        assert seller.resident.user_id == seller.user_id
        assert seller.user.has_perm("partner.dashboard_access")
        assert seller.partner.users.filter(pk=seller.user_id).exists()
    assert out.count("@penjual.kampungmall.test") >= 3 and "demo-penjual-2026" in out
    # Processed food needs PIRT, and every demo seller of it holds one: all products listed.
    assert Category.objects.filter(required_document="pirt").exists()
    assert products_listed().count() == first["Product"]
    # One PIRT expires soon, one halal certificate has expired; one pending application
    # (vouched by the operator) and one rejected with its reason.
    soon = [d for d in SellerDocument.objects.all() if d.expires_soon]
    assert [d.kind for d in soon] == ["pirt"]
    assert sum(not d.is_valid for d in SellerDocument.objects.all()) == 1
    # One shop's new halal certificate waits for staff to check it: no badge yet.
    waiting = SellerDocument.objects.get(status="pending")
    assert (waiting.kind, waiting.seller.slug) == ("halal", "kopi-lereng-ijen")
    assert "menunggu pemeriksaan" in out
    pending = SellerApplication.objects.get(status="pending")
    assert pending.vouched_by == operator and pending.resident is not None
    rejected = SellerApplication.objects.get(status="rejected")
    assert rejected.rejection_reason and rejected.decided_by.email == "staf@kampungmall.test"
    assert "pemohon@kampungmall.test" in out
