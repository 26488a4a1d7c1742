"""Original Indonesian demo stories for `manage.py load_demo_content`. Written for Warta."""

# Each story: category slug, title, lead, paragraphs, optional quote (text, speaker, role),
# service area slugs, work unit slugs, tags, dateline (empty: the unit's city).
STORIES = [
    {
        "category": "nasional",
        "title": "Kemenag Perluas Layanan Pencatatan Nikah Daring di Seluruh KUA",
        "lead": "Pendaftaran nikah kini dapat dilakukan sepenuhnya secara daring di semua Kantor Urusan Agama, sehingga calon pengantin tidak perlu datang berkali-kali.",
        "paragraphs": [
            "Kementerian Agama memperluas layanan pendaftaran nikah daring ke seluruh Kantor Urusan Agama (KUA) mulai bulan ini. Calon pengantin cukup mengunggah dokumen persyaratan melalui sistem informasi manajemen nikah dan memilih jadwal pemeriksaan.",
            "Menurut data pusat, lebih dari separuh pasangan yang menikah tahun lalu sudah mendaftar secara daring. Perluasan ini diharapkan memangkas waktu tunggu dan biaya perjalanan, terutama bagi warga di daerah terpencil.",
            "Petugas KUA tetap memeriksa keaslian dokumen pada hari pemeriksaan. Masyarakat yang belum terbiasa dengan layanan daring dapat meminta pendampingan di loket KUA terdekat.",
        ],
        "quote": (
            "Kami ingin urusan nikah semudah mungkin, cepat, dan tanpa pungutan di luar ketentuan.",
            "Kamaruddin Amin",
            "Direktur Jenderal Bimas Islam",
        ),
        "areas": ["nikah", "bimas-islam"],
        "units": ["ditjen-bimas-islam"],
        "tags": ["pelayanan publik", "transformasi digital"],
        "dateline": "Jakarta",
        "with_table": True,
    },
    {
        "category": "nasional",
        "title": "Kuota Haji Reguler Tahun Ini Ditetapkan, Pelunasan Dibuka Bulan Depan",
        "lead": "Pemerintah menetapkan kuota haji reguler dan membuka tahap pelunasan biaya perjalanan ibadah haji bagi jemaah yang berhak berangkat.",
        "paragraphs": [
            "Kementerian Agama telah menetapkan kuota haji reguler untuk setiap provinsi berdasarkan proporsi jumlah penduduk muslim dan daftar tunggu. Jemaah yang masuk kuota akan menerima pemberitahuan melalui Kantor Kementerian Agama kabupaten/kota.",
            "Tahap pelunasan dibuka selama dua pekan. Jemaah lanjut usia dan pendampingnya mendapat prioritas sesuai ketentuan yang berlaku.",
            "Jemaah diminta memeriksa status pelunasan melalui aplikasi resmi dan tidak mempercayai pihak yang menjanjikan percepatan keberangkatan.",
        ],
        "quote": (
            "Kuota sudah dibagi secara adil dan terbuka. Silakan cek nomor porsi masing-masing.",
            "Hilman Latief",
            "Direktur Jenderal Penyelenggaraan Haji dan Umrah",
        ),
        "areas": ["haji"],
        "units": ["ditjen-phu"],
        "tags": ["haji 2021", "pelunasan"],
        "dateline": "Jakarta",
        "with_video": True,
    },
    {
        "category": "nasional",
        "title": "Madrasah Negeri Siap Gelar Pembelajaran Tatap Muka Terbatas",
        "lead": "Ribuan madrasah negeri menyiapkan pembelajaran tatap muka terbatas dengan protokol kesehatan yang ketat.",
        "paragraphs": [
            "Direktorat Jenderal Pendidikan Islam menerbitkan panduan pembelajaran tatap muka terbatas bagi madrasah. Panduan itu mengatur kapasitas kelas, jadwal bergiliran, serta kewajiban menyediakan sarana cuci tangan.",
            "Kepala madrasah diminta berkoordinasi dengan satuan tugas daerah sebelum membuka kelas. Orang tua tetap boleh memilih pembelajaran jarak jauh bagi anaknya.",
            "Guru madrasah yang telah divaksin menjadi prioritas untuk mengajar di kelas tatap muka.",
        ],
        "quote": (
            "Keselamatan siswa dan guru tetap yang utama.",
            "Muhammad Ali Ramdhani",
            "Direktur Jenderal Pendidikan Islam",
        ),
        "areas": ["madrasah"],
        "units": ["ditjen-pendis"],
        "tags": ["pembelajaran tatap muka", "protokol kesehatan"],
        "dateline": "Jakarta",
    },
    {
        "category": "nasional",
        "title": "Bantuan Operasional Pesantren Tahap Kedua Mulai Disalurkan",
        "lead": "Bantuan operasional tahap kedua disalurkan kepada pondok pesantren dan lembaga pendidikan diniyah yang lolos verifikasi.",
        "paragraphs": [
            "Penyaluran bantuan dilakukan langsung ke rekening lembaga. Pesantren penerima wajib melaporkan penggunaan dana paling lambat tiga bulan setelah dana diterima.",
            "Kementerian Agama mengingatkan bahwa bantuan ini tidak dipungut biaya apa pun. Pesantren yang dimintai imbalan oleh oknum diminta melapor ke kanal pengaduan resmi.",
        ],
        "areas": ["pesantren"],
        "units": ["ditjen-pendis"],
        "tags": ["bantuan pesantren"],
        "dateline": "Jakarta",
    },
    {
        "category": "nasional",
        "title": "Moderasi Beragama Masuk Kurikulum Pelatihan Aparatur",
        "lead": "Materi penguatan moderasi beragama kini menjadi bagian wajib pelatihan dasar bagi calon aparatur sipil negara di lingkungan Kementerian Agama.",
        "paragraphs": [
            "Badan Litbang dan Diklat menyusun modul moderasi beragama yang menekankan komitmen kebangsaan, toleransi, antikekerasan, dan penghormatan terhadap tradisi lokal.",
            "Modul tersebut diuji coba di sejumlah balai diklat keagamaan sebelum diterapkan secara nasional.",
            "Peserta pelatihan akan menyusun rencana aksi moderasi beragama di satuan kerja masing-masing.",
        ],
        "quote": (
            "Moderasi beragama adalah cara pandang, bukan sekadar slogan.",
            "Achmad Gunaryo",
            "Kepala Badan Litbang dan Diklat",
        ),
        "areas": ["kerukunan"],
        "units": ["balitbang-diklat"],
        "tags": ["moderasi beragama"],
        "dateline": "Jakarta",
    },
    {
        "category": "nasional",
        "title": "Sertifikasi Halal Gratis untuk Usaha Mikro Dibuka Kembali",
        "lead": "Pelaku usaha mikro dan kecil kembali dapat mendaftar sertifikasi halal tanpa biaya melalui skema pernyataan pelaku usaha.",
        "paragraphs": [
            "Badan Penyelenggara Jaminan Produk Halal membuka kembali program sertifikasi halal gratis. Pendaftaran dilakukan melalui sistem informasi halal dengan pendampingan oleh pendamping proses produk halal.",
            "Produk yang dapat diajukan adalah produk dengan bahan yang sudah dipastikan kehalalannya dan proses produksi sederhana.",
            "Pelaku usaha dapat menghubungi satgas layanan halal di Kanwil Kementerian Agama provinsi untuk informasi lebih lanjut.",
        ],
        "areas": ["halal"],
        "units": ["bpjph"],
        "tags": ["sertifikasi halal", "UMK"],
        "dateline": "Jakarta",
    },
    {
        "category": "nasional",
        "title": "Gerakan Wakaf Uang Aparatur Kemenag Dicanangkan",
        "lead": "Aparatur Kementerian Agama diajak berwakaf uang secara rutin untuk mendukung pembangunan sarana pendidikan dan kesehatan.",
        "paragraphs": [
            "Gerakan wakaf uang dilaksanakan bersama Badan Wakaf Indonesia dan lembaga keuangan syariah penerima wakaf uang. Nilai wakaf dapat dimulai dari jumlah kecil dan dipotong langsung dari penghasilan atas persetujuan pegawai.",
            "Hasil pengelolaan wakaf akan dilaporkan secara berkala kepada para wakif.",
        ],
        "areas": ["zakat-wakaf"],
        "units": ["ditjen-bimas-islam"],
        "tags": ["wakaf uang"],
        "dateline": "Jakarta",
    },
    {
        "category": "nasional",
        "title": "Pengadaan Barang dan Jasa Kemenag Didorong Lewat Katalog Elektronik",
        "lead": "Inspektorat Jenderal meminta seluruh satuan kerja memaksimalkan belanja melalui katalog elektronik untuk mencegah penyimpangan.",
        "paragraphs": [
            "Penggunaan katalog elektronik dinilai mempercepat proses pengadaan sekaligus memperkecil peluang pertemuan langsung antara panitia dan penyedia.",
            "Inspektorat akan melakukan reviu atas paket pengadaan bernilai besar sejak tahap perencanaan.",
        ],
        "areas": ["layanan-lainnya"],
        "units": ["itjen"],
        "tags": ["pengadaan", "integritas"],
        "dateline": "Jakarta",
    },
    {
        "category": "nasional",
        "title": "Penataan Organisasi Kanwil dan Kankemenag Rampung Akhir Tahun",
        "lead": "Biro Organisasi dan Tata Laksana menargetkan penataan struktur organisasi instansi vertikal selesai sebelum akhir tahun anggaran.",
        "paragraphs": [
            "Penataan organisasi dilakukan untuk menyesuaikan beban kerja dan jumlah layanan di setiap daerah. Beberapa seksi akan digabung dan diganti dengan jabatan fungsional.",
            "Biro Ortala juga menyusun standar operasional prosedur baru untuk layanan publik di Kankemenag.",
            "Pegawai yang terdampak penyederhanaan birokrasi dijamin tidak mengalami penurunan penghasilan.",
        ],
        "areas": ["layanan-lainnya"],
        "units": ["biro-ortala"],
        "tags": ["reformasi birokrasi", "penyederhanaan birokrasi"],
        "dateline": "Jakarta",
    },
    {
        "category": "nasional",
        "title": "Hasil Sidang Isbat Awal Ramadan Diumumkan Secara Terbuka",
        "lead": "Sidang isbat penetapan awal Ramadan digelar dengan menghadirkan perwakilan organisasi kemasyarakatan Islam dan para ahli astronomi.",
        "paragraphs": [
            "Sidang isbat diawali pemaparan posisi hilal oleh tim hisab rukyat. Laporan rukyatul hilal dikumpulkan dari puluhan titik pengamatan di seluruh Indonesia.",
            "Keputusan sidang diumumkan melalui konferensi pers dan disiarkan langsung agar dapat diikuti masyarakat luas.",
        ],
        "quote": (
            "Perbedaan yang mungkin terjadi hendaknya disikapi dengan saling menghormati.",
            "Yaqut Cholil Qoumas",
            "Menteri Agama",
        ),
        "areas": ["bimas-islam"],
        "units": ["ditjen-bimas-islam"],
        "tags": ["sidang isbat", "Ramadan"],
        "dateline": "Jakarta",
    },
    {
        "category": "nasional",
        "title": "Perayaan Natal Nasional Usung Semangat Kebersamaan",
        "lead": "Perayaan Natal nasional tahun ini mengangkat tema kebersamaan dan kepedulian terhadap sesama yang terdampak pandemi.",
        "paragraphs": [
            "Ditjen Bimas Kristen dan Bimas Katolik bersama panitia menyiapkan perayaan yang digelar secara hibrida. Umat dapat mengikuti ibadah secara langsung dengan jumlah terbatas maupun melalui siaran daring.",
            "Panitia juga menyalurkan paket bantuan kepada keluarga prasejahtera di sejumlah daerah.",
        ],
        "areas": ["bimas-kristen", "bimas-katolik", "kerukunan"],
        "units": ["ditjen-bimas-kristen", "ditjen-bimas-katolik"],
        "tags": ["Natal", "kerukunan"],
        "dateline": "Jakarta",
    },
    {
        "category": "nasional",
        "title": "Pembinaan Umat Hindu dan Buddha Diperkuat Lewat Penyuluh Agama",
        "lead": "Jumlah penyuluh agama Hindu dan Buddha non-PNS ditambah untuk menjangkau umat di daerah yang belum terlayani.",
        "paragraphs": [
            "Penambahan penyuluh diprioritaskan bagi kabupaten yang memiliki umat cukup banyak namun belum memiliki penyuluh tetap.",
            "Penyuluh akan mendapat pelatihan tentang moderasi beragama, penyuluhan digital, dan pendampingan keluarga.",
        ],
        "areas": ["bimas-hindu", "bimas-buddha"],
        "units": ["ditjen-bimas-hindu", "ditjen-bimas-buddha"],
        "tags": ["penyuluh agama"],
        "dateline": "Jakarta",
    },
    {
        "category": "internasional",
        "title": "Indonesia dan Arab Saudi Bahas Skema Baru Layanan Jemaah",
        "lead": "Delegasi Indonesia bertemu otoritas Arab Saudi untuk membahas skema layanan jemaah haji dan umrah yang lebih efisien.",
        "paragraphs": [
            "Pertemuan membahas kesiapan akomodasi, transportasi, dan layanan kesehatan bagi jemaah Indonesia, negara dengan jumlah jemaah terbesar di dunia.",
            "Kedua pihak sepakat memperkuat pertukaran data jemaah secara elektronik.",
        ],
        "areas": ["haji"],
        "units": ["ditjen-phu", "biro-hukum-kln"],
        "tags": ["haji 2021", "kerja sama luar negeri"],
        "dateline": "Jeddah",
    },
    {
        "category": "internasional",
        "title": "Forum Internasional Moderasi Beragama Digelar di Bali",
        "lead": "Tokoh agama dan akademisi dari berbagai negara berbagi pengalaman merawat kerukunan dalam forum internasional moderasi beragama.",
        "paragraphs": [
            "Forum ini menghadirkan pembicara dari Asia Tenggara, Timur Tengah, dan Eropa. Mereka membahas peran pendidikan agama dalam mencegah ekstremisme.",
            "Indonesia memaparkan pengalaman rumah moderasi beragama di perguruan tinggi keagamaan.",
        ],
        "areas": ["kerukunan", "pendidikan-tinggi"],
        "units": ["pkub", "biro-hukum-kln"],
        "tags": ["moderasi beragama", "kerja sama luar negeri"],
        "dateline": "Denpasar",
    },
    {
        "category": "siaran-pers",
        "title": "Siaran Pers: Kemenag Luncurkan Kanal Pengaduan Layanan Terpadu",
        "lead": "Kementerian Agama meluncurkan kanal pengaduan terpadu yang dapat diakses melalui situs, telepon, dan pesan singkat.",
        "paragraphs": [
            "Kanal pengaduan terpadu menggabungkan layanan pengaduan yang sebelumnya tersebar di berbagai unit. Setiap aduan akan mendapatkan nomor tiket dan dapat dipantau perkembangannya.",
            "Aduan terkait pungutan liar akan langsung diteruskan kepada Inspektorat Jenderal.",
            "Masyarakat diimbau menyertakan bukti pendukung agar aduan dapat ditindaklanjuti dengan cepat.",
        ],
        "areas": ["layanan-lainnya"],
        "units": ["biro-humas", "itjen"],
        "tags": ["pelayanan publik", "pengaduan"],
        "dateline": "Jakarta",
        "with_attachment": True,
    },
    {
        "category": "siaran-pers",
        "title": "Siaran Pers: Biaya Haji Tidak Naik Bagi Jemaah yang Tertunda",
        "lead": "Jemaah haji yang keberangkatannya tertunda tidak dibebani kenaikan biaya perjalanan ibadah haji.",
        "paragraphs": [
            "Pemerintah dan DPR menyepakati bahwa jemaah tertunda tetap membayar sesuai setoran pelunasan yang telah dilakukan sebelumnya.",
            "Selisih biaya akan ditutup dari nilai manfaat dana haji yang dikelola secara syariah.",
        ],
        "areas": ["haji"],
        "units": ["ditjen-phu", "biro-humas"],
        "tags": ["haji 2021", "biaya haji"],
        "dateline": "Jakarta",
        "with_attachment": True,
    },
    {
        "category": "pengumuman",
        "title": "Pengumuman Seleksi Calon Pegawai Kementerian Agama",
        "lead": "Kementerian Agama membuka seleksi calon pegawai untuk formasi guru, dosen, penghulu, dan penyuluh agama.",
        "paragraphs": [
            "Pendaftaran dilakukan secara daring melalui portal seleksi nasional. Pelamar wajib memperhatikan syarat pendidikan untuk setiap formasi.",
            "Kementerian Agama tidak memungut biaya dalam seluruh tahapan seleksi. Waspadai penipuan yang mengatasnamakan panitia.",
        ],
        "areas": ["layanan-lainnya"],
        "units": ["biro-kepegawaian"],
        "tags": ["seleksi pegawai"],
        "dateline": "Jakarta",
        "with_table": True,
        "with_attachment": True,
    },
    {
        "category": "pengumuman",
        "title": "Pengumuman Libur dan Cuti Bersama Akhir Tahun",
        "lead": "Seluruh satuan kerja diminta menyesuaikan jadwal layanan publik dengan ketentuan libur dan cuti bersama akhir tahun.",
        "paragraphs": [
            "Layanan yang bersifat darurat, seperti pencatatan nikah yang sudah terjadwal, tetap dilayani dengan petugas piket.",
            "Kepala satuan kerja wajib mengumumkan jadwal layanan di kantor dan media sosial masing-masing.",
        ],
        "areas": ["layanan-lainnya"],
        "units": ["biro-umum"],
        "tags": ["cuti bersama"],
        "dateline": "Jakarta",
    },
    {
        "category": "opini",
        "title": "Opini: Menjaga Rumah Ibadah sebagai Ruang Bersama",
        "lead": "Rumah ibadah tidak hanya tempat beribadah, tetapi juga ruang belajar dan bertemu yang menguatkan kerukunan warga.",
        "paragraphs": [
            "Di banyak desa, rumah ibadah menjadi pusat kegiatan sosial: posyandu, pengajian, hingga musyawarah warga. Fungsi ini patut dirawat.",
            "Pengurus rumah ibadah dapat membuka diri terhadap kegiatan lintas iman, misalnya kerja bakti bersama atau dialog pemuda.",
            "Negara hadir melalui penyuluh agama dan forum kerukunan umat beragama untuk memfasilitasi pertemuan semacam itu.",
        ],
        "areas": ["kerukunan"],
        "units": ["pkub"],
        "tags": ["kerukunan", "rumah ibadah"],
        "dateline": "Jakarta",
    },
    {
        "category": "opini",
        "title": "Opini: Madrasah dan Literasi Digital Anak",
        "lead": "Madrasah berperan penting mengajarkan anak memilah informasi di tengah derasnya arus konten digital.",
        "paragraphs": [
            "Literasi digital bukan hanya kemampuan menggunakan gawai, melainkan juga kemampuan menilai kebenaran informasi dan menjaga etika di ruang maya.",
            "Guru madrasah dapat memadukan nilai akhlak dengan praktik literasi digital dalam pembelajaran sehari-hari.",
        ],
        "areas": ["madrasah"],
        "units": ["ditjen-pendis"],
        "tags": ["literasi digital"],
        "dateline": "Jakarta",
    },
]

