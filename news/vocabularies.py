"""The ministry's service areas and work units, loaded by a data migration."""

import csv
from pathlib import Path

from django.utils.text import slugify

ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}

SERVICE_AREAS = [
    ("Nikah dan Rujuk", "nikah", "Pencatatan nikah dan rujuk, bimbingan perkawinan, dan layanan KUA."),
    ("Haji dan Umrah", "haji", "Pendaftaran, pembinaan, dan pelayanan jemaah haji dan umrah."),
    ("Madrasah", "madrasah", "Pendidikan di RA, MI, MTs, dan MA."),
    ("Pesantren", "pesantren", "Pembinaan pondok pesantren dan pendidikan diniyah."),
    ("Pendidikan Tinggi Keagamaan", "pendidikan-tinggi", "Perguruan tinggi keagamaan negeri dan swasta."),
    ("Zakat dan Wakaf", "zakat-wakaf", "Pengelolaan zakat, infak, sedekah, dan wakaf."),
    ("Jaminan Produk Halal", "halal", "Sertifikasi dan pengawasan produk halal."),
    ("Kerukunan Umat Beragama", "kerukunan", "Moderasi beragama dan kerukunan antarumat."),
    ("Bimbingan Masyarakat Islam", "bimas-islam", "Penerangan agama Islam, masjid, dan hisab rukyat."),
    ("Bimbingan Masyarakat Kristen", "bimas-kristen", "Layanan keagamaan umat Kristen."),
    ("Bimbingan Masyarakat Katolik", "bimas-katolik", "Layanan keagamaan umat Katolik."),
    ("Bimbingan Masyarakat Hindu", "bimas-hindu", "Layanan keagamaan umat Hindu."),
    ("Bimbingan Masyarakat Buddha", "bimas-buddha", "Layanan keagamaan umat Buddha."),
    ("Layanan Keagamaan Lainnya", "layanan-lainnya", "Layanan keagamaan lain bagi masyarakat."),
]

# (name, slug, children as (name, slug))
CENTRAL_UNITS = [
    (
        "Sekretariat Jenderal",
        "setjen",
        [
            ("Biro Organisasi dan Tata Laksana", "biro-ortala"),
            ("Biro Hubungan Masyarakat, Data, dan Informasi", "biro-humas"),
            ("Biro Hukum dan Kerja Sama Luar Negeri", "biro-hukum-kln"),
            ("Biro Keuangan dan BMN", "biro-keuangan"),
            ("Biro Kepegawaian", "biro-kepegawaian"),
            ("Biro Perencanaan", "biro-perencanaan"),
            ("Biro Umum", "biro-umum"),
            ("Pusat Kerukunan Umat Beragama", "pkub"),
        ],
    ),
    ("Inspektorat Jenderal", "itjen", []),
    ("Direktorat Jenderal Pendidikan Islam", "ditjen-pendis", []),
    ("Direktorat Jenderal Penyelenggaraan Haji dan Umrah", "ditjen-phu", []),
    ("Direktorat Jenderal Bimbingan Masyarakat Islam", "ditjen-bimas-islam", []),
    ("Direktorat Jenderal Bimbingan Masyarakat Kristen", "ditjen-bimas-kristen", []),
    ("Direktorat Jenderal Bimbingan Masyarakat Katolik", "ditjen-bimas-katolik", []),
    ("Direktorat Jenderal Bimbingan Masyarakat Hindu", "ditjen-bimas-hindu", []),
    ("Direktorat Jenderal Bimbingan Masyarakat Buddha", "ditjen-bimas-buddha", []),
    ("Badan Penelitian dan Pengembangan dan Pendidikan dan Pelatihan", "balitbang-diklat", []),
    ("Badan Penyelenggara Jaminan Produk Halal", "bpjph", []),
]

# District and city offices seeded under a few provinces: (province, name, city).
KANKEMENAG = [
    ("Aceh", "Kota Banda Aceh", "Banda Aceh"),
    ("DKI Jakarta", "Kota Jakarta Selatan", "Jakarta"),
    ("Jawa Barat", "Kota Bandung", "Bandung"),
    ("Jawa Barat", "Kabupaten Bogor", "Cibinong"),
    ("Jawa Tengah", "Kota Semarang", "Semarang"),
    ("Jawa Timur", "Kota Surabaya", "Surabaya"),
    ("Jawa Timur", "Kabupaten Malang", "Kepanjen"),
    ("Jawa Timur", "Kabupaten Jember", "Jember"),
    ("Bali", "Kota Denpasar", "Denpasar"),
    ("Sulawesi Selatan", "Kota Makassar", "Makassar"),
    ("Papua", "Kota Jayapura", "Jayapura"),
]


def provinces() -> list[dict]:
    """Indonesia's provinces with their capital and time zone name."""
    with (Path(__file__).parent / "data" / "provinces.csv").open(encoding="utf-8") as handle:
        return [
            {"name": row["province"], "capital": row["capital"], "zone": ZONES[row["time_zone"]]}
            for row in csv.DictReader(handle)
        ]


def kanwil_slug(province: str) -> str:
    return f"kanwil-{slugify(province)}"


def seed(ServiceArea, WorkUnit) -> None:
    """Create the vocabularies that are missing; existing rows (maybe renamed by admins) stay."""
    for order, (name, slug, description) in enumerate(SERVICE_AREAS):
        ServiceArea.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )

    def unit(slug, parent=None, **fields):
        obj, created = WorkUnit.objects.get_or_create(slug=slug, defaults={"parent": parent, **fields})
        if created or not obj.tree_path:
            prefix = parent.tree_path if parent else "/"
            obj.tree_path = f"{prefix}{obj.pk}/"
            obj.save(update_fields=["tree_path"])
        return obj

    for order, (name, slug, children) in enumerate(CENTRAL_UNITS):
        top = unit(slug, name=name, kind="eselon1", dateline_city="Jakarta", sort_order=order)
        for child_order, (child_name, child_slug) in enumerate(children):
            unit(
                child_slug, top, name=child_name, kind="biro", dateline_city="Jakarta", sort_order=child_order
            )

    kanwil = {}
    for order, province in enumerate(provinces()):
        kanwil[province["name"]] = unit(
            kanwil_slug(province["name"]),
            name=f"Kanwil Kemenag Provinsi {province['name']}",
            kind="kanwil",
            dateline_city=province["capital"],
            time_zone=province["zone"],
            sort_order=100 + order,
        )
    for province, name, city in KANKEMENAG:
        parent = kanwil[province]
        unit(
            f"kankemenag-{slugify(name)}",
            parent,
            name=f"Kankemenag {name}",
            kind="kankemenag",
            dateline_city=city,
            time_zone=parent.time_zone,
        )
