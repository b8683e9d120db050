"""The listing, maintained: one row per product the site may list, with everything a
product card, a facet and a sort need, so that listing pages never evaluate the listing
rule (``sellers.selectors.products_listed``) per request.

Rows are written by ``search.indexing`` after the changes that matter commit (products,
stock, prices, sellers, documents; see ``search.receivers``). Two things are checked
when reading instead, so that they hold the moment they change: the seller is still
active (a suspension hides the shop at once, before any task runs), and the documents the
listing depends on have not expired since (``listed_until``, the day the row stops
counting; a document that expires overnight drops out without a reindex).
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProductEntry(models.Model):
    product = models.OneToOneField(
        "catalogue.Product",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_entry",
    )
    #: The stock record a card sells from: the cheapest of a seller who may sell it.
    stockrecord = models.ForeignKey(
        "partner.StockRecord", on_delete=models.CASCADE, related_name="+"
    )
    seller = models.ForeignKey("sellers.Seller", on_delete=models.CASCADE, related_name="+")
    village = models.ForeignKey("registry.Village", on_delete=models.PROTECT, related_name="+")
    district = models.ForeignKey("registry.District", on_delete=models.PROTECT, related_name="+")
    #: The product's categories and all their ancestors: a category page covers its
    #: subcategories with one indexed join.
    categories = models.ManyToManyField("catalogue.Category", related_name="+")
    #: The tree path of the product's first category: the category facet counts children of
    #: a category by a prefix of it, in the same grouped query as the other facets.
    category_path = models.CharField(max_length=255, blank=True)

    title = models.CharField(max_length=255)
    description = models.TextField(blank=True)
    #: Category, seller, village and district names: what full text matches besides the
    #: title and description.
    context = models.TextField(blank=True)
    url = models.CharField(max_length=400)
    image = models.CharField(max_length=400, blank=True)
    seller_name = models.CharField(max_length=128)
    seller_url = models.CharField(max_length=400)
    village_name = models.CharField(max_length=100)

    price = models.PositiveBigIntegerField()
    in_stock = models.BooleanField(default=True)
    #: Whether the product can be added to a basket from its card (no options to choose).
    simple = models.BooleanField(default=True)
    pickup_hall = models.BooleanField(default=False)
    #: The last day the seller's halal certificate is in force (none: not certified).
    halal_until = models.DateField(null=True, blank=True)
    #: The last day the documents this product's listing requires are in force (none: it
    #: requires none).
    listed_until = models.DateField(null=True, blank=True)
    date_created = models.DateTimeField()
    #: Units sold in orders not cancelled: the best-selling sort.
    sold = models.PositiveIntegerField(default=0)
    #: The average of the product's shown reviews in tenths (45 is 4.5 stars; 0 none yet)
    #: and how many there are: the "4 stars or more" facet and the rating sort.
    rating = models.PositiveSmallIntegerField(default=0)
    rating_count = models.PositiveIntegerField(default=0)

    #: PostgreSQL's weighted full text (title A; category, seller, village, district B;
    #: description C), ``indonesian`` configuration, GIN-indexed. Unused on SQLite, whose
    #: full text is the FTS5 table ``search_productentry_fts`` (see the migrations).
    document = SearchVectorField(null=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("entri pencarian produk")
        verbose_name_plural = _("entri pencarian produk")
        indexes = [
            models.Index(fields=["-date_created", "-product"], name="search_entry_newest"),
            models.Index(fields=["price", "product"], name="search_entry_price"),
            models.Index(fields=["-sold", "-product"], name="search_entry_sold"),
            models.Index(
                fields=["-rating", "-rating_count", "-product"], name="search_entry_rating"
            ),
            # The facets' grouped count, read from this index alone (PostgreSQL; SQLite
            # makes a plain index of the key columns).
            models.Index(
                fields=["seller", "village", "district", "pickup_hall", "category_path"],
                include=["price", "halal_until", "listed_until", "product", "rating"],
                name="search_entry_facets",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class SearchTerm(models.Model):
    """A word that occurs in what is listed: the vocabulary that misspellings are corrected
    to (``pg_trgm`` similarity on PostgreSQL) and suggestions complete from."""

    word = models.CharField(max_length=40, primary_key=True)
    frequency = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("kata pencarian")
        verbose_name_plural = _("kata pencarian")

    def __str__(self) -> str:
        return self.word
