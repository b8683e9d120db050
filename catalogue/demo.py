"""Demo catalogue for ``manage.py seed_demo``: categories, products, stock and images.

Everything is derived from ``demo_data`` and a seeded ``random.Random``, so two runs, or
two machines, produce the same products with the same UPCs, prices and pictures. Writes
are keyed on those UPCs, which is what makes the seed idempotent.
"""

from __future__ import annotations

import itertools
import random
import string
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model

from .demo_data import CATEGORIES, FAMILIES, Family, Option
from .demo_images import product_image_render

if TYPE_CHECKING:
    from oscar.apps.catalogue import models as catalogue_models
    from oscar.apps.partner import models as partner_models

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

DEMO_SEED = 3510  # Banyuwangi's Kemendagri code: any fixed number keeps the data stable.
PRODUCT_CLASS_NAME = "Produk UMKM"
UPC_PREFIX = "DEMO-"  # every demo product's UPC, and the only thing that marks it as demo
IMAGE_FOLDER = "images/products/demo"
CURRENCY = "IDR"


@dataclass(frozen=True)
class Maker:
    """A seller as the catalogue sees it: which families it makes and where it is."""

    partner: partner_models.Partner
    families: tuple[str, ...]
    place: str
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProductSpec:
    upc: str
    title: str
    description: str
    category: str
    subcategory: str | None
    price: Decimal
    num_in_stock: int
    maker: Maker


def categories_ensure() -> dict[str, catalogue_models.Category]:
    """Create the top-level UMKM categories and their subcategories; return them by path."""
    categories = {}
    for spec in CATEGORIES:
        root = create_from_breadcrumbs(spec.name)
        if root.description != spec.description:
            root.description = spec.description
            root.save(update_fields=["description"])
        categories[spec.key] = root
        for child in spec.children:
            categories[f"{spec.key}/{child}"] = create_from_breadcrumbs(f"{spec.name} > {child}")
    return categories


def product_class_ensure() -> catalogue_models.ProductClass:
    """The one product class demo goods use: shipped and stock-tracked."""
    product_class, _ = ProductClass.objects.get_or_create(
        name=PRODUCT_CLASS_NAME, defaults={"requires_shipping": True, "track_stock": True}
    )
    return product_class


def product_specs(*, makers: Sequence[Maker], seed: int = DEMO_SEED) -> list[ProductSpec]:
    """Every demo product, decided without touching the database.

    Raises ``ValueError`` when a family has no maker or fewer combinations than products.
    """
    rng = random.Random(seed)
    specs: list[ProductSpec] = []
    for family in FAMILIES:
        candidates = [m for m in makers if family.key in m.families]
        if not candidates:
            raise ValueError(f"Tidak ada penjual untuk keluarga produk {family.key!r}.")
        for i, choice in enumerate(_combinations(family, rng)):
            values = {name: _label(option) for name, option in choice.items()}
            title = family.title.format(**values)
            preferred = [m for m in candidates if any(k in title for k in m.keywords)]
            maker = (preferred or candidates)[i % len(preferred or candidates)]
            scores = [option[1] for option in choice.values() if isinstance(option, tuple)]
            sentences = [
                formatter.format(family.lead, **values),
                formatter.format(rng.choice(family.details), **values),
                f"Dijual langsung oleh {maker.partner.name} di {maker.place}.",
            ]
            specs.append(
                ProductSpec(
                    upc=f"{UPC_PREFIX}{len(specs) + 1:04d}",
                    title=title,
                    description=" ".join(sentences),
                    category=family.category,
                    subcategory=family.subcategory,
                    price=_price(family.price, scores, rng),
                    num_in_stock=rng.randint(5, 200),
                    maker=maker,
                )
            )
    return specs


