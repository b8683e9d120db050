"""QRIS for sellers: reading a seller's static QRIS and making a payment code for an order.

A seller gives us their static (merchant) QRIS once, pasted as text or as a photo of the
printed code. For each order we turn it into a dynamic code for the exact amount, so the
buyer's banking app shows the right total and cannot change it, and render it as a PNG
with the shop's name and the amount under it.

Everything a seller or buyer can send in is refused with ``ValidationError`` carrying an
Indonesian message and a ``code`` (see ``MESSAGES``); no lokal, Pillow or zxing-cpp error
escapes for any text or file. Amounts come from our own order totals, so a bad amount is a
programming error: ``TypeError`` or ``ValueError``.
"""

from __future__ import annotations

import io
import struct
import unicodedata
from typing import IO, Any

import lokal
import segno
import zxingcpp
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from lokal import QrisInfo
from PIL import Image, ImageDraw, ImageFont, ImageOps

from catalogue.images import upload_read_limited

#: An upload larger than this is not a photo of a QR sticker.
MAX_BYTES = 8 * 1024 * 1024
#: JPEG is decoded at a reduced scale (``draft``), so a big camera photo stays cheap.
MAX_PIXELS_JPEG = 64_000_000
#: Other formats are decoded in full: above this, the file is a decompression bomb.
MAX_PIXELS = 16_000_000
#: Images are shrunk to at most this many pixels on the long side before decoding.
DECODE_SIDE = 2000
IMAGE_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)

#: EMVCo payloads are at most 512 characters; anything longer is not a QRIS.
MAX_PAYLOAD = 512
#: Tag 54 holds at most 13 characters.
MAX_AMOUNT = 10**13 - 1
_TIP_TAGS = frozenset({"55", "56", "57"})

#: Smallest side of the QR in the PNG, quiet zone included: readable from a phone screenshot.
PNG_QR_SIDE = 720
PNG_BORDER = 4

MESSAGES = {
    "empty": _("Kode QRIS kosong. Tempel isi kode QRIS toko Anda."),
    "too_long": _("Kode QRIS tidak valid: terlalu panjang untuk sebuah kode QRIS."),
    "invalid": _("Kode QRIS tidak valid: %(reason)s"),
    "not_qris": _(
        "Kode QRIS tidak valid: ini kode pembayaran, tapi bukan QRIS (tidak ada NMID dari "
        "ID.CO.QRIS.WWW)."
    ),
    "dynamic": _(
        "Kode QRIS ini dinamis (untuk satu transaksi dengan nominal tertentu). Gunakan QRIS "
        "statis toko Anda, yang pembelinya mengetik nominal sendiri."
    ),
    "not_static": _("Kode QRIS tidak valid: harus QRIS statis (tag 01 bernilai 11)."),
    "image_format": _("Berkas harus berupa foto atau gambar (JPEG, PNG atau WebP), bukan PDF."),
    "image_too_large": _("Ukuran foto paling besar 8 MB."),
    "image_empty": _("Berkas foto kosong."),
    "image_corrupt": _("Foto rusak atau tidak lengkap. Coba unggah ulang."),
    "image_too_many_pixels": _("Resolusi foto terlalu besar. Kecilkan fotonya lalu unggah ulang."),
    "unreadable": _("QR tidak terbaca, foto ulang lebih dekat dan terang."),
    "not_qris_image": _(
        "QR di foto ini bukan QRIS. Foto QRIS toko Anda (stiker atau cetakan dari bank/dompet "
        "digital)."
    ),
    "several": _("Foto berisi lebih dari satu QRIS. Foto satu QRIS saja."),
}


def _refuse(code: str, **params: Any) -> ValidationError:
    return ValidationError(MESSAGES[code], code=code, params=params or None)


# --- Reading a pasted payload -------------------------------------------------------------


def qris_read(payload: str) -> QrisInfo:
    """Check a seller's static QRIS payload and return what lokal reads from it.

    The payload must be intact (TLV well formed, CRC matching), name a merchant, carry the
    national account (``ID.CO.QRIS.WWW`` with an NMID) and be static (tag 01 = 11).
    Surrounding whitespace is ignored; ``info.input`` is the stripped payload.

    Raises ``ValidationError`` with code ``empty``, ``too_long``, ``invalid`` (lokal's
    reason in the message), ``not_qris``, ``dynamic`` or ``not_static``; nothing else, for
    any input.
    """
    if not isinstance(payload, str):
        raise _refuse("empty")
    text = payload.strip()
    if not text:
        raise _refuse("empty")
    if len(text) > MAX_PAYLOAD:
        raise _refuse("too_long")
    try:
        info = lokal.parse_qris(text)
    except (ValueError, TypeError, IndexError, KeyError) as exc:  # lokal should not, but:
        raise _refuse("invalid", reason=str(exc)) from exc
    if not info.valid:
        raise _refuse("invalid", reason=info.errors[0].message)
    if not info.nmid:
        raise _refuse("not_qris")
    if info.type == "dynamic":
        raise _refuse("dynamic")
    if info.type != "static":
        raise _refuse("not_static")
    return info


