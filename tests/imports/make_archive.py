"""Write a large archive file for timing `import_articles`.

    python tests/imports/make_archive.py /tmp/bench/archive.jsonl 10000
    python manage.py import_articles /tmp/bench/archive.jsonl

Lines use the demo categories, service areas and work units, a few shared photos (copied
from docs/examples/images), people from a small pool, HTML bodies and "related" links that
point both backwards and forwards.
"""

import json
import random
import shutil
import sys
from pathlib import Path

EXAMPLE_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "examples" / "images"
CATEGORIES = ["nasional", "siaran-pers", "daerah/jawa-timur", "daerah/jawa-barat", "internasional"]
AREAS = ["haji", "madrasah", "nikah", "zakat-wakaf", "halal", "kerukunan", "pesantren"]
UNITS = ["biro-humas", "ditjen-phu", "ditjen-pendis", "kanwil-jawa-timur", "kankemenag-kota-surabaya"]
PEOPLE = ["Indah Lestari", "Bagas Pratama", "Sri Wahyuni", "Dewi Anggraini", "Yusuf Hidayat", "Maria Ulfa"]
TAGS = ["pelayanan publik", "moderasi beragama", "literasi digital", "zakat", "madrasah", "haji 2021"]
SUBJECTS = ["Kanwil Jawa Timur", "Kankemenag Surabaya", "Ditjen PHU", "Madrasah Negeri", "Penyuluh agama"]
TOPICS = ["bimbingan manasik", "layanan nikah", "pekan literasi", "sertifikasi halal", "dialog lintas iman"]
SENTENCES = [
    "Kegiatan ini diikuti peserta dari berbagai kabupaten dan kota.",
    "Panitia menyiapkan layanan informasi bagi masyarakat yang datang langsung.",
    "Para peserta mendapat materi dari narasumber yang berpengalaman di bidangnya.",
    "Kepala kantor berharap kegiatan serupa dapat digelar setiap tahun.",
    "Masyarakat dapat menyampaikan pertanyaan melalui layanan pengaduan resmi.",
]


def line(rng: random.Random, number: int, count: int) -> dict:
    topic = rng.choice(TOPICS)
    title = f"{rng.choice(SUBJECTS)} gelar {topic} angkatan {number}"
    body = "".join(f"<p>{' '.join(rng.sample(SENTENCES, 3))}</p>" for _ in range(4))
    data = {
        "id": f"bench-{number}",
        "url": f"https://arsip.kemenag.example/berita.php?id={number}",
        "category": rng.choice(CATEGORIES),
        "title": title,
        "lead": f"{title.capitalize()} berjalan lancar. {rng.choice(SENTENCES)}",
        "dateline": "Jakarta",
        "published_at": f"{rng.randint(2014, 2023)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T09:00",
        "body": body,
        "editor": rng.choice(PEOPLE),
        "reporter": rng.choice(PEOPLE),
        "service_areas": rng.sample(AREAS, 2),
        "work_units": [rng.choice(UNITS)],
        "tags": rng.sample(TAGS, 2),
    }
    if rng.random() < 0.5:
        photo = rng.choice(["kantor-kemenag.jpg", "ruang-kelas.png"])
        data["image"] = {"file": f"images/{photo}", "caption": "Suasana kegiatan.", "alt": "Foto kegiatan"}
    if rng.random() < 0.3:
        data["related"] = [f"bench-{rng.randint(1, count)}"]
    return data


def write_archive(path: Path, count: int, seed: int = 2021) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(EXAMPLE_IMAGES, path.parent / "images", dirs_exist_ok=True)
    rng = random.Random(seed)  # noqa: S311 - test data
    with path.open("w", encoding="utf-8") as handle:
        for number in range(1, count + 1):
            handle.write(json.dumps(line(rng, number, count), ensure_ascii=False) + "\n")
    return path


if __name__ == "__main__":
    target, total = Path(sys.argv[1]), int(sys.argv[2])
    write_archive(target, total)
    sys.stdout.write(f"Wrote {total} lines to {target}\n")