def products_ensure(*, makers: Sequence[Maker], seed: int = DEMO_SEED) -> dict[str, int]:
    """Create the demo products with their category and stock record; skip existing UPCs.

    Returns how many products exist and how many this call created.
    """
    specs = product_specs(makers=makers, seed=seed)
    with transaction.atomic():
        categories = categories_ensure()
        product_class = product_class_ensure()
        existing = set(
            Product.objects.filter(upc__in=[s.upc for s in specs]).values_list("upc", flat=True)
        )
        created = 0
        for spec in _creation_order(specs):
            if spec.upc in existing:
                continue
            product = Product.objects.create(
                upc=spec.upc,
                title=spec.title,
                description=spec.description,
                product_class=product_class,
                structure=Product.STANDALONE,
                is_public=True,
            )
            key = f"{spec.category}/{spec.subcategory}" if spec.subcategory else spec.category
            ProductCategory.objects.create(product=product, category=categories[key])
            StockRecord.objects.create(
                product=product,
                partner=spec.maker.partner,
                partner_sku=spec.upc,
                price=spec.price,
                price_currency=CURRENCY,
                num_in_stock=spec.num_in_stock,
            )
            created += 1
    return {"products": len(specs), "created": created}


def product_images_ensure(*, seed: int = DEMO_SEED) -> dict[str, int]:
    """Give each demo product without an image its generated picture.

    The file name is the UPC, so a re-seed after the database was reset overwrites the
    old file instead of piling up copies in MEDIA_ROOT.
    """
    palette = {spec.name: spec for spec in CATEGORIES}
    products = (
        Product.objects.filter(upc__startswith=UPC_PREFIX, images__isnull=True)
        .prefetch_related("categories")
        .order_by("upc")
    )
    created = 0
    with transaction.atomic():
        for product in products:
            category = product.categories.all()[0]
            root_name = category.name if category.is_root() else category.get_root().name
            index = int(product.upc.removeprefix(UPC_PREFIX))
            data = product_image_render(
                title=product.title, category=palette[root_name], index=index, seed=seed
            )
            name = f"{IMAGE_FOLDER}/{product.upc.lower()}.jpg"
            if default_storage.exists(name):
                default_storage.delete(name)
            stored = default_storage.save(name, ContentFile(data))
            ProductImage.objects.create(
                product=product, original=stored, caption=product.title, display_order=0
            )
            created += 1
    return {"created": created}


def _creation_order(specs: list[ProductSpec]) -> list[ProductSpec]:
    """Spread every category evenly over creation time.

    The home page shows the newest products; created family by family, those would all
    be jamu. Interleaved, the newest dozen show every category.
    """
    totals = Counter(spec.category for spec in specs)
    seen: Counter[str] = Counter()
    keyed = []
    for spec in specs:
        keyed.append(((seen[spec.category] + 0.5) / totals[spec.category], spec.upc, spec))
        seen[spec.category] += 1
    return [spec for _, _, spec in sorted(keyed, key=lambda k: k[:2])]


class SentenceFormatter(string.Formatter):
    """``str.format`` plus ``!l``, so "Botol 250 ml" reads "dalam botol 250 ml"."""

    def convert_field(self, value, conversion):
        if conversion == "l":
            return str(value).lower()
        return super().convert_field(value, conversion)


formatter = SentenceFormatter()


def _combinations(family: Family, rng: random.Random) -> list[dict[str, Option]]:
    names = list(family.attrs)
    combos = list(itertools.product(*(family.attrs[name] for name in names)))
    if len(combos) < family.count:
        raise ValueError(f"Keluarga {family.key!r} hanya punya {len(combos)} kombinasi.")
    rng.shuffle(combos)
    return [dict(zip(names, combo, strict=True)) for combo in combos[: family.count]]


def _label(option: Option) -> str:
    return option[0] if isinstance(option, tuple) else option


def _price(bounds: tuple[int, int], scores: list[float], rng: random.Random) -> Decimal:
    """A price inside ``bounds``, dearer for higher scores, rounded the way shops round."""
    low, high = bounds
    score = sum(scores) / len(scores) if scores else 0.5
    score = min(1.0, max(0.0, score + rng.uniform(-0.08, 0.08)))
    raw = low + (high - low) * score
    step = 1000 if raw >= 100_000 else 500
    return Decimal(min(high, max(low, round(raw / step) * step)))
