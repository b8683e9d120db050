"""Slugs for products and categories that are never empty.

Oscar's slug function keeps only Latin letters and digits: a name written entirely in
another script (Javanese, Arabic Pegon) or in symbols gave an empty slug, and the product's
or category's address could not be built (a server error wherever it is linked).
"""

from oscar.core.utils import default_slugifier

#: The slug of a name that has no Latin letters or digits.
FALLBACK = "umkm"


def slug_for(value, allow_unicode=False) -> str:
    return default_slugifier(value, allow_unicode=allow_unicode) or FALLBACK
