"""Changes that reach the search index: products, their stock records, categories and
photos, sellers (status, name, shipping), their documents, their villages' halls, and the
categories that require documents. Each only names what changed
(``search.indexing.schedule``); the index is written after commit, in batches.

A seller's change (its status above all), a product's edit or deletion, and a village's or
district's edit also retire the cached listings and shared pages the moment they commit
(``version_bump_after_commit``): the database backend checks a seller's status when it
reads, so a suspended shop disappears before any task has run.
"""

from __future__ import annotations

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from oscar.core.loading import get_model

from .indexing import schedule, version_bump_after_commit

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")
Partner = get_model("partner", "Partner")


def _raw(kwargs) -> bool:
    return bool(kwargs.get("raw"))  # fixtures being loaded: reindex afterwards


@receiver(post_save, sender=Product)
@receiver(post_delete, sender=Product)
def product_changed(sender, instance, **kwargs):
    if not _raw(kwargs):
        if not kwargs.get("created"):
            # A product hidden or deleted leaves the shared pages at once (they would
            # otherwise wait for the index task); its listing follows with the task.
            version_bump_after_commit()
        schedule(products=[instance.pk])


@receiver(post_save, sender=StockRecord)
@receiver(post_delete, sender=StockRecord)
@receiver(post_save, sender=ProductCategory)
@receiver(post_delete, sender=ProductCategory)
@receiver(post_save, sender=ProductImage)
@receiver(post_delete, sender=ProductImage)
def product_part_changed(sender, instance, **kwargs):
    if not _raw(kwargs) and instance.product_id:
        schedule(products=[instance.product_id])


@receiver(m2m_changed, sender=Product.categories.through)
def product_categories_changed(sender, instance, action, pk_set, **kwargs):
    if not action.startswith("post_"):
        return
    if isinstance(instance, Product):
        schedule(products=[instance.pk])
    elif pk_set:
        schedule(products=pk_set)


@receiver(post_save, sender=Category)
def category_changed(sender, instance, created, **kwargs):
    if created or _raw(kwargs):
        return
    # Its name is searched and its required document decides what is listed: every
    # product in it or below it.
    products = ProductCategory.objects.filter(category__path__startswith=instance.path)
    schedule(products=products.values_list("product_id", flat=True))


@receiver(post_save, sender=Partner)
def partner_changed(sender, instance, created, **kwargs):
    if not created and not _raw(kwargs):
        schedule(
            products=StockRecord.objects.filter(partner=instance).values_list(
                "product_id", flat=True
            )
        )


def _connect_sellers() -> None:
    from registry.models import District, Village
    from sellers.models import Seller, SellerDocument
    from shipping.models import SellerShipping

    @receiver(post_save, sender=Seller, weak=False)
    def seller_changed(sender, instance, created, **kwargs):
        if _raw(kwargs):
            return
        if not created:
            version_bump_after_commit()
        schedule(sellers=[instance.pk])

    @receiver(post_save, sender=SellerDocument, weak=False)
    @receiver(post_delete, sender=SellerDocument, weak=False)
    @receiver(post_save, sender=SellerShipping, weak=False)
    def seller_part_changed(sender, instance, **kwargs):
        if not _raw(kwargs) and getattr(instance, "seller_id", None):
            schedule(sellers=[instance.seller_id])

    @receiver(post_save, sender=Village, weak=False)
    def village_changed(sender, instance, created, **kwargs):
        if not created and not _raw(kwargs):
            version_bump_after_commit()  # the shop directory names villages, shops or not
            schedule(sellers=Seller.objects.filter(village=instance).values_list("pk", flat=True))

    @receiver(post_save, sender=District, weak=False)
    def district_changed(sender, instance, created, **kwargs):
        if not created and not _raw(kwargs):
            version_bump_after_commit()


_connect_sellers()
