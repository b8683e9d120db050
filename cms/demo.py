"""Demo learning-centre articles for ``manage.py seed_demo``.

Real financial-literacy content for village sellers, so the learning centre reads like
the finished product during a demo. Rules that change (fees, interest rates, ceilings)
are stated with their date and a pointer to check the current terms.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from .models import ArticlePage, LearningIndexPage


@dataclass(frozen=True)
class ArticleSpec:
    slug: str
    title: str
    summary: str
    body: str


ARTICLES: tuple[ArticleSpec, ...] = (
    ArticleSpec(
        "qris-untuk-umkm",
        "QRIS untuk UMKM: terima pembayaran tanpa uang kembalian",
        "Satu kode QR untuk semua dompet digital dan mobile banking. Cara daftar, biaya, "
        "dan cara aman memakainya di lapak.",
        "<p>QRIS (Quick Response Code Indonesian Standard) adalah standar kode QR nasional "
        "dari Bank Indonesia. Dengan satu stiker QRIS, pembeli bisa membayar memakai aplikasi "
        "apa pun: mobile banking, GoPay, OVO, DANA, ShopeePay, LinkAja dan lainnya. Penjual "
        "tidak perlu menyiapkan uang kembalian, dan uang langsung tercatat di rekening.</p>"
        "<h2>Cara mendaftar</h2>"
        "<ul><li>Datangi bank tempat Anda punya rekening atau daftar lewat aplikasi penyedia "
        "QRIS (PJSP).</li>"
        "<li>Siapkan KTP, nomor rekening atau akun dompet digital, dan foto tempat usaha "
        "atau produk.</li>"
        "<li>Nomor Induk Berusaha (NIB) dari OSS membantu, tetapi usaha mikro umumnya cukup "
        "dengan KTP.</li>"
        "<li>Setelah disetujui, Anda menerima QRIS statis untuk dicetak dan dipasang di "
        "lapak.</li></ul>"
        "<h2>Biaya</h2>"
        "<p>Pembeli tidak dikenai biaya. Penjual dikenai biaya layanan (MDR) yang dipotong dari "
        "setiap transaksi. Untuk usaha mikro, sejak 1 Desember 2024 Bank Indonesia "
        "membebaskan MDR (0%) untuk transaksi sampai Rp500.000; transaksi di atasnya "
        "dikenai 0,3%. Ketentuan bisa berubah, jadi tanyakan tarif terbaru kepada bank atau "
        "penyedia QRIS Anda.</p>"
        "<h2>Supaya aman</h2>"
        "<ul><li>Anggap pembayaran masuk hanya setelah notifikasi muncul di aplikasi Anda, "
        "bukan dari tangkapan layar pembeli.</li>"
        "<li>Periksa stiker QRIS setiap pagi: penipu kadang menempel stiker QRIS miliknya di "
        "atas stiker Anda.</li>"
        "<li>Nama yang muncul saat dipindai harus nama usaha Anda.</li></ul>",
    ),
    ArticleSpec(
        "kredit-usaha-rakyat-kur",
        "Kredit Usaha Rakyat (KUR): modal usaha berbunga rendah",
        "KUR adalah kredit bersubsidi pemerintah untuk UMKM. Kenali jenisnya, syaratnya, "
        "dan cara menghitung cicilan sebelum mengajukan.",
        "<p>Kredit Usaha Rakyat (KUR) adalah kredit modal kerja dan investasi yang bunganya "
        "disubsidi pemerintah. KUR disalurkan oleh bank seperti BRI, BNI, Mandiri, BSI dan "
        "Bank Jatim, juga Pegadaian dan koperasi yang ditunjuk.</p>"
        "<h2>Jenis KUR (ketentuan 2024)</h2>"
        "<ul><li><b>KUR Super Mikro</b>: plafon sampai Rp10 juta, bunga 3% efektif per "
        "tahun.</li>"
        "<li><b>KUR Mikro</b>: plafon di atas Rp10 juta sampai Rp100 juta, bunga mulai 6% "
        "efektif per tahun untuk peminjam pertama kali.</li>"
        "<li><b>KUR Kecil</b>: plafon di atas Rp100 juta sampai Rp500 juta.</li></ul>"
        "<p>Pinjaman sampai Rp100 juta tidak memerlukan agunan tambahan. Suku bunga dan plafon "
        "ditinjau pemerintah setiap tahun, jadi pastikan ketentuan terbaru di bank "
        "penyalur.</p>"
        "<h2>Syarat umum</h2>"
        "<ul><li>KTP dan Kartu Keluarga.</li>"
        "<li>Usaha sudah berjalan, biasanya paling sedikit enam bulan.</li>"
        "<li>Surat Keterangan Usaha dari desa atau kelurahan, atau NIB dari OSS.</li>"
        "<li>Tidak sedang menerima kredit produktif lain, kecuali yang diperbolehkan.</li>"
        "</ul>"
        "<h2>Sebelum mengajukan</h2>"
        "<p>Hitung dulu kemampuan bayar: cicilan sebaiknya tidak lebih dari sepertiga laba "
        "bersih bulanan. Catatan penjualan yang rapi, misalnya riwayat pesanan di Kampung Mall "
        "dan mutasi rekening, memudahkan petugas bank menilai usaha Anda. Jangan memakai calo: "
        "pengajuan KUR tidak dipungut biaya.</p>",
    ),
    ArticleSpec(
        "pembukuan-sederhana",
        "Pembukuan sederhana untuk usaha rumahan",
        "Cukup dengan satu buku tulis atau aplikasi gratis: pisahkan uang usaha, catat kas "
        "masuk dan keluar, dan ketahui laba yang sebenarnya.",
        "<p>Banyak usaha rumahan terlihat ramai tetapi uangnya selalu habis. Penyebabnya "
        "sering sederhana: uang usaha dan uang dapur tercampur, sehingga laba yang sebenarnya "
        "tidak pernah diketahui.</p>"
        "<h2>Empat kebiasaan dasar</h2>"
        "<ul><li><b>Pisahkan uang.</b> Buka rekening atau dompet khusus usaha. Ambil gaji "
        "untuk diri sendiri dalam jumlah tetap setiap minggu.</li>"
        "<li><b>Catat kas harian.</b> Setiap hari tulis tanggal, keterangan, uang masuk, uang "
        "keluar dan saldo. Simpan nota belanja bahan.</li>"
        "<li><b>Hitung harga pokok.</b> Jumlahkan biaya bahan, kemasan, gas atau listrik, dan "
        "ongkos tenaga untuk satu kali produksi, lalu bagi dengan jumlah barang jadi.</li>"
        "<li><b>Tutup buku tiap bulan.</b> Laba bersih = penjualan − harga pokok − biaya "
        "operasional (sewa, pulsa, ongkos kirim yang Anda tanggung).</li></ul>"
        "<h2>Contoh</h2>"
        "<p>Bu Sri membuat 40 bungkus keripik pisang dengan biaya bahan Rp180.000, kemasan "
        "Rp40.000 dan gas Rp20.000. Harga pokoknya Rp240.000 : 40 = Rp6.000 per bungkus. "
        "Dijual Rp15.000, labanya Rp9.000 per bungkus sebelum biaya lain.</p>"
        "<p>Catatan yang rapi juga menjadi syarat penting ketika mengajukan KUR atau ikut "
        "pameran dinas.</p>",
    ),
    ArticleSpec(
        "memotret-produk-dengan-hp",
        "Memotret produk dengan HP supaya laku",
        "Foto yang terang dan jujur menjual lebih banyak. Tujuh langkah memotret produk hanya "
        "dengan ponsel dan cahaya jendela.",
        "<p>Pembeli online tidak bisa memegang barang Anda; foto adalah satu-satunya kesan "
        "pertama. Kabar baiknya, foto yang bagus tidak membutuhkan kamera mahal.</p>"
        "<ul><li><b>Bersihkan lensa</b> ponsel dengan kain halus sebelum memotret.</li>"
        "<li><b>Pakai cahaya alami.</b> Potret di dekat jendela pada pagi atau sore hari; "
        "hindari lampu kilat yang membuat bayangan keras.</li>"
        "<li><b>Latar polos.</b> Kertas karton putih, kain batik polos atau papan kayu sudah "
        "cukup.</li>"
        "<li><b>Isi bingkai.</b> Dekati produknya, jangan memakai zoom digital yang membuat "
        "foto pecah.</li>"
        "<li><b>Beberapa sudut:</b> tampak depan, detail tekstur, kemasan, dan saat "
        "dipakai atau disajikan.</li>"
        "<li><b>Tunjukkan ukuran</b> dengan benda pembanding seperti tangan atau "
        "cangkir.</li>"
        "<li><b>Format persegi.</b> Kampung Mall menampilkan foto berbentuk persegi, jadi "
        "potret dengan rasio 1:1 atau sisakan ruang di sekeliling produk.</li></ul>"
        "<p>Jangan mengedit warna berlebihan: foto yang jujur mengurangi komplain dan "
        "pengembalian barang.</p>",
    ),
    ArticleSpec(
        "berjualan-online-aman",
        "Berjualan online dengan aman",
        "Kenali modus penipuan yang sering menyasar penjual: bukti transfer palsu, kode OTP, "
        "dan file APK lewat WhatsApp.",
        "<p>Semakin banyak pembeli, semakin banyak pula orang yang mencoba menipu. Kebanyakan "
        "penipuan bisa dicegah dengan beberapa kebiasaan sederhana.</p>"
        "<h2>Modus yang sering terjadi</h2>"
        "<ul><li><b>Bukti transfer palsu.</b> Kirim barang hanya setelah dana terlihat di "
        "mutasi rekening atau notifikasi aplikasi, bukan dari foto bukti transfer.</li>"
        "<li><b>Meminta kode OTP.</b> Bank, penyedia dompet digital dan Kampung Mall tidak "
        "pernah meminta kode OTP atau PIN. Siapa pun yang memintanya adalah penipu.</li>"
        "<li><b>File APK.</b> Jangan membuka file berakhiran .apk yang dikirim lewat WhatsApp, "
        "meskipun berjudul undangan pernikahan, resi paket atau surat tilang. File itu dapat "
        "mencuri SMS dan menguras rekening.</li>"
        "<li><b>Kelebihan bayar.</b> Pembeli mengaku salah transfer lebih dan meminta "
        "selisihnya dikembalikan. Periksa mutasi dulu.</li></ul>"
        "<h2>Lindungi akun Anda</h2>"
        "<ul><li>Pakai kata sandi yang panjang dan berbeda untuk e-mail, toko dan bank.</li>"
        "<li>Aktifkan verifikasi dua langkah di WhatsApp dan e-mail.</li>"
        "<li>Cek nomor rekening yang mencurigakan di cekrekening.id sebelum bertransaksi.</li>"
        "</ul>"
        "<p>Jika menjadi korban, segera hubungi bank Anda untuk memblokir rekening, lalu "
        "laporkan ke kantor polisi atau layanan konsumen OJK di nomor 157.</p>",
    ),
)


@transaction.atomic
def articles_ensure(*, learning: LearningIndexPage) -> dict[str, int]:
    """Publish the demo articles under the learning centre; existing slugs are left alone."""
    existing = set(ArticlePage.objects.child_of(learning).values_list("slug", flat=True))
    created = 0
    # The learning centre lists the newest first: publish the first article last.
    for spec in reversed(ARTICLES):
        if spec.slug in existing:
            continue
        page = learning.add_child(
            instance=ArticlePage(
                title=spec.title, slug=spec.slug, summary=spec.summary, body=spec.body
            )
        )
        page.save_revision().publish()
        created += 1
    return {"articles": ArticlePage.objects.child_of(learning).count(), "created": created}
