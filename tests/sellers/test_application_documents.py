"""Documents uploaded with an application: PDF, JPEG or PNG judged by content, at most
5 MB, a future expiry date; refused uploads and failed saves leave no file behind."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from sellers.documents import MAX_BYTES
from sellers.models import SellerApplication, SellerDocument
from sellers.services import ApplicationInput, DocumentUpload, application_submit

from .applying import (  # noqa: F401
    SITI_BIRTH,
    SITI_NIK,
    World,
    image_bytes,
    in_a_year,
    pdf_bytes,
    private_files,
    private_root,
    upload,
)

pytestmark = pytest.mark.django_db

APPLY = reverse("sellers:apply")


@pytest.fixture
def world(wagtail_site) -> World:
    return World()


@pytest.fixture
def siti_client(client, world):
    client.force_login(world.applicant)
    return client


def with_document(world, file, kind="pirt", **overrides):
    data = world.form_data(
        **{f"{kind}_number": "P-IRT 2063510010001-27", f"{kind}_expires_on": in_a_year()}
    )
    data[f"{kind}_file"] = file
    data.update(overrides)
    return data


def test_good_documents_are_stored_privately_with_the_application(siti_client, world):
    data = with_document(world, upload("izin pirt.PDF", pdf_bytes(), "application/pdf"))
    data.update(
        {
            "halal_number": "ID35110000123450124",
            "halal_expires_on": in_a_year(),
            "halal_file": upload("halal.jpg", image_bytes("JPEG"), "image/jpeg"),
            "other_number": "SKU-01",
            "other_expires_on": in_a_year(),
            "other_file": upload("surat.png", image_bytes("PNG"), "image/png"),
        }
    )
    response = siti_client.post(APPLY, data)
    assert response.status_code == 302, response.context["form"].errors
    application = SellerApplication.objects.get(user=world.applicant)
    documents = {d.kind: d for d in application.documents.all()}
    assert set(documents) == {"pirt", "halal", "other"}
    assert documents["pirt"].number == "P-IRT 2063510010001-27"
    assert documents["pirt"].file.name.endswith(".pdf")
    assert documents["halal"].file.name.endswith(".jpg")
    assert documents["pirt"].file.read() == pdf_bytes()
    assert len(private_files()) == 3
    # Private: outside MEDIA_ROOT, so the media URL does not serve it.
    assert siti_client.get(f"/media/{documents['pirt'].file.name}").status_code == 404


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("sertifikat.gif", image_bytes("GIF"), "PDF, JPEG atau PNG"),
        ("besar.pdf", pdf_bytes() + b"0" * (MAX_BYTES + 1024), "paling besar 5 MB"),
        ("scan.png", pdf_bytes(), "tidak sesuai isinya"),
        ("foto.jpg", image_bytes("PNG"), "tidak sesuai isinya"),
        ("rusak.png", image_bytes("PNG")[:40], "rusak"),
        ("skrip.pdf", b"<html><script>alert(1)</script>", "PDF, JPEG atau PNG"),
    ],
)
def test_bad_uploads_are_refused_and_leave_no_file(siti_client, world, name, content, message):
    response = siti_client.post(APPLY, with_document(world, upload(name, content)))
    assert response.status_code == 200
    errors = response.context["form"].errors["pirt_file"]
    assert any(message in e for e in errors), errors
    assert f'value="{SITI_NIK}"' not in response.content.decode()
    assert not SellerApplication.objects.exists()
    assert not SellerDocument.objects.exists()
    assert private_files() == []


def test_document_needs_number_and_a_future_expiry(siti_client, world):
    expired = with_document(
        world,
        upload("pirt.pdf", pdf_bytes()),
        pirt_expires_on=dt.date.today().isoformat(),
        pirt_number="",
    )
    response = siti_client.post(APPLY, expired)
    errors = response.context["form"].errors
    assert "tanggalnya harus setelah hari ini" in errors["pirt_expires_on"][0]
    assert "pirt_number" in errors
    far = with_document(world, upload("pirt.pdf", pdf_bytes()), pirt_expires_on="9999-12-31")
    response = siti_client.post(APPLY, far)
    assert "Periksa tahunnya" in response.context["form"].errors["pirt_expires_on"][0]
    no_file = world.form_data(pirt_number="P-IRT 1", pirt_expires_on=in_a_year())
    response = siti_client.post(APPLY, no_file)
    assert response.context["form"].errors["pirt_file"] == ["Unggah berkas dokumen ini."]
    assert not SellerApplication.objects.exists()
    assert private_files() == []


class DiskFull(ContentFile):
    """A file whose writing fails halfway, as on a full disk."""

    def chunks(self, chunk_size=None):
        yield b"%PDF-1.4\n"
        raise OSError(28, "No space left on device")


def test_a_failed_save_removes_the_files_already_written(world):
    data = ApplicationInput(
        shop_name="Keripik Bu Siti",
        main_category=world.category,
        description="",
        village=world.village_a,
        nik=SITI_NIK,
        full_name="Siti Rahmawati",
        birth_date=SITI_BIRTH,
        whatsapp="+6281234567890",
        documents=[
            DocumentUpload(
                kind="pirt",
                number="P-IRT 1",
                expires_on=dt.date.today() + dt.timedelta(days=30),
                file=ContentFile(pdf_bytes(), name="dokumen.pdf"),
            ),
            DocumentUpload(
                kind="halal",
                number="H-1",
                expires_on=dt.date.today() + dt.timedelta(days=30),
                file=DiskFull(b"", name="dokumen.pdf"),
            ),
        ],
    )
    with pytest.raises(OSError):
        application_submit(user=world.applicant, data=data)
    assert not SellerApplication.objects.exists()
    assert not SellerDocument.objects.exists()
    assert private_files() == []


def test_rejection_removes_the_documents_files(world, django_capture_on_commit_callbacks):
    from sellers.services import application_reject

    data = ApplicationInput(
        shop_name="Keripik Bu Siti",
        main_category=world.category,
        description="",
        village=world.village_a,
        nik=SITI_NIK,
        full_name="Siti Rahmawati",
        birth_date=SITI_BIRTH,
        whatsapp="+6281234567890",
        documents=[
            DocumentUpload(
                kind="pirt",
                number="P-IRT 1",
                expires_on=dt.date.today() + dt.timedelta(days=30),
                file=ContentFile(pdf_bytes(), name="dokumen.pdf"),
            )
        ],
    )
    application = application_submit(user=world.applicant, data=data)
    assert len(private_files()) == 1
    with django_capture_on_commit_callbacks(execute=True):
        application_reject(application=application, rejected_by=world.staff, reason="Foto buram")
    assert not SellerDocument.objects.exists()
    assert private_files() == []
