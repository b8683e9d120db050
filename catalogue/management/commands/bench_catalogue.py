"""``manage.py bench_catalogue --products N [--seed S] [--no-index]``: a large catalogue.

Fills the demo marketplace (``manage.py seed_demo`` first) with N generated products, so
that listings, search and the benchmarks in ``bench/`` see a realistic amount of data:
Indonesian titles and descriptions built from word lists that fit each of the demo's
leaf categories (matched by slug), one leaf category, one stock record at an active
seller whose main category fits (its village named in the description), whole-Rupiah
prices, stock with a few items sold out, creation dates over the past two years, a few
products hidden, and an image row reusing one of the demo's stored pictures of the same
category (no file is written).

The same seed on the same demo gives the same products. Generated products are marked by
the UPC prefix ``BENCH-``: a run first deletes the previous run's products with every
row that depends on them (stock records, categories, images, basket lines, search rows;
order lines keep their history without the product), in bulk, and never touches any other
product. Rows are written with ``bulk_create`` in batches inside one transaction, which
skips model signals: the search index is rebuilt once at the end (``search.indexing``)
unless ``--no-index`` is given. ``--products 0`` only deletes. A developer tool: its
output is in English.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.db.models.deletion import get_candidate_relations_to_delete
from django.utils import timezone
from oscar.core.loading import get_model
from oscar.core.utils import slugify

from catalogue import demo
from sellers.models import Seller

Category = get_model("catalogue", "Category")
Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
ProductImage = get_model("catalogue", "ProductImage")
StockRecord = get_model("partner", "StockRecord")

UPC_PREFIX = "BENCH-"
DEFAULT_SEED = 3510
BATCH = 2000
PRICE_MIN, PRICE_MAX = 5_000, 750_000
MAX_AGE_SECONDS = 2 * 365 * 24 * 3600


@dataclass(frozen=True)
class Kind:
    """A kind of product: ``title`` and ``lead`` are formats over ``words``; ``priced``
    names the word lists ordered cheapest first (sizes), which set the price in ``price``."""

    title: str
    words: dict[str, tuple[str, ...]]
    price: tuple[int, int]
    lead: str
    priced: tuple[str, ...] = ()
    share: int = 1


@dataclass(frozen=True)
class Words:
    """What a leaf category sells: its kinds, sentences any of them may add, its share
    of the catalogue, and the shipping weight of a product whose title gives none."""

    kinds: tuple[Kind, ...]
    details: tuple[str, ...]
    share: int
    grams: int


# The word lists, one leaf category per block, laid out by hand (ruff format would put
# each word on its own line).
# fmt: off
VARIETAS = ("Robusta", "Robusta", "Robusta", "Arabika", "Arabika", "Excelsa", "Liberika", "Lanang")
ASAL = ("Lereng Ijen", "Kalibaru", "Glenmore", "Songgon", "Licin", "Gombengsari", "Kemiren",
        "Sempu", "Kalibendo", "Tamansari", "Raung", "Kayumas")
PROSES = ("Natural", "Honey", "Full Wash", "Semi Wash", "Wine", "Anaerob")
SANGRAI = ("Light Roast", "Medium Roast", "Medium Dark", "Dark Roast")
BERAT_KOPI = ("100 g", "200 g", "250 g", "500 g", "1 kg")
BERAT_CAMILAN = ("100 g", "150 g", "250 g", "500 g", "1 kg")
MOTIF = ("Gajah Oling", "Kangkung Setingkes", "Paras Gempal", "Moto Pitik", "Kopi Pecah",
         "Alas Kobong", "Sembruk Cacing", "Blarak Semplak", "Gedegan", "Sekar Jagad",
         "Gringsing", "Jenon", "Kawung Osing", "Manuk Kecaruk")
WARNA_BATIK = ("Pewarna Alam", "Sogan", "Latar Putih", "Merah Marun", "Biru Indigo",
               "Hijau Pupus", "Kuning Kunyit", "Hitam")
WARNA = ("Hitam", "Putih", "Krem", "Navy", "Merah Bata", "Hijau Botol", "Mustard", "Abu-abu")
UKURAN = ("S", "M", "L", "XL", "XXL")
BAHAN_ANYAMAN = ("Bambu", "Bambu", "Pandan", "Mendong", "Rotan", "Eceng Gondok", "Lidi Kelapa")
BERAT_TANI = ("500 g", "1 kg", "2 kg", "5 kg")
MUTU_TANI = ("Segar", "Super", "Grade A", "Pilihan", "Petik Kebun")

WORDS: dict[str, Words] = {
    "biji-sangrai": Words(
        (Kind("Kopi {varietas} {asal} {proses} Biji {berat}",
              {"varietas": VARIETAS, "asal": ASAL, "proses": PROSES, "berat": BERAT_KOPI},
              (25_000, 300_000), "Biji kopi {varietas} dari {asal}, proses {proses!l}, "
              "isi {berat}.", ("berat",), 3),
         Kind("Biji Kopi {varietas} {asal} {sangrai} {berat}",
              {"varietas": VARIETAS, "asal": ASAL, "sangrai": SANGRAI, "berat": BERAT_KOPI},
              (25_000, 300_000), "Biji kopi {varietas} {asal} disangrai {sangrai!l}, "
              "isi {berat}.", ("berat",), 2),
         Kind("Biji Kopi Mentah {varietas} {asal} {berat}",
              {"varietas": VARIETAS, "asal": ASAL, "berat": ("500 g", "1 kg", "5 kg")},
              (40_000, 450_000), "Green bean {varietas} {asal} untuk disangrai sendiri, "
              "isi {berat}.", ("berat",))),
        ("Cocok digiling sesaat sebelum diseduh dengan V60, tubruk atau mesin espresso.",
         "Dipetik merah dari kebun rakyat di ketinggian 700–1.400 mdpl.",
         "Aromanya cokelat dan gula aren dengan keasaman yang lembut.",
         "Kemasan berkatup satu arah agar kesegaran biji tetap terjaga.",
         "Disangrai dalam jumlah kecil setiap minggu."),
        7, 300,
    ),
    "kopi-bubuk": Words(
        (Kind("Kopi {varietas} {asal} Bubuk {berat}",
              {"varietas": VARIETAS, "asal": ASAL, "berat": BERAT_KOPI},
              (15_000, 250_000), "Kopi bubuk {varietas} asli {asal}, digiling sedang, "
              "isi {berat}.", ("berat",), 3),
         Kind("Kopi Bubuk {varietas} {asal} {proses} {berat}",
              {"varietas": VARIETAS, "asal": ASAL, "proses": PROSES, "berat": BERAT_KOPI},
              (20_000, 260_000), "Kopi bubuk {varietas} {asal} dengan proses {proses!l}, "
              "isi {berat}.", ("berat",), 2),
         Kind("Kopi {campuran} Khas {asal} Bubuk {berat}",
              {"campuran": ("Jahe", "Rempah Osing", "Gula Aren", "Kapulaga", "Kayu Manis",
                            "Susu"),
               "asal": ASAL, "berat": ("100 g", "200 g", "250 g", "500 g")},
              (12_000, 120_000), "Kopi bubuk berpadu {campuran!l}, resep khas {asal}, "
              "isi {berat}.", ("berat",)),
         Kind("Kopi Tubruk {varietas} {asal} {berat}",
              {"varietas": VARIETAS, "asal": ASAL, "berat": BERAT_KOPI},
              (12_000, 200_000), "Kopi tubruk {varietas} dari {asal}, bubuk halus khas "
              "warung desa, isi {berat}.", ("berat",))),
        ("Seduh dengan air mendidih, diamkan empat menit, lalu nikmati.",
         "Tanpa campuran jagung atau beras, seratus persen kopi.",
         "Disangrai dengan tungku kayu oleh kelompok tani kopi setempat.",
         "Kemasan ziplock beraluminium agar aromanya tidak cepat hilang."),
        8, 300,
    ),
    "siap-seduh": Words(
        (Kind("Kopi Drip Bag {varietas} {asal} isi {isi}",
              {"varietas": VARIETAS, "asal": ASAL, "isi": ("5", "10", "20")},
              (25_000, 180_000), "Drip bag kopi {varietas} {asal}, isi {isi} sachet, "
              "praktis diseduh di mana saja.", ("isi",), 2),
         Kind("Cold Brew {varietas} {asal} {isi}",
              {"varietas": VARIETAS, "asal": ASAL, "isi": ("250 ml", "500 ml", "1 Liter")},
              (18_000, 120_000), "Cold brew kopi {varietas} {asal} dalam botol {isi}, "
              "diseduh dingin dua belas jam.", ("isi",), 2),
         Kind("Kopi Susu Gula Aren {varietas} {asal} Botol {isi}",
              {"varietas": VARIETAS, "asal": ASAL, "isi": ("250 ml", "500 ml", "1 Liter")},
              (15_000, 95_000), "Kopi susu gula aren dari kopi {varietas} {asal}, "
              "botol {isi}.", ("isi",))),
        ("Tanpa pengawet; simpan di lemari es dan habiskan dalam lima hari.",
         "Kopinya disangrai sendiri oleh kelompok tani kopi setempat.",
         "Cocok untuk oleh-oleh atau suguhan tamu."),
        5, 400,
    ),
    "keripik-kerupuk": Words(
        (Kind("Keripik {bahan} {rasa} {berat}",
              {"bahan": ("Singkong", "Singkong", "Pisang", "Pisang Agung", "Tempe", "Talas",
                         "Ubi Ungu", "Gadung", "Sukun", "Nangka", "Kentang", "Bayam",
                         "Jamur Tiram", "Pare"),
               "rasa": ("Original", "Balado", "Pedas", "Pedas Daun Jeruk", "Manis Pedas",
                        "Keju", "Jagung Bakar", "Barbeque", "Asin Gurih", "Bawang Putih",
                        "Rumput Laut"),
               "berat": BERAT_CAMILAN},
              (7_000, 85_000), "Keripik {bahan!l} rasa {rasa!l} yang renyah, isi {berat}.",
              ("berat",), 5),
         Kind("Kerupuk {jenis} {kondisi} {berat}",
              {"jenis": ("Udang", "Ikan Tenggiri", "Rambak Kulit Sapi", "Puli", "Bawang",
                         "Gendar", "Uyel", "Samiler"),
               "kondisi": ("Mentah", "Siap Goreng", "Matang"), "berat": BERAT_CAMILAN},
              (6_000, 90_000), "Kerupuk {jenis!l} {kondisi!l}, isi {berat}.", ("berat",), 2),
         Kind("Rempeyek {isi} {berat}",
              {"isi": ("Kacang Tanah", "Teri", "Rebon", "Kedelai", "Bayam"),
               "berat": ("100 g", "150 g", "250 g", "500 g")},
              (8_000, 60_000), "Rempeyek {isi!l} tipis dan gurih, isi {berat}.", ("berat",))),
        ("Tanpa pengawet dan penyedap buatan.",
         "Digoreng dengan minyak baru di setiap hari produksi.",
         "Tahan hingga tiga bulan dalam kemasan tertutup rapat.",
         "Teman minum kopi sore atau bekal perjalanan.",
         "Kemasan standing pouch berklip, mudah ditutup kembali."),
        10, 250,
    ),
    "jajanan-khas": Words(
        (Kind("{jenis} Khas {asal} {kemasan}",
              {"jenis": ("Bagiak Kayu Manis", "Bagiak Jahe", "Sale Pisang Kering",
                         "Sale Pisang Basah", "Pia Tape Keju", "Pia Tape Cokelat",
                         "Kue Satu Kacang Hijau", "Widaran Manis", "Rengginang Terasi",
                         "Kacang Bawang", "Dodol Buah Naga", "Wajik Ketan", "Lanting Singkong",
                         "Kue Bawang", "Bolu Kukus Tape"),
               "asal": ("Banyuwangi", "Banyuwangi", "Osing", "Kemiren", "Rogojampi", "Genteng"),
               "kemasan": ("Pouch 150 g", "Toples 250 g", "Kotak 500 g", "Besek 1 kg")},
              (10_000, 90_000), "{jenis} dengan resep turun-temurun, dikemas dalam "
              "{kemasan!l}.", ("kemasan",)),),
        ("Oleh-oleh yang paling dicari wisatawan sepulang dari Banyuwangi.",
         "Dibuat dalam jumlah kecil setiap hari agar tetap segar.",
         "Manisnya pas, tidak bikin enek.",
         "Tanpa pengawet; tahan dua minggu di suhu ruang."),
        8, 400,
    ),
    "sambal-bumbu": Words(
        (Kind("Sambal {jenis} {level} {kemasan} {isi}",
              {"jenis": ("Bawang", "Teri Muncar", "Cumi", "Pecel", "Ebi", "Tempe Lombok Ijo",
                         "Terasi", "Bajak", "Korek", "Matah", "Tongkol", "Ikan Asin"),
               "level": ("Sedang", "Pedas", "Ekstra Pedas"),
               "kemasan": ("Botol", "Pouch", "Toples"), "isi": ("100 g", "150 g", "250 g")},
              (12_000, 60_000), "Sambal {jenis!l} level {level!l} dalam {kemasan!l} {isi}.",
              ("isi",), 4),
         Kind("Sambal {jenis} Khas Osing {level} {isi}",
              {"jenis": ("Bawang", "Teri Muncar", "Pecel", "Tempe Lombok Ijo", "Terasi",
                         "Tomat", "Kacang"),
               "level": ("Sedang", "Pedas", "Ekstra Pedas"), "isi": ("100 g", "150 g", "250 g")},
              (12_000, 60_000), "Sambal {jenis!l} resep dapur Osing, isi {isi}.", ("isi",), 3),
         Kind("Bumbu {masakan} {jenis} {isi}",
              {"masakan": ("Pecel", "Rujak Soto", "Sego Tempong", "Pindang Koyong", "Rawon",
                           "Pecel Pitik", "Kare Ayam"),
               "jenis": ("Instan", "Basah", "Kering", "Siap Masak"),
               "isi": ("100 g", "200 g", "500 g")},
              (8_000, 55_000), "Bumbu {masakan!l} siap pakai untuk 4–6 porsi per {isi}.",
              ("isi",), 2)),
        ("Dimasak sampai matang dengan minyak kelapa, awet sebulan tanpa lemari es.",
         "Cabai rawitnya dipetik dari kebun sendiri.",
         "Cukup satu sendok untuk sepiring nasi hangat.",
         "Tanpa pengawet, pewarna dan penyedap buatan."),
        7, 300,
    ),
    "batik-tulis": Words(
        (Kind("Kain Batik {motif} Tulis {warna}",
              {"motif": MOTIF, "warna": WARNA_BATIK},
              (250_000, 750_000), "Kain batik tulis bermotif {motif} ({warna!l}), dicanting "
              "tangan oleh pembatik desa.", (), 3),
         Kind("Kain Panjang Batik Tulis {motif} {panjang}",
              {"motif": MOTIF, "panjang": ("2 m", "2,25 m", "2,5 m")},
              (300_000, 750_000), "Kain panjang batik tulis motif {motif}, panjang {panjang}.",
              ("panjang",), 2),
         Kind("Selendang Batik Tulis {motif} {warna}",
              {"motif": MOTIF, "warna": WARNA_BATIK},
              (90_000, 350_000), "Selendang batik tulis motif {motif} ({warna!l}).", (), 2),
         Kind("Sarung Batik Tulis {motif} {warna}",
              {"motif": MOTIF, "warna": WARNA_BATIK},
              (200_000, 600_000), "Sarung batik tulis motif {motif} ({warna!l}).")),
        ("Satu lembar dikerjakan dua sampai enam minggu, tidak ada dua kain yang sama persis.",
         "Motifnya salah satu motif asli Banyuwangi yang diwariskan turun-temurun.",
         "Cuci dengan lerak atau sampo bayi dan jemur di tempat teduh.",
         "Bahan katun primisima yang adem dipakai."),
        6, 400,
    ),
    "batik-cap": Words(
        (Kind("Kain Batik Cap {motif} {warna}",
              {"motif": MOTIF, "warna": WARNA_BATIK},
              (80_000, 300_000), "Kain batik cap motif {motif} ({warna!l}), ukuran "
              "2 x 1,15 m.", (), 3),
         Kind("Kemeja Batik {motif} {lengan} Ukuran {ukuran}",
              {"motif": MOTIF, "lengan": ("Lengan Pendek", "Lengan Panjang"), "ukuran": UKURAN},
              (120_000, 350_000), "Kemeja batik cap motif {motif}, {lengan!l}, ukuran {ukuran}.",
              ("lengan",), 2),
         Kind("Daster Batik {motif} {warna}",
              {"motif": MOTIF, "warna": WARNA_BATIK},
              (55_000, 150_000), "Daster batik cap motif {motif} ({warna!l}), bahan rayon adem."),
         Kind("Taplak Meja Batik {motif} {ukuran}",
              {"motif": MOTIF, "ukuran": ("Kecil", "Sedang", "Besar")},
              (45_000, 175_000), "Taplak meja batik motif {motif}, ukuran {ukuran!l}.",
              ("ukuran",))),
        ("Warnanya tidak luntur setelah dicuci berkali-kali.",
         "Dicap dengan canting tembaga buatan perajin setempat.",
         "Cocok untuk seragam kantor, acara resmi maupun hari batik.",
         "Batik Banyuwangi dengan motif khas Osing."),
        7, 350,
    ),
    "kerajinan": Words(
        (Kind("Tas Anyaman {bahan} {model} {warna}",
              {"bahan": BAHAN_ANYAMAN,
               "model": ("Belanja", "Pantai", "Jinjing", "Selempang", "Totebag", "Laptop"),
               "warna": ("Natural", "Natural", "Cokelat", "Hitam", "Krem", "Merah Bata")},
              (35_000, 350_000), "Tas anyaman {bahan!l} model {model!l}, dianyam tangan.",
              ("model",), 3),
         Kind("Anyaman Bambu {barang} {varian} {ukuran}",
              {"barang": ("Tempat Tisu", "Besek Set 5", "Caping", "Nampan", "Tempat Buah",
                          "Tudung Saji", "Tas", "Tas", "Tas", "Keranjang Parsel", "Kap Lampu",
                          "Kursi Santai"),
               "varian": ("Natural", "Warna Sogan", "Motif Gintangan", "Pernis Mengilap"),
               "ukuran": ("Kecil", "Sedang", "Besar")},
              (15_000, 600_000), "{barang} dari anyaman bambu apus dengan finishing "
              "{varian!l}, ukuran {ukuran!l}.", ("barang", "barang", "ukuran"), 3),
         Kind("{barang} Anyaman {bahan} {varian}",
              {"barang": ("Tempat Pensil", "Dompet", "Kotak Serbaguna", "Keranjang",
                          "Hiasan Dinding", "Tikar"),
               "bahan": BAHAN_ANYAMAN, "varian": ("Natural", "Warna Sogan", "Motif Gintangan")},
              (15_000, 300_000), "{barang} anyaman {bahan!l} dengan finishing {varian!l}.",
              ("barang",), 2),
         Kind("{ukiran} {kayu} Ukuran {ukuran}",
              {"ukiran": ("Topeng Barong Osing", "Patung Penari Gandrung",
                          "Hiasan Dinding Gajah Oling", "Miniatur Perahu Jukung",
                          "Ukiran Kayu Barong"),
               "kayu": ("Kayu Sengon", "Kayu Mahoni", "Kayu Jati"),
               "ukuran": ("Kecil", "Sedang", "Besar")},
              (45_000, 750_000), "{ukiran} dari {kayu!l}, ukuran {ukuran!l}, diukir dan dicat "
              "tangan.", ("ukuran",), 2),
         Kind("Kerajinan Kerang {barang}",
              {"barang": ("Gantungan Kunci isi 6", "Kotak Tisu", "Bingkai Foto",
                          "Tempat Perhiasan", "Lampu Hias", "Tirai")},
              (20_000, 250_000), "{barang} dari kerang pantai Grajagan, dirangkai tangan.",
              ("barang",))),
        ("Dikerjakan oleh ibu-ibu perajin dan dipernis agar tahan jamur.",
         "Ringan, kuat dan ramah lingkungan sebagai pengganti plastik.",
         "Setiap barang sedikit berbeda karena dikerjakan tanpa cetakan.",
         "Dikemas dengan kardus dan bubble wrap berlapis agar aman dikirim."),
        10, 800,
    ),
    "fashion": Words(
        (Kind("Udeng Osing {motif} {warna}",
              {"motif": ("Gajah Oling", "Kopi Pecah", "Paras Gempal", "Polos", "Kangkung "
                         "Setingkes"),
               "warna": ("Hitam", "Merah", "Cokelat Sogan", "Biru")},
              (30_000, 95_000), "Udeng, ikat kepala khas Osing, bermotif {motif} warna "
              "{warna!l}.", (), 2),
         Kind("Kaos {tema} {warna} Ukuran {ukuran}",
              {"tema": ("Sunrise of Java", "Gandrung Sewu", "Kawah Ijen Blue Fire",
                        "Pulau Merah", "Alas Purwo", "Banyuwangi Festival", "Baluran"),
               "warna": WARNA, "ukuran": UKURAN},
              (65_000, 160_000), "Kaos katun combed 30s bergambar {tema}, warna {warna!l}, "
              "ukuran {ukuran}.", ("ukuran",), 3),
         Kind("Tas Rajut {model} {warna}",
              {"model": ("Dompet Koin", "Pouch", "Selempang", "Totebag", "Ransel Mini"),
               "warna": WARNA},
              (35_000, 275_000), "Tas rajut model {model!l} warna {warna!l}, dirajut tangan.",
              ("model",), 2),
         Kind("Tas Anyaman Pandan {model} {warna}",
              {"model": ("Clutch", "Jinjing", "Selempang"), "warna": WARNA},
              (45_000, 225_000), "Tas anyaman pandan model {model!l} warna {warna!l}.",
              ("model",)),
         Kind("Sandal Anyaman Mendong {warna} Ukuran {nomor}",
              {"warna": WARNA, "nomor": ("37", "38", "39", "40", "41", "42")},
              (30_000, 90_000), "Sandal beralas anyaman mendong warna {warna!l}, "
              "ukuran {nomor}.")),
        ("Dikerjakan oleh pemuda dan ibu-ibu PKK desa.",
         "Bahannya adem dan nyaman dipakai seharian.",
         "Desain khas Banyuwangi untuk oleh-oleh maupun dipakai sendiri."),
        8, 250,
    ),
    "hasil-tani": Words(
        (Kind("Buah Naga {jenis} {mutu} {berat}",
              {"jenis": ("Merah", "Merah", "Putih", "Kuning"), "mutu": MUTU_TANI,
               "berat": ("1 kg", "2 kg", "3 kg", "5 kg")},
              (15_000, 95_000), "Buah naga {jenis!l} segar, dipanen matang pohon, berat "
              "{berat}.", ("berat",), 2),
         Kind("Jeruk Siam {asal} Grade {grade} {berat}",
              {"asal": ("Banyuwangi", "Banyuwangi", "Bangorejo", "Purwoharjo", "Tegaldlimo",
                        "Siliragung", "Pesanggaran"),
               "grade": ("B", "A", "Super"), "berat": ("1 kg", "2 kg", "5 kg")},
              (12_000, 90_000), "Jeruk siam grade {grade}, kulit tipis dan manis segar, berat "
              "{berat}.", ("berat", "grade"), 2),
         Kind("Gula Aren {bentuk} {asal} {berat}",
              {"bentuk": ("Cair", "Semut", "Cetak", "Batok"),
               "asal": ("Licin", "Kalibaru", "Songgon", "Glagah", "Kemiren", "Sempu"),
               "berat": ("250 g", "500 g", "1 kg")},
              (10_000, 80_000), "Gula aren {bentuk!l} dari nira pohon aren {asal}, berat "
              "{berat}.",
              ("berat",), 2),
         Kind("Beras {jenis} {mutu} {berat}",
              {"jenis": ("Organik Pandan Wangi", "Merah", "Hitam", "Mentik Wangi", "Ketan Putih"),
               "mutu": ("Premium", "Medium", "Pulen", "Organik"),
               "berat": ("1 kg", "2 kg", "5 kg")},
              (14_000, 120_000), "Beras {jenis!l} dari sawah petani desa, berat {berat}.",
              ("berat",), 2),
         Kind("{komoditas} {mutu} {berat}",
              {"mutu": MUTU_TANI,
               "komoditas": ("Jagung Pipil Kering", "Kedelai Lokal", "Pisang Agung",
                             "Bawang Merah", "Kacang Tanah Kupas", "Alpukat Mentega",
                             "Cabai Rawit Merah", "Manggis Songgon", "Durian Merah Banyuwangi"),
               "berat": BERAT_TANI},
              (8_000, 180_000), "{komoditas} langsung dari petani, berat bersih {berat}.",
              ("komoditas", "berat"), 3)),
        ("Diambil langsung dari kebun anggota kelompok tani.",
         "Harga petani, tanpa perantara tengkulak.",
         "Disortir ulang sebelum dikemas agar kualitasnya seragam.",
         "Dikirim dalam kardus berlubang agar tetap segar."),
        9, 1000,
    ),
    "hasil-laut": Words(
        (Kind("Ikan Asin {ikan} {mutu} {berat}",
              {"ikan": ("Gereh Tembang", "Selar", "Kembung", "Peda", "Layur", "Teri Jengki",
                        "Teri Nasi", "Cumi", "Jambal Roti"),
               "mutu": ("Super", "Kering", "Setengah Kering", "Tawar", "Muncar"),
               "berat": ("250 g", "500 g", "1 kg")},
              (20_000, 200_000), "Ikan asin {ikan!l} hasil tangkapan nelayan Muncar, dijemur "
              "matahari, isi {berat}.", ("ikan", "berat"), 3),
         Kind("{olahan} {kemasan} {berat}",
              {"olahan": ("Petis Ikan Muncar", "Terasi Udang Rebon", "Kerupuk Ikan Tenggiri",
                          "Abon Ikan Tuna", "Abon Ikan Tongkol", "Bakso Ikan Tenggiri Beku",
                          "Sarden Lemuru Bumbu Tomat", "Otak-Otak Ikan"),
               "kemasan": ("Pouch", "Toples", "Vakum", "Kemasan Ekonomis"),
               "berat": ("250 g", "500 g", "1 kg")},
              (15_000, 160_000), "{olahan} buatan kelompok pengolah ikan pesisir, isi {berat}.",
              ("berat",), 3),
         Kind("{ikan} Beku Vakum {mutu} {berat}",
              {"ikan": ("Ikan Lemuru", "Cumi Bersih", "Udang Vaname", "Kakap Merah",
                        "Tuna Loin", "Kerapu Fillet"),
               "mutu": ("Grade A", "Premium", "Size Besar", "Size Sedang"),
               "berat": ("500 g", "1 kg", "2 kg")},
              (25_000, 300_000), "{ikan} segar yang dibekukan cepat dan dikemas vakum, berat "
              "{berat}.", ("ikan", "berat"), 2)),
        ("Dibuat dari ikan segar yang dibeli di tempat pelelangan pagi hari.",
         "Tanpa boraks, formalin dan pewarna buatan.",
         "Dikemas vakum agar tidak berbau dan tahan lama.",
         "Cocok untuk lauk sehari-hari maupun oleh-oleh."),
        7, 600,
    ),
    "jamu-herbal": Words(
        (Kind("Jamu {jenis} {varian} {kemasan}",
              {"jenis": ("Kunyit Asam", "Beras Kencur", "Temulawak", "Sinom", "Kunci Sirih",
                         "Jahe Merah", "Paitan", "Kunyit Asam Madu", "Galian Singset"),
               "varian": ("Segar", "Original", "Tanpa Gula", "Gula Aren"),
               "kemasan": ("Botol 250 ml", "Botol 500 ml", "Botol 1 Liter")},
              (8_000, 75_000), "Jamu {jenis!l} segar dalam {kemasan!l}, diracik dari rempah "
              "pilihan.", ("kemasan",), 3),
         Kind("Serbuk {jenis} Instan {pemanis} {isi}",
              {"jenis": ("Jahe Merah", "Temulawak", "Kunyit Putih", "Secang", "Kencur",
                         "Sereh Jahe", "Wedang Uwuh"),
               "pemanis": ("Gula Aren", "Gula Batu", "Gula Kelapa", "Tanpa Gula"),
               "isi": ("200 g", "400 g", "1 kg")},
              (12_000, 120_000), "Serbuk {jenis!l} instan, pemanis {pemanis!l}, isi {isi}.",
              ("isi",), 2),
         Kind("Madu {jenis} {mutu} {isi}",
              {"jenis": ("Randu", "Multiflora", "Mangga", "Kelengkeng", "Bunga Kopi",
                         "Hutan Meru Betiri", "Hutan Alas Purwo", "Klanceng"),
               "mutu": ("Murni", "Asli", "Mentah", "Premium"),
               "isi": ("100 ml", "250 ml", "500 ml", "1 kg")},
              (25_000, 350_000), "Madu {jenis!l} murni dari peternak lebah desa, isi {isi}.",
              ("isi", "isi", "jenis"), 3),
         Kind("{produk} {isi}",
              {"produk": ("Minyak Sereh Wangi", "VCO Minyak Kelapa Murni", "Minyak Kayu Putih",
                          "Minyak Kemiri"),
               "isi": ("30 ml", "60 ml", "100 ml", "250 ml")},
              (10_000, 110_000), "{produk} dari kebun warga sekitar Banyuwangi, isi {isi}.",
              ("isi",)),
         Kind("Teh {jenis} {kemasan} {isi}",
              {"jenis": ("Daun Kelor", "Bunga Rosella Kering", "Daun Sirsak", "Sereh Madu"),
               "kemasan": ("Celup", "Tubruk", "Kering"),
               "isi": ("50 g", "100 g", "250 g")},
              (10_000, 85_000), "Teh {jenis!l} yang dikeringkan perlahan, isi {isi}.",
              ("isi",))),
        ("Murni tanpa campuran dan dikemas rapat agar khasiatnya terjaga.",
         "Hangat di badan, enak diminum dengan sesendok madu.",
         "Hasil pelatihan kelompok tani hutan bersama dinas setempat.",
         "Simpan di tempat sejuk, jauh dari sinar matahari."),
        8, 400,
    ),
}
# fmt: on

_AMOUNT = re.compile(r"(\d+(?:,\d+)?)\s*(kg|g|ml|liter)\b", re.IGNORECASE)
_GRAMS_PER = {"kg": 1000, "g": 1, "ml": 1, "liter": 1000}


@dataclass(frozen=True)
class Leaf:
    """A leaf category with what it sells, where its pictures are and who may sell it."""

    category: Any
    words: Words
    product_class_id: int
    images: tuple[str, ...]
    sellers: tuple[Any, ...]
    #: How much each of ``sellers`` is preferred before its name is compared with a title.
    preference: tuple[int, ...]
    topical: frozenset[str]


class Command(BaseCommand):
    help = (
        "Generate N deterministic bench products (UPC prefix BENCH-) across the demo's "
        "sellers and categories, replacing the previous ones. Run seed_demo first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--products", type=int, default=10_000, help="default 10000")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--no-index", action="store_true", help="do not rebuild the search index afterwards"
        )

    def handle(self, *args, **options) -> None:
        count, seed = options["products"], options["seed"]
        if count < 0:
            raise CommandError("--products must be 0 or more.")
        started = time.perf_counter()
        with transaction.atomic():
            leaves = leaves_load() if count else []
            deleted = bench_products_delete()
            self.stdout.write(f"Deleted {deleted} previous bench products ({_since(started)}).")
            if count:
                bench_products_create(
                    count=count, seed=seed, leaves=leaves, stdout=self.stdout, started=started
                )
        self.stdout.write(f"Committed ({_since(started)}).")
        if count and not options["no_index"]:
            from search.indexing import index_all

            index_all(stdout=self.stdout)
            self.stdout.write(f"Search index rebuilt ({_since(started)}).")
        self.stdout.write(
            self.style.SUCCESS(f"{count} bench products in {time.perf_counter() - started:.1f} s.")
        )


def bench_products_delete() -> int:
    """Delete every bench product and what depends on it, in bulk; return how many."""
    products = Product._base_manager.filter(upc__startswith=UPC_PREFIX)
    count = products.count()
    if count:
        _delete_with_dependents(products)
    return count


def _delete_with_dependents(queryset: models.QuerySet) -> None:
    """What ``queryset.delete()`` does, as a few set-based statements per related table
    instead of loading every object (which model signals would force): cascades first,
    ``SET_NULL`` as one update, a protecting reference as a ``CommandError``. No signals
    are sent; the search index is rebuilt afterwards."""
    relation: Any  # a reverse relation (ForeignObjectRel), which the stubs type as Field
    for relation in get_candidate_relations_to_delete(queryset.model._meta):
        field, model = relation.field, relation.related_model
        related = model._base_manager.filter(**{f"{field.name}__in": queryset})
        on_delete = field.remote_field.on_delete
        if on_delete is models.DO_NOTHING or not related.exists():
            continue
        if on_delete is models.CASCADE:
            _delete_with_dependents(related)
        elif on_delete is models.SET_NULL:
            related.update(**{field.name: None})
        else:
            raise CommandError(
                f"{related.count()} {model._meta.verbose_name_plural} refer "
                f"to bench products and cannot be changed ({field}): delete them first."
            )
    queryset._raw_delete(queryset.db)


def leaves_load() -> list[Leaf]:
    """The demo's leaf categories that have word lists, with their product class, their
    demo pictures and the active sellers who fit: those whose main category covers it,
    preferred more if they already sell products of that very category.

    Raises ``CommandError`` when there are no active sellers or no matching categories.
    """
    sellers = list(
        Seller.objects.filter(status=Seller.Status.ACTIVE)
        .select_related("partner", "village__district", "main_category")
        .order_by("pk")
    )
    if not sellers:
        raise CommandError("There are no active sellers: run `manage.py seed_demo` first.")
    own = Product._base_manager.exclude(upc__startswith=UPC_PREFIX)
    class_by_category: dict[int, Counter[int]] = defaultdict(Counter)
    for category_id, class_id in ProductCategory.objects.filter(
        product__in=own, product__product_class__isnull=False
    ).values_list("category_id", "product__product_class_id"):
        class_by_category[category_id][class_id] += 1
    overall = sum(class_by_category.values(), Counter())
    default_class = overall.most_common(1)[0][0] if overall else demo.product_class_ensure().pk
    images_by_category: dict[int, list[str]] = defaultdict(list)
    for category_id, name in (
        ProductImage.objects.filter(product__in=own)
        .values_list("product__categories", "original")
        .order_by("original")
    ):
        if category_id is not None:
            images_by_category[category_id].append(name)
    all_images = sorted({name for names in images_by_category.values() for name in names})
    selling: dict[int, set[int]] = defaultdict(set)
    for partner_id, category_id in StockRecord.objects.filter(product__in=own).values_list(
        "partner_id", "product__categories"
    ):
        selling[category_id].add(partner_id)

    leaves = []
    categories = list(Category.objects.order_by("path"))
    for category in categories:
        words = WORDS.get(category.slug)
        if words is None or category.numchild:
            continue
        root = next(c for c in categories if category.path.startswith(c.path))
        preference = [
            (1 if s.main_category and category.path.startswith(s.main_category.path) else 0)
            + (4 if s.partner_id in selling[category.pk] else 0)
            for s in sellers
        ]
        fitting = [(s, p) for s, p in zip(sellers, preference, strict=True) if p]
        near = [c.pk for c in categories if c.path.startswith(root.path)]
        images = images_by_category.get(category.pk) or [
            name for pk in near for name in images_by_category.get(pk, [])
        ]
        counts = class_by_category.get(category.pk)
        topical = {w.lower() for c in (category, root) for w in re.findall(r"\w+", c.name)}
        leaves.append(
            Leaf(
                category=category,
                words=words,
                product_class_id=counts.most_common(1)[0][0] if counts else default_class,
                images=tuple(images or all_images),
                sellers=tuple(s for s, _ in fitting) if fitting else tuple(sellers),
                preference=tuple(p for _, p in fitting) if fitting else (1,) * len(sellers),
                topical=frozenset(topical),
            )
        )
    if not leaves:
        raise CommandError(
            "None of the categories has bench word lists (by slug: "
            f"{', '.join(sorted(WORDS))}): run `manage.py seed_demo` first."
        )
    return leaves


def bench_products_create(
    *, count: int, seed: int, leaves: Sequence[Leaf], stdout, started: float
) -> None:
    """Write ``count`` products with their category, stock record and image row."""
    rng = random.Random(seed)
    now = timezone.now()
    currency = settings.OSCAR_DEFAULT_CURRENCY
    taken = set(Product._base_manager.values_list("slug", flat=True))
    slug_of: dict[str, str] = {}
    seller_words = {
        seller.pk: {w.lower() for w in re.findall(r"\w+", seller.partner.name) if len(w) > 3}
        for leaf in leaves
        for seller in leaf.sellers
    }
    leaf_weights = [leaf.words.share for leaf in leaves]
    report_every = max(BATCH, count // 10)
    skipped = [c.slug for c in Category.objects.filter(numchild=0) if c.slug not in WORDS]
    if skipped:
        stdout.write(f"Categories without word lists (left empty): {', '.join(skipped)}.")
    for start in range(0, count, BATCH):
        rows = []
        for number in range(start + 1, min(start + BATCH, count) + 1):
            leaf = rng.choices(leaves, leaf_weights)[0]
            kind = rng.choices(leaf.words.kinds, [k.share for k in leaf.words.kinds])[0]
            values = {name: rng.choice(options) for name, options in kind.words.items()}
            title = kind.title.format(**values)
            words = set(title.lower().split())
            weights = [
                preference + (3 if (seller_words[s.pk] - leaf.topical) & words else 0)
                for s, preference in zip(leaf.sellers, leaf.preference, strict=True)
            ]
            seller = rng.choices(leaf.sellers, weights)[0]
            details = rng.sample(leaf.words.details, k=min(2, len(leaf.words.details)))
            description = " ".join(
                [
                    demo.formatter.format(kind.lead, **values),
                    *details,
                    f"Dijual langsung oleh {seller.partner.name} dari {seller.village}, "
                    f"Kecamatan {seller.village.district.name}.",
                ]
            )
            base = slug_of.get(title)
            if base is None:
                base = slug_of[title] = slugify(title)
            slug, suffix = base, 1
            while slug in taken:
                suffix += 1
                slug = f"{base}-{suffix}"
            taken.add(slug)
            upc = f"{UPC_PREFIX}{number:07d}"
            product = Product(
                upc=upc,
                title=title,
                slug=slug,
                description=description,
                product_class_id=leaf.product_class_id,
                structure=Product.STANDALONE,
                is_public=rng.random() < 0.98,
                weight_grams=_shipping_grams(title, leaf.words.grams),
                date_created=now - dt.timedelta(seconds=rng.randrange(MAX_AGE_SECONDS)),
            )
            stock = 0 if rng.random() < 0.05 else rng.randint(1, 200)
            image = rng.choice(leaf.images) if leaf.images else None
            rows.append((product, leaf, seller, _price(kind, values, rng), stock, image))
        with _dates_as_given(Product, "date_created"):
            created = Product.objects.bulk_create([row[0] for row in rows], batch_size=BATCH)
        if any(p.pk is None for p in created):  # a backend that cannot return ids
            ids = dict(
                Product._base_manager.filter(upc__in=[p.upc for p in created]).values_list(
                    "upc", "pk"
                )
            )
            for p in created:
                p.pk = ids[p.upc]
        ProductCategory.objects.bulk_create(
            [ProductCategory(product=p, category=leaf.category) for p, leaf, *_ in rows],
            batch_size=BATCH,
        )
        StockRecord.objects.bulk_create(
            [
                StockRecord(
                    product=p,
                    partner_id=seller.partner_id,
                    partner_sku=p.upc,
                    price=price,
                    price_currency=currency,
                    num_in_stock=stock,
                )
                for p, _leaf, seller, price, stock, _image in rows
            ],
            batch_size=BATCH,
        )
        ProductImage.objects.bulk_create(
            [
                ProductImage(product=p, original=image, caption=p.title, display_order=0)
                for p, _leaf, _seller, _price_, _stock, image in rows
                if image
            ],
            batch_size=BATCH,
        )
        done = start + len(rows)
        if done == count or done // report_every > start // report_every:
            stdout.write(f"  {done}/{count} products ({_since(started)})")


def _price(kind: Kind, values: dict[str, str], rng: random.Random) -> Decimal:
    """A whole-Rupiah price in the kind's range: dearer for a larger size, rounded as shops
    round (to Rp500, to Rp1.000 from Rp100.000)."""
    scores = [
        kind.words[name].index(values[name]) / max(1, len(kind.words[name]) - 1)
        for name in kind.priced
    ]
    score = sum(scores) / len(scores) + rng.uniform(-0.1, 0.1) if scores else rng.random()
    low, high = kind.price
    raw = low + (high - low) * min(1.0, max(0.0, score))
    step = 1000 if raw >= 100_000 else 500
    return Decimal(min(PRICE_MAX, max(PRICE_MIN, round(raw / step) * step)))


def _shipping_grams(title: str, default: int) -> int:
    """The weight a courier charges for: the content the title gives plus packaging."""
    match = _AMOUNT.search(title)
    if not match:
        return default
    content = float(match[1].replace(",", ".")) * _GRAMS_PER[match[2].lower()]
    return int(round((content * 1.1 + 50) / 10) * 10)


@contextmanager
def _dates_as_given(model, name: str) -> Iterator[None]:
    """Let ``bulk_create`` keep the ``auto_now_add`` date set on each object (spread over
    two years) instead of stamping them all with now."""
    field: Any = model._meta.get_field(name)
    auto = field.auto_now_add
    field.auto_now_add = False
    try:
        yield
    finally:
        field.auto_now_add = auto


def _since(started: float) -> str:
    return f"{time.perf_counter() - started:.1f} s"