# Regional stories: one text, told by several provincial offices.
REGIONAL_STORIES = [
    {
        "title": "Kanwil Kemenag {province} Gelar Bimbingan Perkawinan bagi Calon Pengantin",
        "lead": "Puluhan pasangan calon pengantin di {province} mengikuti bimbingan perkawinan untuk membangun keluarga yang tangguh.",
        "paragraphs": [
            "Bimbingan perkawinan diselenggarakan selama dua hari di {city}. Materi meliputi pengelolaan keuangan keluarga, kesehatan reproduksi, dan komunikasi pasangan.",
            "Peserta yang lulus bimbingan mendapatkan sertifikat yang menjadi salah satu dokumen pendukung pencatatan nikah.",
        ],
        "areas": ["nikah"],
        "tags": ["bimbingan perkawinan"],
    },
    {
        "title": "Manasik Haji Tingkat Provinsi {province} Diikuti Ribuan Jemaah",
        "lead": "Kanwil Kemenag {province} menggelar manasik haji massal untuk memantapkan pemahaman jemaah tentang rangkaian ibadah.",
        "paragraphs": [
            "Manasik berlangsung di {city} dengan simulasi tawaf, sai, dan lempar jumrah. Jemaah lanjut usia didampingi petugas kesehatan.",
            "Kepala Kanwil mengingatkan jemaah untuk menjaga kesehatan dan mengikuti jadwal vaksinasi meningitis.",
        ],
        "areas": ["haji"],
        "tags": ["manasik haji", "haji 2021"],
    },
    {
        "title": "Siswa Madrasah {province} Raih Medali di Kompetisi Sains Madrasah",
        "lead": "Siswa madrasah dari {province} membawa pulang medali dalam ajang kompetisi sains madrasah tingkat nasional.",
        "paragraphs": [
            "Para siswa berlaga di bidang matematika, biologi, fisika, dan riset terapan. Mereka dibimbing guru madrasah sejak tingkat kabupaten.",
            "Kanwil Kemenag {province} akan memberikan penghargaan kepada siswa dan guru pembimbing.",
        ],
        "areas": ["madrasah"],
        "tags": ["kompetisi sains madrasah", "prestasi"],
    },
    {
        "title": "Forum Kerukunan Umat Beragama {province} Gelar Dialog Pemuda Lintas Iman",
        "lead": "Pemuda dari berbagai agama di {province} berkumpul dalam dialog untuk memperkuat toleransi dan persaudaraan.",
        "paragraphs": [
            "Dialog di {city} diisi dengan diskusi kelompok dan kunjungan bersama ke beberapa rumah ibadah.",
            "Peserta sepakat membentuk jaringan pemuda lintas iman yang akan aktif di media sosial menyebarkan pesan damai.",
        ],
        "areas": ["kerukunan"],
        "tags": ["moderasi beragama", "pemuda"],
    },
]

