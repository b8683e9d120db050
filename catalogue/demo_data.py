"""Demo catalogue data: Banyuwangi UMKM categories and the product families they sell.

Kept as plain data so that ``catalogue.demo`` stays about how products are built, and so
that someone fixing a product name or a price range edits one table, not code. Products
are combinations of a family's attributes; an attribute option given as ``(label, score)``
moves the price within the family's range (0 = cheapest, 1 = dearest). In the sentence
templates ``{name!l}`` lower-cases a value that reads as a common noun mid-sentence.
"""

from __future__ import annotations

from dataclasses import dataclass

Option = str | tuple[str, float]


@dataclass(frozen=True)
class CategorySpec:
    key: str
    name: str
    description: str
    children: tuple[str, ...]
    background: tuple[int, int, int]
    accent: tuple[int, int, int]
    motif: str


@dataclass(frozen=True)
class Family:
    """A kind of product; ``count`` distinct combinations of ``attrs`` become products."""

    key: str
    category: str
    subcategory: str | None
    title: str
    attrs: dict[str, tuple[Option, ...]]
    count: int
    price: tuple[int, int]
    lead: str
    details: tuple[str, ...]


# The tables below are laid out by hand, one record per block; ruff format would put each
# value on its own line and triple their length.
# fmt: off
CATEGORIES: tuple[CategorySpec, ...] = (
    CategorySpec(
        "kopi", "Kopi",
        "Kopi rakyat dari lereng Ijen, Kalibaru, Glenmore, Songgon dan Gombengsari.",
        ("Biji Sangrai", "Kopi Bubuk", "Siap Seduh"), (92, 58, 36), (205, 160, 115), "beans",
    ),
    CategorySpec(
        "kuliner", "Kuliner & Camilan",
        "Keripik, jajanan khas Osing dan sambal buatan dapur rumah tangga desa.",
        ("Keripik & Kerupuk", "Jajanan Khas", "Sambal & Bumbu"), (222, 140, 36),
        (255, 214, 130), "chips",
    ),
    CategorySpec(
        "batik", "Batik & Kain",
        "Batik Banyuwangi bermotif Gajah Oling, Kangkung Setingkes, Paras Gempal dan lainnya.",
        ("Batik Tulis", "Batik Cap"), (34, 48, 104), (218, 180, 100), "batik",
    ),
    CategorySpec(
        "kerajinan", "Kerajinan",
        "Anyaman bambu Gintangan, topeng barong, ukiran kayu dan kerajinan kerang.",
        (), (164, 118, 62), (236, 206, 150), "weave",
    ),
    CategorySpec(
        "fashion", "Fashion",
        "Udeng Osing, kaos bertema Banyuwangi dan tas rajut buatan tangan.",
        (), (142, 36, 58), (242, 192, 202), "shirts",
    ),
    CategorySpec(
        "tani", "Hasil Tani",
        "Buah naga, jeruk siam, beras dan hasil kebun langsung dari petani.",
        (), (52, 120, 58), (172, 222, 120), "leaves",
    ),
    CategorySpec(
        "laut", "Hasil Laut",
        "Ikan asin, petis, terasi dan ikan beku dari nelayan Muncar dan pesisir Banyuwangi.",
        (), (22, 96, 146), (150, 214, 236), "fish",
    ),
    CategorySpec(
        "jamu", "Jamu & Herbal",
        "Jamu gendong, serbuk rempah instan, madu hutan dan minyak herbal.",
        (), (178, 128, 18), (120, 160, 46), "bottles",
    ),
)

