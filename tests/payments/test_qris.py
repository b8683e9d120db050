"""QRIS: reading a seller's static code (pasted or photographed), the dynamic code for an
order amount, and its PNG. No database: everything here is text and pictures."""

from __future__ import annotations

import io
import random

import lokal
import pytest
import segno
import zxingcpp
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFilter

from payments.qris import (
    MAX_BYTES,
    MESSAGES,
    qris_for_amount,
    qris_from_image,
    qris_png,
    qris_read,
    rupiah,
)

NMID = "ID1025123456789"
MERCHANT = "WARUNG BU SRI"


def tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def with_crc(body: str) -> str:
    body += "6304"
    return body + lokal.qris_crc(body)


def static_qris(
    *, name: str = MERCHANT, extra: str = "", account_gui: str = "ID.CO.QRIS.WWW"
) -> str:
    """A static QRIS as a bank prints it: an acquirer account in 26, the NMID in 51."""
    body = (
        tlv("00", "01")
        + tlv("01", "11")
        + tlv("26", tlv("00", "ID.CO.BANKDESA.WWW") + tlv("01", "936000990012345678"))
        + tlv("51", tlv("00", account_gui) + tlv("02", NMID) + tlv("03", "UMI"))
        + tlv("52", "5499")
        + tlv("53", "360")
        + extra
        + tlv("58", "ID")
        + tlv("59", name)
        + tlv("60", "SLEMAN")
        + tlv("61", "55581")
    )
    return with_crc(body)


STATIC = static_qris()


