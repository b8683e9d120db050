"""What a search query is made of, the same for every backend: words, local spellings and
price ranges.

A query is cut into words (letters and digits of any script, lower case, at most
``MAX_TERMS``, each at most ``MAX_TERM_LENGTH``): every operator, quote and bracket a
buyer types is dropped here, so no backend ever parses the buyer's syntax.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _

MAX_TERMS = 8
MAX_TERM_LENGTH = 40
#: Shorter words are not corrected for spelling (too many close neighbours).
MIN_CORRECTABLE = 4

_WORD = re.compile(r"[^\W_]+", re.UNICODE)

#: Words buyers spell in more than one way, each group meaning one thing. Both backends
#: match any spelling of a group (Elasticsearch through its synonym filter).
SYNONYMS: tuple[tuple[str, ...], ...] = (
    ("keripik", "kripik", "kripick"),
    ("sambal", "sambel"),
    ("robusta", "robustha"),
    ("arabika", "arabica"),
    ("kopi", "coffee"),
    ("batik", "bathik"),
    ("gula", "sugar"),
    ("madu", "honey"),
    ("teh", "tea"),
    ("kue", "kueh", "cake"),
    ("dodol", "jenang"),
    ("rengginang", "renginang"),
    ("tempe", "tempeh"),
    ("anyaman", "anyam"),
    ("kerupuk", "krupuk"),
    ("tas", "bag"),
)
_GROUP = {word: group for group in SYNONYMS for word in group}


def terms(query: str) -> list[str]:
    """The words of ``query`` a backend searches for."""
    words = _WORD.findall(query.lower())
    return [word[:MAX_TERM_LENGTH] for word in words[:MAX_TERMS]]


def spellings(term: str) -> tuple[str, ...]:
    """``term`` and the other spellings of the same word."""
    return _GROUP.get(term, (term,))


def words_of(*texts: str) -> set[str]:
    """Distinct words of ``texts`` worth offering as a spelling: three letters or more,
    not all digits."""
    found: set[str] = set()
    for text in texts:
        for word in _WORD.findall((text or "").lower()):
            if len(word) >= 3 and not word.isdigit() and len(word) <= MAX_TERM_LENGTH:
                found.add(word)
    return found


#: Price ranges of the price facet: key, lower bound (inclusive), upper bound (exclusive).
PRICE_RANGES: tuple[tuple[str, int, int | None], ...] = (
    ("0-25000", 0, 25_000),
    ("25000-50000", 25_000, 50_000),
    ("50000-100000", 50_000, 100_000),
    ("100000-250000", 100_000, 250_000),
    ("250000-", 250_000, None),
)
PRICE_LABELS = {
    "0-25000": _("Di bawah Rp25.000"),
    "25000-50000": _("Rp25.000–Rp50.000"),
    "50000-100000": _("Rp50.000–Rp100.000"),
    "100000-250000": _("Rp100.000–Rp250.000"),
    "250000-": _("Rp250.000 ke atas"),
}


def price_range(key: str) -> tuple[int, int | None] | None:
    for name, low, high in PRICE_RANGES:
        if name == key:
            return low, high
    return None
