"""Catalogue test data, on top of Oscar's own factories."""

from __future__ import annotations

import io
import struct
import zipfile
from decimal import Decimal

from openpyxl import Workbook
from oscar.apps.catalogue.categories import create_from_breadcrumbs
from oscar.core.loading import get_model
from oscar.test.factories import create_product

from tests.sellers.factories import seller_create

ProductCategory = get_model("catalogue", "ProductCategory")


def product_for_sale(
    *,
    title: str = "Kopi Robusta Lereng Ijen 250 g",
    category: str = "Kopi",
    shop: str = "Kopi Lereng Ijen",
    price: int = 45000,
    stock: int = 20,
    upc: str | None = None,
):
    """A public product in a category, sold by a shop (an approved seller) at a Rupiah price."""
    product = create_product(
        title=title,
        upc=upc,
        product_class="Produk UMKM",
        partner_name=shop,
        price=Decimal(price),
        num_in_stock=stock,
    )
    ProductCategory.objects.create(product=product, category=create_from_breadcrumbs(category))
    # Only products of an approved, active seller are listed.
    seller_create(partner=product.stockrecords.get().partner)
    return product


def xlsx_part_replaced(data: bytes, name: str, content: bytes) -> bytes:
    """The XLSX (a zip) ``data`` with its part ``name`` holding ``content`` instead."""
    result = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(result, "w") as target:
        for item in source.infolist():
            part = content if item.filename == name else source.read(item.filename)
            target.writestr(item.filename, part, zipfile.ZIP_DEFLATED)
    return result.getvalue()


def damaged_xlsx_files() -> dict[str, bytes]:
    """Real zip files that are broken XLSX files, as a cut-off upload or a hostile file is
    broken: the spreadsheet reader refuses each as damaged."""
    workbook = Workbook()
    workbook.active.append(["sku", "judul", "harga"])
    workbook.active.append(["KRP-01", "Keripik Pisang", 15000])
    out = io.BytesIO()
    workbook.save(out)
    good = out.getvalue()
    workbook_xml = zipfile.ZipFile(out).read("xl/workbook.xml")
    only_content_types = io.BytesIO()
    with zipfile.ZipFile(only_content_types, "w") as target:
        target.writestr("[Content_Types].xml", "<not xml")
    return {
        "sheet cut short": xlsx_part_replaced(
            good, "xl/worksheets/sheet1.xml", b"<worksheet><sheetData><row"
        ),
        "workbook cut short": xlsx_part_replaced(
            good, "xl/workbook.xml", workbook_xml[: len(workbook_xml) // 2]
        ),
        "only [Content_Types].xml": only_content_types.getvalue(),
        "broken compressed data": _zip_member_spoiled(good, "xl/workbook.xml", deflate_byte=0xFF),
        "encrypted part": _zip_member_spoiled(good, "xl/workbook.xml", encrypted=True),
    }


def _zip_member_spoiled(
    data: bytes, member: str, *, encrypted: bool = False, deflate_byte: int | None = None
) -> bytes:
    """The zip with ``member`` marked as encrypted, or its compressed data starting with
    ``deflate_byte`` (0xFF: a deflate block of the reserved type)."""
    spoiled = bytearray(data)
    local = zipfile.ZipFile(io.BytesIO(data)).getinfo(member).header_offset
    name_length, extra_length = struct.unpack_from("<HH", spoiled, local + 26)
    if encrypted:
        spoiled[local + 6] |= 1
        central = spoiled.find(b"PK\x01\x02")
        while central >= 0:
            length = struct.unpack_from("<H", spoiled, central + 28)[0]
            if spoiled[central + 46 : central + 46 + length] == member.encode():
                spoiled[central + 8] |= 1
            central = spoiled.find(b"PK\x01\x02", central + 46)
    if deflate_byte is not None:
        spoiled[local + 30 + name_length + extra_length] = deflate_byte
    return bytes(spoiled)