def message(exc: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(exc.value.messages)


def png_of(image: Image.Image) -> io.BytesIO:
    out = io.BytesIO()
    image.save(out, format="PNG")
    out.seek(0)
    return out


def qr_image(text: str, *, scale: int = 8) -> Image.Image:
    out = io.BytesIO()
    segno.make_qr(text, error="m").save(out, kind="png", scale=scale, border=4)
    return Image.open(io.BytesIO(out.getvalue())).convert("RGB")


def decode(png: bytes) -> list[str]:
    return [b.text for b in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


# --- Pasted payloads ------------------------------------------------------------------------


def test_a_static_qris_is_read():
    info = qris_read(f"  {STATIC}\n")

    assert info.input == STATIC
    assert info.merchant_name == MERCHANT
    assert info.nmid == NMID
    assert info.type == "static"


def test_a_changed_byte_is_refused_by_its_crc():
    changed = STATIC.replace("SLEMAN", "SLEMAM")

    with pytest.raises(ValidationError) as exc:
        qris_read(changed)

    assert exc.value.code == "invalid"
    assert message(exc).startswith("Kode QRIS tidak valid: CRC tidak cocok")


def test_a_payload_without_merchant_name_is_refused():
    body = STATIC[:-8].replace(tlv("59", MERCHANT), "")

    with pytest.raises(ValidationError) as exc:
        qris_read(with_crc(body))

    assert "Nama merchant" in message(exc)


def test_a_dynamic_qris_is_refused():
    with pytest.raises(ValidationError) as exc:
        qris_read(qris_for_amount(STATIC, 15000))

    assert exc.value.code == "dynamic"
    assert "QRIS statis" in message(exc)


def test_a_payment_code_without_the_national_account_is_refused():
    with pytest.raises(ValidationError) as exc:
        qris_read(static_qris(account_gui="COM.EXAMPLE.WWW"))

    assert exc.value.code == "not_qris"


JUNK = [
    "",
    " \t\n",
    "x",
    "0",
    "000201",
    "https://kampungmall.id/toko/warung-bu-sri",
    "Ω" * 300,
    "🙂" * 100,
    "0" * 10_000_000,
    "\x00" * 50,
    STATIC[:-1],
    STATIC + "0",
    STATIC[:40],
    STATIC.replace("6304", "6399"),
    "00020101021126" + "99" * 200,
    "0002010102116304" + lokal.qris_crc("0002010102116304"),
    "٠٠٠٢٠١",  # Arabic-Indic digits: not ASCII digits
]


@pytest.mark.parametrize("junk", JUNK, ids=range(len(JUNK)))
def test_junk_raises_only_validation_error(junk):
    with pytest.raises(ValidationError):
        qris_read(junk)


def test_random_changes_raise_only_validation_error():
    rng = random.Random(20250602)
    alphabet = "0123456789ABCDEF.IDW é🙂\n"
    for _ in range(2000):
        cut = list(STATIC)
        for _ in range(rng.randint(1, 4)):
            cut[rng.randrange(len(cut))] = rng.choice(alphabet)
        for text in ("".join(cut), "".join(rng.choices(alphabet, k=rng.randint(0, 600)))):
            try:
                info = qris_read(text)
            except ValidationError:
                continue
            assert info.input == STATIC  # only an unchanged code gets through


def test_a_non_string_is_refused():
    with pytest.raises(ValidationError):
        qris_read(None)  # type: ignore[arg-type]


# --- The code for an amount -----------------------------------------------------------------


def test_the_amount_payload_carries_the_exact_amount_and_a_valid_crc():
    dynamic = qris_for_amount(STATIC, 15000)

    info = lokal.parse_qris(dynamic)
    assert info.valid, info.errors
    assert info.type == "dynamic"
    assert info.amount == "15000"
    assert tlv("54", "15000") in dynamic
    assert info.crc == lokal.qris_crc(dynamic[:-4])
    assert info.tip is None
    assert info.nmid == NMID
    assert info.merchant_name == MERCHANT


def test_a_tip_prompt_of_the_static_code_is_dropped():
    with_tip = static_qris(extra=tlv("55", "01"))
    assert qris_read(with_tip).input == with_tip

    info = lokal.parse_qris(qris_for_amount(with_tip, 20000))

    assert info.valid, info.errors
    assert info.amount == "20000"
    assert info.tip is None
    assert not any(f.tag in ("55", "56", "57") for f in info.fields)


@pytest.mark.parametrize("amount", [0, -1, 10**13])
def test_an_amount_out_of_range_is_a_value_error(amount):
    with pytest.raises(ValueError):
        qris_for_amount(STATIC, amount)


@pytest.mark.parametrize("amount", [15000.0, "15000", True, None])
def test_an_amount_that_is_not_an_int_is_a_type_error(amount):
    with pytest.raises(TypeError):
        qris_for_amount(STATIC, amount)  # type: ignore[arg-type]


def test_an_invalid_payload_for_an_amount_is_a_validation_error():
    with pytest.raises(ValidationError):
        qris_for_amount(STATIC[:-1] + "0", 15000)


# --- The PNG --------------------------------------------------------------------------------


@pytest.mark.parametrize("amount", [1, 15000, 2_500_000])
def test_the_png_decodes_back_to_exactly_the_amount_payload(amount):
    dynamic = qris_for_amount(STATIC, amount)

    png = qris_png(dynamic, amount=amount, merchant="Warung Bu Sri")

    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.width >= 720
    assert image.height > image.width  # the name and amount under the code
    assert image.convert("RGB").getpixel((1, 1)) == (255, 255, 255)
    assert decode(png) == [dynamic]


def test_the_png_from_a_static_payload_carries_the_amount():
    png = qris_png(STATIC, amount=15000, merchant="Warung Bu Sri")

    assert decode(png) == [qris_for_amount(STATIC, 15000)]


def test_the_png_still_decodes_as_a_small_screenshot():
    png = qris_png(STATIC, amount=15000, merchant="Warung Bu Sri")
    small = Image.open(io.BytesIO(png)).convert("RGB")
    small = small.resize((small.width // 3, small.height // 3), Image.Resampling.BILINEAR)

    assert [b.text for b in zxingcpp.read_barcodes(small)] == [qris_for_amount(STATIC, 15000)]


def test_the_png_refuses_a_dynamic_payload_for_another_amount():
    with pytest.raises(ValueError):
        qris_png(qris_for_amount(STATIC, 15000), amount=20000, merchant="Warung Bu Sri")


def test_the_png_takes_a_long_or_odd_merchant_name():
    name = "Toko Kerajinan Anyaman Bambu & Pandan\x00\n Ibu Siti Rahayu 🙂" * 3

    png = qris_png(STATIC, amount=15000, merchant=name)

    assert decode(png) == [qris_for_amount(STATIC, 15000)]


@pytest.mark.parametrize(
    ("amount", "shown"), [(1, "Rp1"), (15000, "Rp15.000"), (1234567, "Rp1.234.567")]
)
def test_rupiah(amount, shown):
    assert rupiah(amount) == shown


# --- Photos of the code ---------------------------------------------------------------------


def test_a_photo_of_a_static_qris_gives_the_payload():
    photo = Image.new("RGB", (1600, 1200), (200, 190, 170))
    photo.paste(qr_image(STATIC, scale=6), (500, 300))
    out = io.BytesIO()
    photo.save(out, format="JPEG", quality=85)
    upload = SimpleUploadedFile("IMG_2041.jpg", out.getvalue(), content_type="image/jpeg")

    assert qris_from_image(upload) == STATIC


def test_a_transparent_screenshot_is_read():
    code = qr_image(STATIC).convert("L")
    rgba = Image.new("RGBA", code.size, (0, 0, 0, 0))
    rgba.putalpha(Image.eval(code, lambda v: 255 - v))  # black modules, transparent elsewhere

    assert qris_from_image(png_of(rgba)) == STATIC


def test_a_huge_photo_is_downscaled_and_read():
    photo = Image.new("RGB", (6000, 4500), "white")
    photo.paste(qr_image(STATIC, scale=30), (1500, 800))
    out = io.BytesIO()
    photo.save(out, format="JPEG", quality=80)

    assert qris_from_image(io.BytesIO(out.getvalue())) == STATIC


def test_a_qr_with_a_url_is_refused():
    with pytest.raises(ValidationError) as exc:
        qris_from_image(png_of(qr_image("https://kampungmall.id/toko/warung-bu-sri")))

    assert exc.value.code == "not_qris_image"
    assert message(exc) == str(MESSAGES["not_qris_image"])


def test_a_blank_image_is_refused():
    with pytest.raises(ValidationError) as exc:
        qris_from_image(png_of(Image.new("RGB", (800, 800), "white")))

    assert exc.value.code == "unreadable"
    assert message(exc) == "QR tidak terbaca, foto ulang lebih dekat dan terang."


def test_a_blurred_qr_is_refused():
    blurred = qr_image(STATIC, scale=4).filter(ImageFilter.GaussianBlur(12))

    with pytest.raises(ValidationError) as exc:
        qris_from_image(png_of(blurred))

    assert exc.value.code == "unreadable"


def test_a_pdf_is_refused():
    pdf = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"

    with pytest.raises(ValidationError) as exc:
        qris_from_image(SimpleUploadedFile("qris.jpg", pdf, content_type="image/jpeg"))

    assert exc.value.code == "image_format"
    assert "bukan PDF" in message(exc)


def test_a_damaged_qris_in_a_photo_says_what_is_wrong():
    with pytest.raises(ValidationError) as exc:
        qris_from_image(png_of(qr_image(STATIC.replace("SLEMAN", "SLEMAM"))))

    assert exc.value.code == "invalid"
    assert "CRC tidak cocok" in message(exc)


def test_a_dynamic_qris_in_a_photo_is_refused():
    with pytest.raises(ValidationError) as exc:
        qris_from_image(png_of(qr_image(qris_for_amount(STATIC, 15000))))

    assert exc.value.code == "dynamic"


def test_two_different_qris_in_one_photo_are_refused():
    other = qr_image(static_qris(name="TOKO PAK HARJO"))
    photo = Image.new("RGB", (other.width * 2 + 100, other.height), "white")
    photo.paste(qr_image(STATIC), (0, 0))
    photo.paste(other, (other.width + 100, 0))

    with pytest.raises(ValidationError) as exc:
        qris_from_image(png_of(photo))

    assert exc.value.code == "several"


def test_a_file_over_8_mb_is_refused():
    big = SimpleUploadedFile("big.jpg", b"\xff\xd8\xff" + b"\0" * MAX_BYTES)

    with pytest.raises(ValidationError) as exc:
        qris_from_image(big)

    assert exc.value.code == "image_too_large"


def test_a_decompression_bomb_is_refused():
    bomb = png_of(Image.new("1", (5000, 5000), 1))
    assert len(bomb.getvalue()) < 100_000

    with pytest.raises(ValidationError) as exc:
        qris_from_image(bomb)

    assert exc.value.code == "image_too_many_pixels"


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"GIF89a" + b"\0" * 20,
        b"\x89PNG\r\n\x1a\n" + b"\0" * 40,
        b"\xff\xd8\xff\xe0" + b"\0" * 40,
        b"RIFF\0\0\0\0WEBPVP8 ",
        "QRIS 🙂".encode(),
    ],
    ids=["empty", "gif", "png-truncated", "jpeg-truncated", "webp-truncated", "text"],
)
def test_junk_files_raise_only_validation_error(data):
    with pytest.raises(ValidationError):
        qris_from_image(io.BytesIO(data))


def test_a_truncated_real_photo_raises_only_validation_error():
    out = io.BytesIO()
    qr_image(STATIC).save(out, format="JPEG")

    with pytest.raises(ValidationError):
        qris_from_image(io.BytesIO(out.getvalue()[: len(out.getvalue()) // 3]))
