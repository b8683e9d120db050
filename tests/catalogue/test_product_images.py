"""Product photos: only clean, upright, small JPEG/PNG/WebP reach storage; the rest is refused."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from catalogue.images import MAX_SIDE, ProductImageField, product_image_prepare

ORIENTATION = 0x0112
GPS_IFD = 0x8825


def encode(img: Image.Image, fmt: str, **options) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt, **options)
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/jpeg")


def refusal(name: str, content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        product_image_prepare(upload=upload(name, content))
    return info.value


def opened(result) -> Image.Image:
    return Image.open(io.BytesIO(result.read()))


def small_jpeg() -> bytes:
    return encode(Image.new("RGB", (40, 30), "green"), "JPEG")


def test_photo_is_turned_upright_and_loses_exif_and_gps():
    # Left half red, right half blue; orientation 6 means "turn 90° clockwise to view".
    img = Image.new("RGB", (300, 200), "red")
    img.paste("blue", (150, 0, 300, 200))
    exif = Image.Exif()
    exif[ORIENTATION] = 6
    exif[GPS_IFD] = {1: "S", 2: (7.0, 47.0, 0.0), 3: "E", 4: (110.0, 22.0, 0.0)}
    content = encode(img, "JPEG", exif=exif)
    assert Image.open(io.BytesIO(content)).getexif().get_ifd(GPS_IFD)

    result = product_image_prepare(upload=upload("IMG_2041.JPG", content))

    photo = opened(result)
    assert photo.format == "JPEG"
    assert photo.size == (200, 300)
    red, green, blue = photo.getpixel((100, 20))
    assert red > 200 and blue < 60  # The left (red) half is now on top.
    red, green, blue = photo.getpixel((100, 280))
    assert blue > 200 and red < 60
    assert len(photo.getexif()) == 0
    assert "exif" not in photo.info
    assert b"Exif" not in result.open().read()


def test_generated_name_replaces_the_sellers_file_name():
    result = product_image_prepare(upload=upload("../../etc/rumah saya.jpeg", small_jpeg()))

    assert result.name.endswith(".jpg")
    assert len(Path(result.name).stem) == 32
    assert "/" not in result.name and "rumah" not in result.name


def test_large_photo_is_downsized_to_1600_on_the_long_side():
    content = encode(Image.new("RGB", (4000, 3000), "orange"), "JPEG", quality=50)

    photo = opened(product_image_prepare(upload=upload("sawah.jpg", content)))

    assert photo.size == (MAX_SIDE, 1200)
    assert photo.info.get("progression") or photo.info.get("progressive")


@pytest.mark.parametrize("fmt, name", [("PNG", "logo.png"), ("WEBP", "logo.webp")])
def test_png_and_webp_keep_format_and_transparency(fmt, name):
    img = Image.new("RGBA", (50, 40), (255, 0, 0, 0))
    img.paste((0, 0, 255, 255), (0, 0, 25, 40))

    result = product_image_prepare(upload=upload(name, encode(img, fmt)))

    photo = opened(result)
    assert photo.format == fmt
    assert photo.mode == "RGBA"
    assert photo.getpixel((45, 20))[3] == 0
    assert result.name.endswith("." + fmt.lower())


def test_png_renamed_jpg_is_refused():
    content = encode(Image.new("RGB", (40, 30), "white"), "PNG")

    error = refusal("foto.jpg", content)

    assert error.code == "extension_mismatch"


def test_gif_is_refused():
    content = encode(Image.new("P", (40, 30)), "GIF")

    assert refusal("kucing.gif", content).code == "format"
    assert refusal("kucing.jpg", content).code == "format"


def test_text_file_named_jpg_is_refused():
    assert refusal("foto.jpg", b"Bukan gambar, hanya teks biasa.\n" * 20).code == "format"


def test_file_over_8_mb_is_refused():
    content = small_jpeg() + b"\0" * (9 * 1024 * 1024)

    assert refusal("besar.jpg", content).code == "too_large"


def test_file_over_8_mb_is_refused_even_when_its_declared_size_lies():
    lying = upload("besar.jpg", small_jpeg() + b"\0" * (9 * 1024 * 1024))
    lying.size = 1000

    with pytest.raises(ValidationError) as info:
        product_image_prepare(upload=lying)

    assert info.value.code == "too_large"


@pytest.fixture(scope="module")
def bombs() -> dict[str, bytes]:
    """Tiny PNGs whose headers promise huge images: 1-bit pixels compress to a few KB."""
    return {
        # Above Pillow's own limit, so Image.open itself objects.
        "20000x20000": encode(Image.new("1", (20000, 20000)), "PNG"),
        # Above 25 MP but below Pillow's limit: only our check stands in the way.
        "6000x5000": encode(Image.new("1", (6000, 5000)), "PNG"),
    }


@pytest.mark.parametrize("size", ["20000x20000", "6000x5000"])
def test_decompression_bomb_is_refused_before_decoding(bombs, size):
    content = bombs[size]
    assert len(content) < 100_000

    started = time.perf_counter()
    error = refusal("bom.png", content)
    elapsed = time.perf_counter() - started

    assert error.code == "too_many_pixels"
    assert elapsed < 0.5


def test_truncated_jpeg_is_refused_as_corrupt():
    noise = Image.effect_noise((400, 300), 64).convert("RGB")
    content = encode(noise, "JPEG")

    assert refusal("potong.jpg", content[: len(content) // 2]).code == "corrupt"


def test_refusals_are_explained_in_indonesian():
    with translation.override("id"):
        messages = [
            refusal("a.gif", encode(Image.new("P", (4, 4)), "GIF")).messages[0],
            refusal("a.jpg", encode(Image.new("RGB", (4, 4)), "PNG")).messages[0],
            refusal("a.jpg", small_jpeg() + b"\0" * (9 * 1024 * 1024)).messages[0],
        ]

    assert messages[0] == "Foto harus berupa gambar JPEG, PNG atau WebP."
    assert "berisi gambar PNG" in messages[1]
    assert messages[2] == "Ukuran file foto paling besar 8 MB."


def media_files(root: Path) -> set[Path]:
    return {p for p in root.rglob("*") if p.is_file()}


class PhotoForm(forms.Form):
    photo = ProductImageField()


def test_refused_upload_leaves_no_file_in_storage(media_root, bombs):
    before = media_files(media_root)
    refused = [
        ("foto.jpg", encode(Image.new("RGB", (40, 30)), "PNG")),
        ("kucing.gif", encode(Image.new("P", (40, 30)), "GIF")),
        ("bom.png", bombs["6000x5000"]),
        ("besar.jpg", small_jpeg() + b"\0" * (9 * 1024 * 1024)),
    ]

    for name, content in refused:
        form = PhotoForm(data={}, files={"photo": upload(name, content)})
        assert not form.is_valid()
        assert form.errors["photo"]

    assert media_files(media_root) == before


def test_form_field_returns_the_prepared_photo():
    content = encode(Image.new("RGB", (3200, 800), "blue"), "JPEG")

    form = PhotoForm(data={}, files={"photo": upload("perahu.jpg", content)})

    assert form.is_valid(), form.errors
    photo = form.cleaned_data["photo"]
    assert photo.name != "perahu.jpg"
    assert opened(photo).size == (MAX_SIDE, 400)
