"""Test data for applying to open a shop and for the sellers' back office: two villages
with their operators, district staff, a resident, the application form's data, and small
real files (PDF, PNG, JPEG, GIF) to upload."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from PIL import Image

from registry.services import village_operator_assign
from tests.registry.factories import nik_for, resident_create, villages

PASSWORD = "rahasia-123"
SITI_BIRTH = dt.date(1990, 1, 5)
SITI_NIK = nik_for(birth_date=SITI_BIRTH, gender="P", serial=1)


def _permissions(*pairs: tuple[str, str]) -> list[Permission]:
    return [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in pairs
    ]


def user_create(username: str, **fields):
    fields.setdefault("email", f"{username}@contoh.test")
    return get_user_model().objects.create_user(username=username, password=PASSWORD, **fields)


def operator_create(username: str, village):
    """A village operator, with the permissions given directly: a test cannot count on the
    migrations' groups, which a transactional test's flush removes."""
    user = user_create(username)
    village_operator_assign(user=user, villages=[village])
    user.user_permissions.add(
        *_permissions(
            ("wagtailadmin", "access_admin"),
            ("sellers", "view_sellerapplication"),
            ("registry", "add_resident"),
            ("registry", "change_resident"),
            ("registry", "view_resident"),
        )
    )
    return get_user_model().objects.get(pk=user.pk)


def staff_create(username: str = "staf"):
    """District staff, as the "Staf dinas" group makes them."""
    user = user_create(username)
    user.user_permissions.add(
        *_permissions(
            ("wagtailadmin", "access_admin"),
            ("sellers", "decide_application"),
            ("sellers", "view_sellerapplication"),
            ("sellers", "view_seller"),
            ("registry", "access_all_villages"),
            ("registry", "view_resident"),
        )
    )
    return user


class World:
    """Two villages of Pesanggaran with an operator each, district staff, a category, an
    applicant with an account, and Siti Rahmawati in the registry of village A."""

    def __init__(self):
        self.village_a, self.village_b = villages()[:2]
        self.operator_a = operator_create("operator_a", self.village_a)
        self.operator_b = operator_create("operator_b", self.village_b)
        self.staff = staff_create()
        self.category = create_from_breadcrumbs("Kuliner & Camilan")
        self.applicant = user_create("siti")
        self.siti = resident_create(
            village=self.village_a, full_name="Siti Rahmawati", birth_date=SITI_BIRTH
        )

    def form_data(self, **overrides) -> dict:
        """What Siti types into /shops/apply/: all of it matches the registry."""
        data = {
            "shop_name": "Keripik Bu Siti",
            "main_category": str(self.category.pk),
            "description": "Keripik pisang dan singkong dari kebun sendiri.",
            "village": str(self.village_a.pk),
            "nik": SITI_NIK,
            "full_name": "Siti Rahmawati",
            "birth_date": SITI_BIRTH.isoformat(),
            "whatsapp": "0812-3456-7890",
            "nib": "",
        }
        for kind in ("pirt", "halal", "other"):
            data.update({f"{kind}_number": "", f"{kind}_expires_on": ""})
        data.update(overrides)
        return data


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    """Each test's documents in a folder of its own (import this fixture to use it)."""
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    return Path(settings.PRIVATE_MEDIA_ROOT)


def private_files() -> list[Path]:
    """Every file in private storage (documents)."""
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file())


def pdf_bytes() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def image_bytes(fmt: str, size=(60, 40)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(out, fmt)
    return out.getvalue()


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def in_a_year() -> str:
    return (dt.date.today() + dt.timedelta(days=365)).isoformat()