# --- Reading a photo of the code ------------------------------------------------------------


def _read_limited(upload: IO[bytes] | Any) -> bytes:
    """At most ``MAX_BYTES`` of the upload (see ``upload_read_limited``), and not nothing;
    a file that cannot be read is refused as corrupt."""
    try:
        data = upload_read_limited(
            upload, max_bytes=MAX_BYTES, too_large=_refuse("image_too_large")
        )
    except (OSError, ValueError, TypeError) as exc:  # TypeError: read() gave no bytes at all.
        raise _refuse("image_corrupt") from exc
    if not isinstance(data, bytes | bytearray):
        raise _refuse("image_corrupt")
    if not data:
        raise _refuse("image_empty")
    return bytes(data)


def _image_for_decoding(data: bytes) -> Image.Image:
    """The picture as a grayscale image on white, at most ``DECODE_SIDE`` on its long side."""
    if data.startswith(b"%PDF"):
        raise _refuse("image_format")
    try:
        with Image.open(io.BytesIO(data), formats=sorted(IMAGE_FORMATS)) as img:
            width, height = img.size
            limit = MAX_PIXELS_JPEG if img.format == "JPEG" else MAX_PIXELS
            if width * height > limit:
                raise _refuse("image_too_many_pixels")
            if img.format == "JPEG":
                img.draft("RGB", (DECODE_SIDE, DECODE_SIDE))
            img.load()
            picture: Image.Image = ImageOps.exif_transpose(img) or img
            if picture.mode in ("RGBA", "LA", "PA") or (
                picture.mode == "P" and "transparency" in picture.info
            ):
                # A transparent background would turn black in grayscale and hide the code.
                rgba = picture.convert("RGBA")
                picture = Image.new("RGBA", rgba.size, "white")
                picture.alpha_composite(rgba)
            gray = picture.convert("L")
            gray.thumbnail((DECODE_SIDE, DECODE_SIDE))
            return gray
    except ValidationError:
        raise
    except Image.UnidentifiedImageError as exc:
        raise _refuse("image_format") from exc
    except Image.DecompressionBombError as exc:
        raise _refuse("image_too_many_pixels") from exc
    except (OSError, ValueError, SyntaxError, EOFError, struct.error) as exc:
        raise _refuse("image_corrupt") from exc


def qris_from_image(file: IO[bytes] | Any) -> str:
    """The static QRIS payload in a photo or screenshot of the seller's QRIS.

    ``file`` is a Django ``UploadedFile`` or any binary file-like object; it is read from
    the start, at most 8 MB. JPEG, PNG and WebP are accepted (by content, not by name).

    Raises ``ValidationError`` with code ``image_too_large``, ``image_empty``,
    ``image_format`` (a PDF or anything that is not an image), ``image_corrupt``,
    ``image_too_many_pixels``, ``unreadable`` (no QR found), ``not_qris_image`` (a QR
    holding something else, such as a URL), ``several`` (two different QRIS codes), or any
    code of ``qris_read`` for a QRIS that is damaged, dynamic or not national.
    """
    image = _image_for_decoding(_read_limited(file))
    try:
        found = zxingcpp.read_barcodes(image, formats=QR_ONLY)
    except (ValueError, TypeError, RuntimeError) as exc:
        raise _refuse("unreadable") from exc
    texts = list(dict.fromkeys(b.text for b in found if b.valid and b.text))
    if not texts:
        raise _refuse("unreadable")
    payloads: list[str] = []
    first_error: ValidationError | None = None
    for text in texts:
        try:
            payloads.append(qris_read(text).input)
        except ValidationError as exc:
            # A text that starts like an EMVCo payload is a QRIS gone wrong: say what is wrong.
            if first_error is None and text.strip().startswith("0002"):
                first_error = exc
    payloads = list(dict.fromkeys(payloads))
    if len(payloads) > 1:
        raise _refuse("several")
    if payloads:
        return payloads[0]
    if first_error is not None:
        raise first_error
    raise _refuse("not_qris_image")


# --- A payment code for an order ------------------------------------------------------------


def _amount_check(amount: int) -> int:
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"amount must be an int of Rupiah, not {type(amount).__name__}")
    if not 0 < amount <= MAX_AMOUNT:
        raise ValueError(f"amount must be between 1 and {MAX_AMOUNT} Rupiah, not {amount}")
    return amount


def _without_tip(info: QrisInfo) -> str:
    """The payload with any tip or fee (tags 55 to 57) left out, and its CRC recomputed."""
    if not any(f.tag in _TIP_TAGS for f in info.fields):
        return info.input
    body = "".join(
        f"{f.tag}{len(f.value):02d}{f.value}"
        for f in info.fields
        if f.tag not in _TIP_TAGS and f.tag != "63"
    )
    body += "6304"
    return body + lokal.qris_crc(body)


