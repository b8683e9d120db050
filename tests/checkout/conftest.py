"""Two shops in neighbouring Pesanggaran villages (each with its village hall), one
product each: the buying tests' usual world."""

from __future__ import annotations

import pytest

from .factories import hall_villages, shop_create


@pytest.fixture
def shops():
    found = hall_villages()
    kopi, (robusta,) = shop_create(
        name="Kopi Lereng Ijen", village=found[0], products=[("Robusta", 45000, 5)]
    )
    batik, (kain,) = shop_create(
        name="Batik Gajah Oling", village=found[1], products=[("Kain batik", 250000, 2)]
    )
    return found, kopi, batik, robusta, kain
