"""Checking the compliance documents (PIRT, halal certificate, ...) that applicants upload.

A document is judged by its content, never by its name or the browser's content type:
a PDF must start like one, a JPEG or PNG must be an image Pillow can verify, and the
file name's extension must agree with what the file is. Nothing is written anywhere
here: ``document_file_check`` returns an in-memory copy with a name that says what it is,
which the service saves only inside its transaction, so a refused upload leaves no file.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image

from catalogue.images import upload_read_limited

MAX_BYTES = 5 * 1024 * 1024
#: A scan larger than this is not a document photo but an attempt to exhaust memory.
MAX_PIXELS = 40_000_000
ACCEPT = "application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"

#: Detected kind -> the extensions a file of that kind may carry, and the stored extension.
KINDS: dict[str, tuple[frozenset[str], str]] = {
    "PDF": (frozenset({"pdf"}), "pdf"),
    "JPEG": (frozenset({"jpg", "jpeg", "jpe", "jfif"}), "jpg"),
    "PNG": (frozenset({"png"}), "png"),
}

MESSAGES = {
    "format": _("Dokumen harus berupa berkas PDF, JPEG atau PNG."),
    "too_large": _("Ukuran berkas dokumen paling besar 5 MB."),
    "empty": _("Berkas dokumen kosong."),
    "corrupt": _("Berkas dokumen rusak atau tidak lengkap. Coba unggah ulang."),
    "extension_mismatch": _(
        "Nama berkas tidak sesuai isinya: berkas ini berisi %(kind)s. Ganti akhiran nama "
        "berkas atau simpan ulang dokumennya."
    ),
}


def _refuse(code: str, **params: Any) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def _read_limited(upload) -> bytes:
    """At most ``MAX_BYTES`` of the upload (see ``upload_read_limited``), and not nothing."""
    data = upload_read_limited(upload, max_bytes=MAX_BYTES, too_large=_refuse("too_large"))
    if not data:
        raise _refuse("empty")
    return data


def _extension(name: str | None) -> str:
    base = (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _image_kind(data: bytes) -> str:
    """ "JPEG" or "PNG" for an image Pillow can open and verify; raises otherwise."""
    try:
        with Image.open(io.BytesIO(data)) as img:
            kind = img.format
            if kind not in ("JPEG", "PNG"):
                raise _refuse("format")
            width, height = img.size
            if width * height > MAX_PIXELS:
                raise _refuse("corrupt")
            img.verify()
    except ValidationError:
        raise
    except Image.DecompressionBombError as exc:
        raise _refuse("corrupt") from exc
    except (Image.UnidentifiedImageError, OSError, ValueError, SyntaxError, EOFError) as exc:
        raise _refuse("corrupt") from exc
    return kind


def document_kind_detect(data: bytes) -> str:
    """What the bytes are: "PDF", "JPEG" or "PNG". Raises ``ValidationError`` (``format``
    for anything else, ``corrupt`` for a damaged image)."""
    if data.startswith(b"%PDF-"):
        return "PDF"
    if data.startswith(b"\xff\xd8\xff") or data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _image_kind(data)
    raise _refuse("format")


#: A document valid for longer than this is a typing mistake (a halal certificate without
#: an end date is entered as far ahead as its holder expects to keep the recipe).
MAX_VALID_YEARS = 50


def document_expiry_check(expires_on: dt.date) -> dt.date:
    """The date a document is valid until: after today, and not absurdly far away."""
    today = timezone.localdate()
    if expires_on <= today:
        raise ValidationError(
            _("Dokumen ini sudah tidak berlaku: tanggalnya harus setelah hari ini."),
            code="expired",
        )
    if expires_on.year > today.year + MAX_VALID_YEARS:
        raise ValidationError(
            _("Periksa tahunnya: dokumen berlaku paling lama %(years)s tahun dari sekarang."),
            code="too_far",
            params={"years": MAX_VALID_YEARS},
        )
    return expires_on


def document_file_check(*, upload) -> ContentFile:
    """Check an uploaded document and return an in-memory copy ready to save.

    Accepts a PDF, JPEG or PNG (by content) of at most 5 MB whose name's extension, if
    any, agrees with the content. The copy is named ``dokumen.<ext>`` from its content, so
    the applicant's file name never reaches storage. Writes nothing.

    Raises ``ValidationError`` with code ``too_large``, ``empty``, ``format``, ``corrupt``
    or ``extension_mismatch``; no Pillow error escapes.
    """
    data = _read_limited(upload)
    kind = document_kind_detect(data)
    extensions, stored_ext = KINDS[kind]
    ext = _extension(getattr(upload, "name", None))
    if ext and ext not in extensions:
        raise _refuse("extension_mismatch", kind=kind)
    return ContentFile(data, name=f"dokumen.{stored_ext}")


class DocumentFileField(forms.FileField):
    """A form field whose cleaned value is the checked copy from ``document_file_check``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.FileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        value = super().clean(data, initial)
        if not isinstance(value, UploadedFile):
            return value
        return document_file_check(upload=value)