KOPI_VARIETIES: tuple[Option, ...] = (
    ("Robusta", 0.1), ("Arabika", 0.75), ("Excelsa", 0.45), ("Lanang", 0.6),
)
KOPI_ORIGINS = ("Lereng Ijen", "Kalibaru", "Glenmore", "Songgon", "Licin", "Gombengsari")
KOPI_PROCESSES = ("Natural", "Honey", "Full Wash")
KOPI_WEIGHTS: tuple[Option, ...] = (("200 g", 0.0), ("250 g", 0.15), ("500 g", 0.5), ("1 kg", 1.0))
BATIK_MOTIFS = (
    "Gajah Oling", "Kangkung Setingkes", "Paras Gempal", "Moto Pitik", "Kopi Pecah",
    "Alas Kobong", "Sembruk Cacing", "Blarak Semplak", "Gedegan", "Sekar Jagad",
)
SHIRT_SIZES = ("M", "L", "XL")

FAMILIES: tuple[Family, ...] = (
    Family(
        "kopi-biji", "kopi", "Biji Sangrai", "Kopi {varietas} {asal} {proses} Biji {berat}",
        {"varietas": KOPI_VARIETIES, "asal": KOPI_ORIGINS, "proses": KOPI_PROCESSES,
         "berat": KOPI_WEIGHTS},
        16, (35_000, 180_000),
        "Biji kopi {varietas} dari {asal}, diproses {proses!l} dan disangrai tingkat medium "
        "dalam kemasan {berat}.",
        ("Cocok digiling sesaat sebelum diseduh dengan V60, tubruk atau mesin espresso.",
         "Aromanya cokelat dan gula aren dengan keasaman yang lembut.",
         "Dipetik merah dari kebun rakyat di ketinggian 700–1.400 mdpl.",
         "Kemasan berkatup satu arah agar kesegaran biji tetap terjaga."),
    ),
    Family(
        "kopi-bubuk", "kopi", "Kopi Bubuk", "Kopi Bubuk {varietas} {asal} {proses} {berat}",
        {"varietas": KOPI_VARIETIES, "asal": KOPI_ORIGINS, "proses": KOPI_PROCESSES,
         "berat": KOPI_WEIGHTS},
        14, (35_000, 165_000),
        "Kopi bubuk {varietas} asli {asal} dengan proses {proses!l}, digiling sedang, "
        "isi {berat}.",
        ("Pas untuk kopi tubruk khas warung desa: seduh dengan air mendidih, tunggu empat "
         "menit.",
         "Tanpa campuran jagung atau beras, seratus persen kopi.",
         "Disangrai dengan tungku kayu dalam jumlah kecil setiap minggu."),
    ),
    Family(
        "kopi-seduh", "kopi", "Siap Seduh", "{jenis} {varietas} {asal}",
        {"jenis": (("Kopi Drip Bag isi 10", 0.5), ("Kopi Drip Bag isi 5", 0.15),
                   ("Cold Brew 1 Liter", 0.9), ("Cold Brew 250 ml", 0.1)),
         "varietas": KOPI_VARIETIES, "asal": KOPI_ORIGINS},
        10, (35_000, 150_000),
        "{jenis} dari kopi {varietas} {asal}, praktis dinikmati di rumah maupun di perjalanan.",
        ("Tanpa gula dan pengawet; tambahkan susu atau gula aren sesuai selera.",
         "Kopinya disangrai sendiri oleh kelompok tani kopi setempat.",
         "Cocok untuk oleh-oleh atau suguhan tamu."),
    ),
    Family(
        "keripik", "kuliner", "Keripik & Kerupuk", "Keripik {bahan} {rasa} {berat}",
        {"bahan": ("Pisang", "Singkong", "Tempe", "Talas", "Ubi Ungu", "Gadung"),
         "rasa": ("Original", "Balado", "Manis Pedas", "Keju", "Jagung Bakar"),
         "berat": (("100 g", 0.0), ("250 g", 0.45), ("500 g", 1.0))},
        18, (10_000, 45_000),
        "Keripik {bahan} rasa {rasa!l} yang renyah, digoreng dengan minyak baru, isi {berat}.",
        ("Tanpa pengawet dan penyedap buatan, tahan hingga tiga bulan dalam kemasan tertutup.",
         "Irisannya tipis dan bumbunya merata sampai ke pinggir.",
         "Teman minum kopi sore atau bekal perjalanan."),
    ),
    Family(
        "jajanan", "kuliner", "Jajanan Khas", "{jenis} Khas Banyuwangi {kemasan}",
        {"jenis": ("Bagiak Kayu Manis", "Bagiak Jahe", "Sale Pisang Kering", "Sale Pisang Basah",
                   "Pia Tape Keju", "Pia Tape Cokelat", "Kue Satu Kacang Hijau",
                   "Widaran Manis", "Rengginang Terasi", "Kacang Bawang"),
         "kemasan": (("Pouch 150 g", 0.0), ("Toples 250 g", 0.45), ("Kotak 500 g", 1.0))},
        16, (10_000, 45_000),
        "{jenis} dengan resep turun-temurun, dikemas dalam {kemasan!l}.",
        ("Oleh-oleh yang paling dicari wisatawan sepulang dari Banyuwangi.",
         "Dibuat dalam jumlah kecil setiap hari agar tetap segar.",
         "Manisnya pas, tidak bikin enek."),
    ),
    Family(
        "sambal", "kuliner", "Sambal & Bumbu", "Sambal {jenis} {level} {isi}",
        {"jenis": ("Bawang", "Teri Muncar", "Cumi", "Pecel Osing", "Ebi", "Tempe Lombok Ijo"),
         "level": ("Sedang", "Pedas", "Ekstra Pedas"),
         "isi": (("150 g", 0.2), ("250 g", 0.8))},
        10, (15_000, 45_000),
        "Sambal {jenis} level {level!l} dalam botol kaca {isi}, siap santap dengan nasi hangat.",
        ("Dimasak sampai matang dengan minyak kelapa sehingga awet sebulan tanpa lemari es.",
         "Cabai rawitnya dipetik dari kebun sendiri.",
         "Cukup satu sendok untuk sepiring nasi."),
    ),
    Family(
        "batik-tulis", "batik", "Batik Tulis", "{jenis} {motif} {warna}",
        {"jenis": (("Kain Batik Tulis 2 m", 0.55), ("Kain Panjang Batik Tulis 2,5 m", 0.8),
                   ("Selendang Batik Tulis", 0.05)),
         "motif": BATIK_MOTIFS,
         "warna": (("Pewarna Alam", 0.9), ("Sogan", 0.5), ("Latar Putih", 0.35),
                   ("Merah Marun", 0.3), ("Biru Indigo", 0.6))},
        16, (250_000, 1_500_000),
        "{jenis} bermotif {motif} ({warna!l}), dicanting tangan oleh pembatik desa.",
        ("Satu lembar dikerjakan dua sampai enam minggu, sehingga tidak ada dua kain yang "
         "persis sama.",
         "Motif {motif} adalah salah satu motif asli Banyuwangi yang diwariskan turun-temurun.",
         "Cuci dengan lerak atau sampo bayi dan jemur di tempat teduh."),
    ),
    Family(
        "batik-cap", "batik", "Batik Cap", "Kain Batik Cap {motif} {warna}",
        {"motif": BATIK_MOTIFS,
         "warna": (("Pewarna Alam", 0.9), ("Sogan", 0.4), ("Hijau Pupus", 0.3),
                   ("Merah Marun", 0.3), ("Biru Indigo", 0.5))},
        12, (120_000, 350_000),
        "Kain batik cap motif {motif} ({warna!l}), ukuran 2 x 1,15 m, bahan katun primisima.",
        ("Cocok dijahit menjadi kemeja, rok atau seragam kantor.",
         "Warnanya tidak luntur setelah dicuci berkali-kali.",
         "Dicap dengan canting tembaga buatan perajin setempat."),
    ),
    Family(
        "kemeja-batik", "batik", "Batik Cap", "Kemeja Batik {motif} {lengan} Ukuran {ukuran}",
        {"motif": BATIK_MOTIFS,
         "lengan": (("Lengan Pendek", 0.3), ("Lengan Panjang", 0.9)),
         "ukuran": SHIRT_SIZES},
        8, (150_000, 350_000),
        "Kemeja batik cap motif {motif}, {lengan!l}, ukuran {ukuran}, dengan furing di bagian "
        "depan.",
        ("Cocok untuk acara resmi maupun hari batik di kantor.",
         "Potongannya slim fit; pilih satu ukuran lebih besar bila ingin longgar."),
    ),
    Family(
        "anyaman", "kerajinan", None, "{barang} Anyaman Bambu {varian}",
        {"barang": (("Tas", 0.4), ("Keranjang Parsel", 0.3), ("Tudung Saji", 0.35),
                    ("Kap Lampu", 0.6), ("Tempat Tisu", 0.05), ("Nampan", 0.2),
                    ("Set Besek 5 Pcs", 0.1), ("Kursi Santai", 1.0)),
         "varian": (("Natural", 0.0), ("Warna Sogan", 0.15), ("Motif Gintangan", 0.3))},
        14, (25_000, 450_000),
        "{barang} dari anyaman bambu apus dengan finishing {varian}.",
        ("Dianyam rapat oleh ibu-ibu perajin dan dipernis agar tahan jamur.",
         "Ringan, kuat dan ramah lingkungan sebagai pengganti plastik.",
         "Gintangan dikenal sebagai kampung anyaman bambu sejak puluhan tahun."),
    ),
    Family(
        "kayu", "kerajinan", None, "{jenis} {bahan} Ukuran {ukuran}",
        {"jenis": (("Topeng Barong Osing", 0.6), ("Patung Penari Gandrung", 0.7),
                   ("Hiasan Dinding Gajah Oling", 0.5), ("Miniatur Perahu Jukung", 0.4)),
         "bahan": (("Kayu Sengon", 0.1), ("Kayu Mahoni", 0.6)),
         "ukuran": (("Kecil", 0.0), ("Sedang", 0.4), ("Besar", 1.0))},
        12, (45_000, 450_000),
        "{jenis} dari {bahan!l}, ukuran {ukuran!l}, diukir dan dicat tangan.",
        ("Hiasan khas Osing untuk ruang tamu, kantor atau cendera mata.",
         "Setiap ukiran sedikit berbeda karena dikerjakan tanpa cetakan.",
         "Dikemas dengan kardus dan bubble wrap berlapis agar aman dikirim."),
    ),
    Family(
        "suvenir", "kerajinan", None, "Gantungan Kunci {motif} isi {isi}",
        {"motif": ("Gandrung", "Barong", "Gajah Oling", "Kerang Grajagan"),
         "isi": (("3", 0.0), ("6", 0.3), ("12", 0.7))},
        6, (25_000, 90_000),
        "Paket gantungan kunci motif {motif} berisi {isi} buah, cocok untuk suvenir acara.",
        ("Bisa dipesan dengan tulisan nama atau tanggal acara.",
         "Harga khusus untuk pesanan di atas 100 buah."),
    ),
    Family(
        "udeng", "fashion", None, "Udeng Osing {motif} {warna}",
        {"motif": ("Gajah Oling", "Kopi Pecah", "Paras Gempal", "Polos"),
         "warna": ("Hitam", "Merah", "Cokelat Sogan", "Biru")},
        8, (35_000, 85_000),
        "Udeng, ikat kepala khas Osing, bermotif {motif} warna {warna!l}.",
        ("Sudah dibentuk sehingga tinggal dipakai, ukuran bisa disetel.",
         "Biasa dipakai untuk acara adat, festival dan seragam hari Kamis."),
    ),
    Family(
        "kaos", "fashion", None, "Kaos {tema} {warna} Ukuran {ukuran}",
        {"tema": ("Sunrise of Java", "Gandrung Sewu", "Kawah Ijen Blue Fire", "Pulau Merah",
                  "Alas Purwo", "Banyuwangi Festival"),
         "warna": ("Hitam", "Putih", "Navy", "Abu-abu"),
         "ukuran": (("M", 0.0), ("L", 0.2), ("XL", 0.5))},
        12, (75_000, 150_000),
        "Kaos katun combed 30s bergambar {tema}, warna {warna!l}, ukuran {ukuran}.",
        ("Sablon plastisol yang tidak retak saat disetrika.",
         "Bahannya adem dan menyerap keringat, nyaman untuk jalan-jalan.",
         "Desain dibuat oleh pemuda karang taruna desa."),
    ),
    Family(
        "tas-rajut", "fashion", None, "Tas Rajut {model} {warna}",
        {"model": (("Selempang", 0.6), ("Totebag", 0.8), ("Dompet Koin", 0.0), ("Pouch", 0.2)),
         "warna": ("Krem", "Hitam", "Terakota", "Hijau Botol", "Mustard")},
        8, (45_000, 250_000),
        "Tas rajut model {model!l} warna {warna!l} dari benang katun susu, dirajut tangan.",
        ("Bagian dalam dilapisi kain furing dan ditutup ritsleting.",
         "Dikerjakan ibu-ibu PKK di sela waktu menunggu panen."),
    ),
    Family(
        "buah-naga", "tani", None, "Buah Naga {jenis} {berat}",
        {"jenis": (("Merah", 0.5), ("Putih", 0.3), ("Kuning", 1.0)),
         "berat": (("1 kg", 0.0), ("2 kg", 0.5), ("3 kg", 1.0))},
        6, (15_000, 80_000),
        "Buah naga {jenis!l} segar, dipanen saat matang pohon, berat {berat}.",
        ("Daging buahnya manis dan berair, cocok untuk jus atau rujak.",
         "Dikirim dari kebun di selatan Banyuwangi, sentra buah naga Jawa Timur."),
    ),
    Family(
        "jeruk", "tani", None, "Jeruk Siam Banyuwangi Grade {grade} {berat}",
        {"grade": (("Super", 0.8), ("A", 0.5), ("B", 0.2)),
         "berat": (("1 kg", 0.0), ("2 kg", 0.35), ("5 kg", 1.0))},
        6, (12_000, 80_000),
        "Jeruk siam Banyuwangi grade {grade}, kulit tipis dan manis segar, berat {berat}.",
        ("Dipetik pagi hari lalu langsung dikemas dalam kardus berlubang.",
         "Cocok dibuat jus tanpa tambahan gula."),
    ),
    Family(
        "kebun", "tani", None, "{komoditas} {berat}",
        {"komoditas": (("Beras Organik Pandan Wangi", 0.4), ("Beras Merah", 0.45),
                       ("Manggis Songgon", 0.6), ("Gula Kelapa Cetak", 0.35),
                       ("Gula Aren Semut", 0.55), ("Kacang Tanah Kupas", 0.45),
                       ("Cabai Rawit Merah", 0.7), ("Bawang Merah", 0.4),
                       ("Kedelai Lokal", 0.3), ("Jagung Pipil Kering", 0.05)),
         "berat": (("500 g", 0.0), ("1 kg", 0.35), ("2 kg", 0.8))},
        20, (8_000, 80_000),
        "{komoditas} langsung dari petani, berat bersih {berat}.",
        ("Diambil langsung dari kebun dan dapur anggota kelompok tani.",
         "Harga petani, tanpa perantara tengkulak.",
         "Disortir ulang sebelum dikemas agar kualitasnya seragam."),
    ),
    Family(
        "ikan-asin", "laut", None, "Ikan Asin {ikan} {berat}",
        {"ikan": (("Teri Nasi", 0.8), ("Teri Jengki", 0.5), ("Jambal Roti", 0.9),
                  ("Layur", 0.4), ("Cumi", 0.85), ("Kembung", 0.2), ("Selar", 0.1)),
         "berat": (("250 g", 0.0), ("500 g", 0.45), ("1 kg", 1.0))},
        12, (25_000, 150_000),
        "Ikan asin {ikan!l} hasil tangkapan nelayan Muncar, dijemur matahari, isi {berat}.",
        ("Kadar garamnya rendah sehingga tidak terlalu asin.",
         "Dikemas vakum agar tidak berbau dan tahan lama.",
         "Goreng sebentar dengan api sedang, nikmati dengan sambal dan nasi hangat."),
    ),
    Family(
        "olahan-laut", "laut", None, "{olahan} {berat}",
        {"olahan": (("Petis Ikan Muncar", 0.3), ("Terasi Udang Rebon", 0.25),
                    ("Kerupuk Ikan Tenggiri", 0.35), ("Abon Ikan Tuna", 0.75),
                    ("Bakso Ikan Tenggiri Beku", 0.5), ("Sarden Lemuru Bumbu Tomat", 0.15)),
         "berat": (("250 g", 0.0), ("500 g", 0.6))},
        10, (25_000, 110_000),
        "{olahan} buatan kelompok pengolah ikan pesisir, isi {berat}.",
        ("Dibuat dari ikan segar yang dibeli langsung di tempat pelelangan pagi hari.",
         "Tanpa boraks, formalin dan pewarna buatan.",
         "Cocok untuk lauk sehari-hari maupun oleh-oleh."),
    ),
    Family(
        "ikan-beku", "laut", None, "{ikan} Beku Vakum {berat}",
        {"ikan": (("Tuna Loin", 0.7), ("Ikan Lemuru", 0.0), ("Udang Vaname", 0.6),
                  ("Kerapu Fillet", 1.0), ("Cumi Bersih", 0.55)),
         "berat": (("500 g", 0.0), ("1 kg", 0.7))},
        6, (30_000, 150_000),
        "{ikan} segar yang dibekukan cepat dan dikemas vakum, berat {berat}.",
        ("Dikirim dengan kotak styrofoam dan es batu untuk wilayah Banyuwangi.",
         "Simpan di freezer, tahan hingga tiga bulan."),
    ),
    Family(
        "jamu", "jamu", None, "Jamu {jenis} {kemasan}",
        {"jenis": ("Kunyit Asam", "Beras Kencur", "Temulawak", "Sinom", "Kunci Sirih",
                   "Jahe Merah", "Paitan"),
         "kemasan": (("Botol 250 ml", 0.0), ("Botol 500 ml", 0.35), ("Botol 1 Liter", 0.8))},
        12, (15_000, 75_000),
        "Jamu {jenis} segar dalam {kemasan!l}, diracik dari rempah pilihan tanpa pengawet.",
        ("Simpan di lemari es dan habiskan dalam lima hari.",
         "Resep jamu gendong yang sudah dijajakan dari kampung ke kampung sejak 1980-an.",
         "Kocok dahulu sebelum diminum."),
    ),
    Family(
        "serbuk", "jamu", None, "Serbuk {jenis} Instan {isi}",
        {"jenis": ("Jahe Merah", "Temulawak", "Kunyit Putih", "Secang", "Kencur", "Sereh Jahe"),
         "isi": (("200 g", 0.1), ("400 g", 0.6))},
        8, (15_000, 60_000),
        "Serbuk {jenis} instan dengan gula aren, isi {isi}, tinggal seduh air hangat.",
        ("Hangat di badan, enak diminum setelah hujan atau sebelum tidur.",
         "Dibuat dari rimpang segar yang diparut dan dimasak perlahan."),
    ),
    Family(
        "herbal", "jamu", None, "{produk}",
        {"produk": (("Madu Hutan Alas Purwo 250 ml", 0.65),
                    ("Madu Hutan Alas Purwo 500 ml", 1.0),
                    ("VCO Minyak Kelapa Murni 250 ml", 0.45),
                    ("Minyak Sereh Wangi 30 ml", 0.1), ("Teh Daun Kelor 50 g", 0.15),
                    ("Teh Bunga Rosella Kering 50 g", 0.2))},
        4, (15_000, 75_000),
        "{produk} dari hutan dan kebun warga sekitar Banyuwangi.",
        ("Murni tanpa campuran dan dikemas rapat agar khasiatnya terjaga.",
         "Hasil pelatihan kelompok tani hutan bersama dinas setempat."),
    ),
)
# fmt: on