def qris_for_amount(payload: str, amount: int) -> str:
    """The dynamic QRIS payload that asks for exactly ``amount`` Rupiah.

    ``payload`` is the seller's static QRIS; the result pays the same merchant account, with
    tag 01 = 12, tag 54 = the amount and a new CRC. Any tip or fee prompt of the static code
    is dropped, so the buyer pays the amount and nothing more.

    Raises ``ValidationError`` (as ``qris_read``) for a payload that is not a valid static
    QRIS, ``TypeError`` for an amount that is not an ``int`` and ``ValueError`` for one
    that is not between 1 and ``MAX_AMOUNT``.
    """
    info = qris_read(payload)
    _amount_check(amount)
    try:
        dynamic = lokal.set_qris_amount(_without_tip(info), amount)
    except ValueError as exc:
        raise _refuse("invalid", reason=str(exc)) from exc
    check = lokal.parse_qris(dynamic)
    if not check.valid or check.amount != str(amount) or check.tip is not None:
        # lokal guarantees this; a payment code must never be off, so check anyway.
        raise _refuse("invalid", reason=check.errors[0].message if check.errors else "nominal")
    return dynamic


def rupiah(amount: int) -> str:
    """``15000`` as ``"Rp15.000"``: dots between thousands, no decimals."""
    return "Rp" + f"{amount:,}".replace(",", ".")


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.load_default(size=size)
    except (OSError, ImportError, TypeError):  # Pillow without FreeType: the small bitmap font
        return ImageFont.load_default()


def _line_height(font: Any) -> int:
    """Pixels from the top of a line of text to below its descenders."""
    return int(font.getbbox("Ágjy")[3])


def _fit(draw: ImageDraw.ImageDraw, text: str, font: Any, width: int) -> str:
    """``text``, cut with an ellipsis to fit ``width`` pixels."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _centered(draw: ImageDraw.ImageDraw, y: int, width: int, text: str, font: Any) -> None:
    x = (width - draw.textlength(text, font=font)) / 2
    draw.text((x, y), text, font=font, fill="black")


def _label(text: str) -> str:
    """One line of printable text: control characters out, whitespace runs collapsed."""
    shown = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    return " ".join(shown.split())


def qris_png(payload: str, *, amount: int, merchant: str) -> bytes:
    """A PNG of the payment code: the QR, and under it the merchant name and the amount.

    ``payload`` is either the dynamic payload from ``qris_for_amount`` for this ``amount``,
    or the seller's static payload, which is then made dynamic for ``amount`` here. The
    amount is printed like ``Rp15.000``; a long merchant name is cut with an ellipsis.
    White background, black modules, at least ``PNG_QR_SIDE`` pixels wide.

    Raises ``ValidationError`` for a payload that is not a valid QRIS, ``TypeError`` for an
    amount that is not an ``int``, and ``ValueError`` for an amount out of range or a
    dynamic payload that asks for a different amount (the picture would lie).
    """
    _amount_check(amount)
    text = payload.strip() if isinstance(payload, str) else payload
    info = lokal.parse_qris(text) if isinstance(text, str) and len(text) <= MAX_PAYLOAD else None
    if info is not None and info.valid and info.type == "dynamic":
        if not info.nmid:
            raise _refuse("not_qris")
        if info.amount != str(amount) or info.tip is not None:
            raise ValueError(f"payload asks for {info.amount!r}, not {amount} without a tip")
        code_text = text
    else:
        code_text = qris_for_amount(payload, amount)

    qr = segno.make_qr(code_text, error="m")
    modules = qr.symbol_size(scale=1, border=PNG_BORDER)[0]
    scale = max(1, -(-PNG_QR_SIDE // modules))
    out = io.BytesIO()
    qr.save(out, kind="png", scale=scale, border=PNG_BORDER, dark="black", light="white")
    qr_image = Image.open(io.BytesIO(out.getvalue())).convert("RGB")

    side = qr_image.width
    margin = side // 12
    name_font = _font(max(16, side // 18))
    amount_font = _font(max(20, side // 11))
    name_height = _line_height(name_font)
    gap = side // 40
    height = side + gap + name_height + gap + _line_height(amount_font) + margin
    canvas = Image.new("RGB", (side, height), "white")
    canvas.paste(qr_image, (0, 0))
    draw = ImageDraw.Draw(canvas)
    fallback = info.merchant_name if info is not None and info.merchant_name else ""
    name = _fit(
        draw,
        _label(merchant if isinstance(merchant, str) else "") or _label(fallback),
        name_font,
        side - 2 * margin,
    )
    y = side + gap
    _centered(draw, y, side, name, name_font)
    y += name_height + gap
    _centered(draw, y, side, rupiah(amount), amount_font)

    png = io.BytesIO()
    canvas.save(png, format="PNG", optimize=True)
    return png.getvalue()