REGIONAL_PROVINCES = [
    (
        "jawa-timur",
        "Jawa Timur",
        "kanwil-jawa-timur",
        ["kankemenag-kota-surabaya", "kankemenag-kabupaten-malang", "kankemenag-kabupaten-jember"],
    ),
    (
        "jawa-barat",
        "Jawa Barat",
        "kanwil-jawa-barat",
        ["kankemenag-kota-bandung", "kankemenag-kabupaten-bogor"],
    ),
    ("sulawesi-selatan", "Sulawesi Selatan", "kanwil-sulawesi-selatan", ["kankemenag-kota-makassar"]),
    ("papua", "Papua", "kanwil-papua", ["kankemenag-kota-jayapura"]),
    ("bali", "Bali", "kanwil-bali", ["kankemenag-kota-denpasar"]),
    ("aceh", "Aceh", "kanwil-aceh", ["kankemenag-kota-banda-aceh"]),
]

CATEGORIES = [
    ("nasional", "Nasional", "Berita kebijakan dan kegiatan Kementerian Agama tingkat pusat."),
    ("daerah", "Daerah", "Berita dari Kantor Wilayah dan Kantor Kementerian Agama di seluruh Indonesia."),
    ("internasional", "Internasional", "Kerja sama dan kegiatan Kementerian Agama di tingkat internasional."),
    ("siaran-pers", "Siaran Pers", "Siaran pers resmi Kementerian Agama."),
    ("pengumuman", "Pengumuman", "Pengumuman resmi bagi masyarakat dan pegawai."),
    ("opini", "Opini", "Tulisan opini pegawai dan mitra Kementerian Agama."),
]

