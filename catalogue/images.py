"""Checking and preparing product photos that sellers upload.

A photo is judged by its content, never by its name or the browser's content type, and is
re-encoded from its pixels alone, so nothing the seller's phone wrote into the file (EXIF,
GPS position, comments, odd colour profiles) reaches the storefront.

``product_image_prepare`` works in memory and never touches storage: a caller saves the
returned file only after it returns, so a refused upload leaves no file behind.
"""

from __future__ import annotations

import io
import uuid
from typing import Any, Protocol

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 25_000_000
MAX_SIDE = 1600
JPEG_QUALITY = 85
WEBP_QUALITY = 85
ACCEPT = "image/jpeg,image/png,image/webp"

# Pillow's detected format -> the file-name extensions that may carry it, and the output
# extension. Each format is kept as it came: JPEG stays JPEG (photos), PNG and WebP keep
# their transparency.
FORMATS: dict[str, tuple[frozenset[str], str]] = {
    "JPEG": (frozenset({"jpg", "jpeg", "jpe", "jfif"}), "jpg"),
    "PNG": (frozenset({"png"}), "png"),
    "WEBP": (frozenset({"webp"}), "webp"),
}

MESSAGES = {
    "format": _("Foto harus berupa gambar JPEG, PNG atau WebP."),
    "too_large": _("Ukuran file foto paling besar 8 MB."),
    "too_many_pixels": _("Foto terlalu besar: paling banyak 25 megapiksel."),
    "corrupt": _("File foto rusak atau tidak lengkap. Coba unggah ulang."),
    "extension_mismatch": _(
        "Nama file tidak sesuai isinya: file ini berisi gambar %(format)s. "
        "Ganti akhiran nama file atau simpan ulang fotonya."
    ),
}


class Readable(Protocol):
    """Any file that can be read: all ``upload_read_limited`` needs (size and seek it uses
    when the file has them)."""

    def read(self, size: int = ..., /) -> bytes: ...


class Upload(Protocol):
    """What the service needs of an upload: a Django ``UploadedFile`` or any such file."""

    @property
    def name(self) -> str | None: ...

    @property
    def size(self) -> int | None: ...

    def read(self, size: int = ..., /) -> bytes: ...


def _refuse(code: str, **params: Any) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params or None)


def upload_read_limited(upload: Readable, *, max_bytes: int, too_large: ValidationError) -> bytes:
    """The upload's bytes from its start, at most ``max_bytes``: raises ``too_large`` when it
    holds more. The declared size is trusted only to refuse early; never more than
    ``max_bytes + 1`` bytes are read. Shared by every check of an upload (product photos,
    seller documents, QRIS photos), each with its own limit and message."""
    size = getattr(upload, "size", None)
    if isinstance(size, int) and size > max_bytes:
        raise too_large
    seek = getattr(upload, "seek", None)
    if callable(seek):
        try:
            seek(0)
        except (OSError, ValueError):
            pass
    data = upload.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_large
    return data


def _extension(name: str | None) -> str:
    base = (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base else ""


def _to_srgb(img: Image.Image, mode: str) -> Image.Image:
    """Convert to ``mode`` in sRGB, honouring an embedded colour profile when it is usable."""
    icc = img.info.get("icc_profile")
    if icc:
        try:
            converted = ImageCms.profileToProfile(
                img,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                outputMode=mode,
            )
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # An unreadable profile is dropped: the pixels are taken as sRGB.
    return img if img.mode == mode else img.convert(mode)


def _has_alpha(img: Image.Image) -> bool:
    return img.mode in {"RGBA", "LA", "PA", "La", "RGBa"} or (
        img.mode == "P" and "transparency" in img.info
    )


def product_image_prepare(*, upload: Upload) -> ContentFile:
    """Check an uploaded product photo and return a clean, resized copy ready to save.

    Accepts JPEG, PNG or WebP (by content) whose name's extension agrees with the content,
    at most 8 MB and 25 megapixels. The result is turned upright by its EXIF orientation,
    has no metadata at all, is at most ``MAX_SIDE`` px on its long side, keeps its format
    (JPEG quality 85 progressive; PNG and WebP keep transparency) and carries a generated
    name, so the seller's file name never reaches storage. Nothing is written anywhere:
    callers save the returned file only after this returns.

    Raises ``ValidationError`` with code ``too_large``, ``format``, ``too_many_pixels``,
    ``extension_mismatch`` or ``corrupt``; no Pillow error escapes.
    """
    data = upload_read_limited(upload, max_bytes=MAX_BYTES, too_large=_refuse("too_large"))
    try:
        # Image.open reads only the header; the pixel count is checked before any decoding.
        # Pillow's own bomb check (twice Image.MAX_IMAGE_PIXELS) is a backstop to ours.
        img = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise _refuse("too_many_pixels") from exc
    except (Image.UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise _refuse("format") from exc

    with img:
        if img.format not in FORMATS:
            raise _refuse("format")
        width, height = img.size
        if width * height > MAX_PIXELS:
            raise _refuse("too_many_pixels")
        extensions, out_ext = FORMATS[img.format]
        ext = _extension(getattr(upload, "name", None))
        if ext and ext not in extensions:
            raise _refuse("extension_mismatch", format=img.format)
        try:
            output = _reencode(img, img.format)
        except (OSError, ValueError, SyntaxError, EOFError, Image.DecompressionBombError) as exc:
            raise _refuse("corrupt") from exc
    return ContentFile(output, name=f"{uuid.uuid4().hex}.{out_ext}")


def _reencode(img: Image.Image, fmt: str) -> bytes:
    if fmt == "JPEG":
        img.draft("RGB", (MAX_SIDE, MAX_SIDE))  # Let libjpeg decode at a reduced scale.
    img.load()
    upright = ImageOps.exif_transpose(img) or img
    keep_alpha = fmt != "JPEG" and _has_alpha(upright)
    clean = _to_srgb(upright, "RGBA" if keep_alpha else "RGB")
    clean.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    clean.info = {}  # No EXIF, ICC, XMP or text chunks are carried into the new file.

    out = io.BytesIO()
    if fmt == "JPEG":
        clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif fmt == "PNG":
        clean.save(out, "PNG")
    else:
        clean.save(out, "WEBP", quality=WEBP_QUALITY, method=4)
    return out.getvalue()


class ProductImageField(forms.FileField):
    """A form field whose cleaned value is the prepared photo from ``product_image_prepare``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        value = super().clean(data, initial)
        if not isinstance(value, UploadedFile):
            return value  # Empty, cleared, or the unchanged initial file.
        return product_image_prepare(upload=value)