# The press contact named on the demo press releases (the phone and address are invented).
PRESS_CONTACT = {"name": "Indah Lestari", "phone": "+62 21 3811642", "email": "humas@kemenag.example"}

# A press release under embargo: scheduled two days ahead, readable only through a preview link.
EMBARGOED_RELEASE = {
    "category": "siaran-pers",
    "title": "Siaran Pers: Kemenag Umumkan Jadwal Seleksi Petugas Haji Tahun Depan",
    "lead": "Kementerian Agama membuka seleksi petugas penyelenggara ibadah haji dengan tahapan yang seluruhnya "
    "dapat diikuti secara daring.",
    "paragraphs": [
        "Seleksi terbuka bagi aparatur sipil negara di lingkungan Kementerian Agama dan unsur masyarakat yang "
        "memenuhi persyaratan kesehatan serta pengalaman pembimbingan jemaah.",
        "Tahap pertama berupa seleksi administrasi, dilanjutkan ujian berbasis komputer di kantor wilayah "
        "masing-masing provinsi.",
        "Petugas yang lolos akan mengikuti bimbingan teknis sebelum diberangkatkan bersama kelompok terbang.",
    ],
    "areas": ["haji"],
    "units": ["ditjen-phu", "biro-humas"],
    "tags": ["haji", "petugas haji"],
    "dateline": "Jakarta",
    "with_attachment": True,
}

PEOPLE = [
    ("Indah Lestari", "biro-humas"),
    ("Fajar Nugroho", "biro-humas"),
    ("Rina Marlina", "biro-humas"),
    ("Ahmad Syauqi", "biro-humas"),
    ("Dewi Kartika", "kanwil-jawa-timur"),
    ("Budi Santoso", "kanwil-jawa-barat"),
    ("Andi Rahman", "kanwil-sulawesi-selatan"),
    ("Yohanes Wenda", "kanwil-papua"),
    ("Made Sudarsana", "kanwil-bali"),
    ("Teuku Fadli", "kanwil-aceh"),
]
