"""Build a believable ministry newsroom: categories, people, photos and original articles.

Idempotent: what exists (matched by slug or title) is left alone, so a second run adds nothing.
"""

import io
import math
import os
import random
from datetime import timedelta

from django.apps import apps as django_apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.models import Site

from home.models import HomePage, SiteSettings
from news import demo_content as demo
from news.models import (
    ArticlePage,
    ArticleRelatedPage,
    ArticleReporter,
    ArticleViewCount,
    ArticleWorkUnit,
    CategoryIndexPage,
    Person,
    PreviewLink,
    ServiceArea,
    WorkUnit,
)
from news.popular import store_rankings
from news.roles import add_province_office

ROMAN_MONTHS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

DEV_ADMIN = ("admin", "warta-admin-2026")
DEV_ROLE_PASSWORD = "warta-redaksi-2026"  # noqa: S105 - development logins only
# Username, the person credited (who pre-fills a new article's reporter), group, work unit.
DEV_ROLE_USERS = [
    ("kontributor", "Fajar Nugroho", "Kontributor", "biro-humas"),
    ("redaktur", "Indah Lestari", "Redaktur", "biro-humas"),
    ("redaktur-pelaksana", "Rina Marlina", "Redaktur Pelaksana", "biro-humas"),
    ("admin-redaksi", "Ahmad Syauqi", "Admin", "biro-humas"),
    ("kontributor-jatim", "Dewi Kartika", "Kontributor Jawa Timur", "kanwil-jawa-timur"),
    ("redaktur-jatim", "Hasan Basri", "Redaktur Jawa Timur", "kanwil-jawa-timur"),
]
# A real, freely licensed film (Blender Foundation, CC BY 3.0) as the demo's video: the page
# shows its poster and link, and frames YouTube's player only when a reader asks for it.
VIDEO_URL = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
PHOTOS = [
    (
        "Petugas KUA melayani calon pengantin",
        "Petugas KUA memeriksa berkas calon pengantin di meja layanan.",
        (22, 101, 52),
    ),
    (
        "Jemaah haji mengikuti manasik",
        "Jemaah berpakaian ihram berbaris di lapangan saat manasik haji.",
        (180, 120, 30),
    ),
    (
        "Siswa madrasah belajar di kelas",
        "Siswa madrasah berseragam duduk berkelompok di ruang kelas.",
        (30, 90, 160),
    ),
    (
        "Santri membaca kitab di serambi pesantren",
        "Santri duduk bersila membaca kitab di serambi pondok pesantren.",
        (110, 60, 140),
    ),
    ("Dialog lintas iman pemuda", "Pemuda dari beragam agama duduk melingkar dalam dialog.", (190, 60, 60)),
    (
        "Konferensi pers di kantor pusat",
        "Pejabat Kementerian Agama memberikan keterangan pers di depan wartawan.",
        (60, 60, 70),
    ),
    ("Rapat koordinasi pejabat", "Peserta rapat koordinasi duduk di ruang pertemuan.", (20, 120, 130)),
    (
        "Pelayanan sertifikasi halal",
        "Pendamping halal memeriksa produk makanan pelaku usaha mikro.",
        (150, 140, 20),
    ),
]


def make_photo(seed: int, color: tuple[int, int, int]) -> bytes:
    """A 1600×900 JPEG with soft light and shapes: a stand-in photo made here."""
    rng = random.Random(seed)  # noqa: S311 - shapes, not secrets
    width, height = 1600, 900
    image = PILImage.new("RGB", (width, height), color)
    draw = ImageDraw.Draw(image)
    for y in range(height):
        shade = 0.55 + 0.45 * (1 - y / height)
        draw.line([(0, y), (width, y)], fill=tuple(int(c * shade + 40 * (1 - shade)) for c in color))
    for _ in range(14):
        x, y = rng.randrange(width), rng.randrange(height)
        radius = rng.randrange(40, 220)
        tone = tuple(min(255, c + rng.randrange(30, 110)) for c in color)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=tone, width=6)
    for i in range(9):
        x = 120 + i * 170
        top = 520 + int(60 * math.sin(i + seed))
        draw.rounded_rectangle(
            [x, top, x + 110, height], radius=40, fill=tuple(max(0, c - 50) for c in color)
        )
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


EMBLEM_COLOURS = {"gold": "#d4a017", "green": "#0f6e40", "deep": "#0a3a24", "white": "#ffffff"}


def emblem_shapes(size: float) -> list[tuple]:
    """An original emblem (not the ministry's) on a size × size grid, back to front: a gold
    eight-pointed star on a green disc inside a gold ring, a white open book at its heart.

    Each shape is ("disc", radius, colour), ("polygon", points, colour) or ("line", (start,
    end), width, colour), centred on the grid; make_emblem paints them, make_emblem_svg writes
    them.
    """
    centre = size / 2

    def star(radius: float, inner: float) -> list[tuple[float, float]]:
        points = []
        for i in range(16):
            angle = math.pi / 8 * i - math.pi / 2
            r = radius if i % 2 == 0 else inner
            points.append((centre + r * math.cos(angle), centre + r * math.sin(angle)))
        return points

    # An open book: two pages meeting at a spine.
    w, h = size * 0.15, size * 0.11
    top = centre - h * 0.55
    spine = ((centre, top + h * 0.18), (centre, top + h * 1.18))

    def page(edge: float) -> list[tuple[float, float]]:
        return [spine[0], (edge, top), (edge, top + h), spine[1]]

    return [
        ("disc", centre, "gold"),
        ("disc", centre - size * 0.06, "green"),
        ("polygon", star(size * 0.40, size * 0.30), "gold"),
        ("polygon", star(size * 0.33, size * 0.25), "deep"),
        ("polygon", page(centre - w), "white"),
        ("polygon", page(centre + w), "white"),
        ("line", spine, size * 3 / 512, "deep"),
    ]


def make_emblem(size: int = 512) -> bytes:
    """emblem_shapes as a PNG, drawn at 4× and scaled down."""
    full = size * 4
    centre = full / 2
    image = PILImage.new("RGBA", (full, full), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for kind, geometry, *rest in emblem_shapes(full):
        colour = EMBLEM_COLOURS[rest[-1]]
        if kind == "disc":
            # Pillow's box includes its last pixel: a disc 2r pixels across ends at centre + r - 1.
            far = centre + geometry - 1
            draw.ellipse([centre - geometry, centre - geometry, far, far], fill=colour)
        elif kind == "polygon":
            draw.polygon(geometry, fill=colour)
        else:
            draw.line(list(geometry), fill=colour, width=round(rest[0]))
    image = image.resize((size, size), PILImage.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def make_emblem_svg() -> bytes:
    """emblem_shapes as SVG, on a 512-unit grid."""
    size = 512

    def points(geometry) -> str:
        return " ".join(f"{x:.1f},{y:.1f}" for x, y in geometry)

    shapes = []
    for kind, geometry, *rest in emblem_shapes(size):
        colour = EMBLEM_COLOURS[rest[-1]]
        if kind == "disc":
            shapes.append(
                f'<circle cx="{size / 2:.1f}" cy="{size / 2:.1f}" r="{geometry:.1f}" fill="{colour}"/>'
            )
        elif kind == "polygon":
            shapes.append(f'<polygon points="{points(geometry)}" fill="{colour}"/>')
        else:
            (x1, y1), (x2, y2) = geometry
            shapes.append(
                f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
                f'stroke="{colour}" stroke-width="{rest[0]:.1f}"/>'
            )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size}" height="{size}">'
        f"<title>Lambang Warta (demo)</title>{''.join(shapes)}</svg>\n"
    ).encode()


def make_pdf(title: str) -> bytes:
    """A one-page PDF with a title line."""
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = b"BT /F1 16 Tf 72 760 Td (" + text + b") Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


class Command(BaseCommand):
    help = "Load Warta's demo content (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dev-admin",
            action="store_true",
            help="Also create a local superuser and print its login (development settings only).",
        )

    def handle(self, *args, **options):
        if options["dev_admin"] and not settings.DEBUG:
            raise CommandError("--dev-admin is for development settings only.")
        with transaction.atomic():
            created = self.build()
        self.stdout.write(self.style.SUCCESS(f"Demo content ready: {created} new articles."))
        if options["dev_admin"]:
            self.create_dev_admin()

    # -- building blocks ----------------------------------------------------

    def build(self) -> int:
        home = HomePage.objects.get()
        site = Site.objects.get(is_default_site=True)
        self.configure_site(site)
        categories = self.build_categories(home)
        if home.announcements_category_id is None:
            home.announcements_category = categories["pengumuman"]
            home.save_revision().publish()
        photos = self.build_photos()
        documents = self.build_documents()
        self.build_embed()
        people = self.build_people()
        created = self.build_articles(categories, photos, documents, people)
        self.build_reads()
        return created

    def configure_site(self, site):
        if site.hostname == "localhost" and site.port == 80:
            # Absolute URLs (canonical, feeds, sitemaps) point where `make run` serves.
            site.hostname, site.port = "127.0.0.1", int(os.environ.get("PORT", "8000"))
            site.save()
        site_settings = SiteSettings.for_site(site)
        if site_settings.logo is None:
            site_settings.tagline = site_settings.tagline or "Portal Berita Resmi"
            site_settings.logo = get_image_model().objects.create(
                title="Lambang Warta (demo)",
                description="Lambang situs",
                credit="Warta",
                file=ImageFile(io.BytesIO(make_emblem()), name="lambang-warta.png"),
            )
            site_settings.save()
        if not site_settings.logo_svg:
            site_settings.logo_svg.save("lambang-warta.svg", ContentFile(make_emblem_svg()), save=True)
        if not site_settings.address:
            site_settings.address = "Jalan Lapangan Banteng Barat No. 3–4\nJakarta Pusat 10710"
            site_settings.phone = "(021) 3811642"
            site_settings.email = "humas@kemenag.example"
            site_settings.facebook_url = "https://www.facebook.com/kemenag.ri"
            site_settings.x_url = "https://x.com/kemenag_ri"
            site_settings.instagram_url = "https://www.instagram.com/kemenag_ri"
            site_settings.youtube_url = "https://www.youtube.com/@kemenagri"
            site_settings.save()

    def build_categories(self, home) -> dict[str, CategoryIndexPage]:
        categories = {}
        for slug, title, intro in demo.CATEGORIES:
            categories[slug] = self.ensure_category(home, slug, title, intro, in_menu=True)
        daerah = categories["daerah"]
        for slug, province, _unit, _subunits in demo.REGIONAL_PROVINCES:
            categories[slug] = self.ensure_category(
                daerah, slug, province, f"Berita Kementerian Agama di Provinsi {province}."
            )
            add_province_office(django_apps, categories[slug], province)
        return categories

    def ensure_category(self, parent, slug, title, intro, in_menu=False) -> CategoryIndexPage:
        existing = CategoryIndexPage.objects.child_of(parent).filter(slug=slug).first()
        if existing:
            return existing
        page = CategoryIndexPage(
            title=title, slug=slug, intro=intro, show_in_menus=in_menu, press_releases=slug == "siaran-pers"
        )
        parent.add_child(instance=page)
        page.save_revision().publish()
        return page

    def build_photos(self) -> list:
        Image = get_image_model()
        photos = []
        for number, (title, alt, color) in enumerate(PHOTOS):
            image = Image.objects.filter(title=title).first()
            if image is None:
                image = Image(
                    title=title,
                    description=alt,
                    caption=alt,
                    credit="Humas Kemenag",
                    file=ImageFile(io.BytesIO(make_photo(number, color)), name=f"demo-{number + 1}.jpg"),
                )
                image.save()
            photos.append(image)
        return photos

    def build_documents(self) -> list:
        Document = get_document_model()
        documents = []
        for title in ["Siaran Pers Lengkap", "Lampiran Data Pendukung"]:
            document = Document.objects.filter(title=title).first()
            if document is None:
                document = Document(title=title)
                filename = title.lower().replace(" ", "-") + ".pdf"
                document.file.save(filename, ContentFile(make_pdf(title)), save=False)
                document.save()
            documents.append(document)
        return documents

    def build_embed(self):
        # The demo runs offline: store the video's embed so no provider is asked.
        Embed.objects.get_or_create(
            hash=get_embed_hash(VIDEO_URL, None, None),
            defaults={
                "url": VIDEO_URL,
                "type": "video",
                "title": "Big Buck Bunny (Blender Foundation, CC BY 3.0)",
                "provider_name": "YouTube",
                "width": 640,
                "height": 360,
                "html": '<iframe width="640" height="360" '
                'src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ" '
                'title="Big Buck Bunny" loading="lazy" allowfullscreen></iframe>',
            },
        )

    def build_people(self) -> list[Person]:
        people = []
        for name, unit_slug in demo.PEOPLE:
            person, _ = Person.objects.get_or_create(
                name=name, defaults={"work_unit": WorkUnit.objects.filter(slug=unit_slug).first()}
            )
            people.append(person)
        contact = next(person for person in people if person.name == demo.PRESS_CONTACT["name"])
        if not contact.phone:
            contact.phone, contact.email = demo.PRESS_CONTACT["phone"], demo.PRESS_CONTACT["email"]
            contact.save()
        self.press_contact = contact
        return people

    def story_list(self) -> list[dict]:
        stories = [dict(story) for story in demo.STORIES]
        for index, (category, province, kanwil, subunits) in enumerate(demo.REGIONAL_PROVINCES):
            city = WorkUnit.objects.get(slug=kanwil).dateline_city
            for number, template in enumerate(demo.REGIONAL_STORIES):
                units = [kanwil] if (index + number) % 2 == 0 else [subunits[number % len(subunits)], kanwil]
                stories.append(
                    {
                        "category": category,
                        "title": template["title"].format(province=province, city=city),
                        "lead": template["lead"].format(province=province, city=city),
                        "paragraphs": [
                            p.format(province=province, city=city) for p in template["paragraphs"]
                        ],
                        "areas": template["areas"],
                        "units": units,
                        "tags": template["tags"],
                        "dateline": "",
                    }
                )
        return stories

    def body_for(self, story: dict, number: int, photos: list, documents: list) -> list:
        paragraphs = [escape(p) for p in story["paragraphs"]]
        body = [("paragraph", f"<p>{paragraphs[0]}</p>")]
        if story.get("quote"):
            text, speaker, role = story["quote"]
            body.append(("quote", {"text": text, "speaker": speaker, "role": role}))
        for paragraph in paragraphs[1:2]:
            body.append(("paragraph", f"<p>{paragraph}</p>"))
        if len(paragraphs) > 2:
            body.append(("subheading", "Langkah selanjutnya"))
            body.append(("paragraph", "".join(f"<p>{p}</p>" for p in paragraphs[2:])))
        if number % 3 == 0:
            photo = photos[(number + 3) % len(photos)]
            body.append(("image", {"image": photo, "caption": "", "credit": "", "alt": ""}))
        if story.get("with_video"):
            body.append(("video", {"video": VIDEO_URL, "caption": "Video contoh untuk demo situs."}))
        if story.get("with_table"):
            body.append(
                (
                    "table",
                    {
                        "data": [
                            ["Tahap", "Waktu", "Tempat"],
                            ["Pendaftaran", "1–14 Juli", "Daring"],
                            ["Verifikasi", "15–21 Juli", "Kantor setempat"],
                            ["Pengumuman", "28 Juli", "Situs resmi"],
                        ],
                        "first_row_is_table_header": True,
                        "first_col_is_header": False,
                        "table_caption": "Jadwal pelaksanaan",
                    },
                )
            )
        if story.get("with_attachment") and story["category"] != "siaran-pers":
            for document in documents:
                body.append(("attachment", {"document": document, "title": ""}))
        return body

    def build_reads(self) -> None:
        """Reads of the demo's recent articles over the last week, in hourly buckets as the
        scheduler writes them (news.popular), so that "Terpopuler" has something to rank. Once:
        real reads counted afterwards add to these."""
        if ArticleViewCount.objects.exists():
            return
        hour = timezone.now().replace(minute=0, second=0, microsecond=0)
        articles = list(ArticlePage.objects.live().order_by("-published_at")[:15])
        rows = []
        for rank, article in enumerate(articles):
            chance = random.Random(article.pk)  # noqa: S311 - demo figures, not secrets
            # Newer articles are read more, announcements most (readers look for them).
            weight = (len(articles) - rank) * (3 if article.get_parent().slug == "pengumuman" else 1)
            for hours_ago in chance.sample(range(24), 3) + chance.sample(range(24, 7 * 24), 9):
                views = chance.randint(1, 12) * weight
                moment = hour - timedelta(hours=hours_ago)
                rows.append(ArticleViewCount(article=article, hour=moment, views=views))
        ArticleViewCount.objects.bulk_create(rows)
        store_rankings()

    def build_articles(self, categories, photos, documents, people) -> int:
        now = timezone.now().replace(second=0, microsecond=0)
        areas = {area.slug: area for area in ServiceArea.objects.all()}
        units = {unit.slug: unit for unit in WorkUnit.objects.all()}
        stories = self.story_list()
        created = []
        for number, story in enumerate(stories):
            parent = categories[story["category"]]
            if ArticlePage.objects.child_of(parent).filter(title=story["title"]).exists():
                continue
            # Spread over about five months, newest first in the list.
            published = now - timedelta(
                days=number * 3 + (number % 4), hours=number * 5 % 11, minutes=number * 7 % 60
            )
            page = ArticlePage(
                title=story["title"],
                lead=story["lead"],
                dateline=story["dateline"],
                published_at=published,
                hero_image=photos[number % len(photos)] if number % 9 != 8 else None,
                body=self.body_for(story, number, photos, documents),
                editor=people[number % 4],
                photographer=people[(number + 1) % 4] if number % 5 else None,
            )
            if story["category"] == "siaran-pers":
                self.add_release_details(page, number, published, documents)
            page.service_areas = [areas[slug] for slug in story["areas"]]
            page.tags.set(story["tags"])
            page.reporters = [ArticleReporter(person=people[4 + number % 6], sort_order=0)]
            page.work_unit_links = [
                ArticleWorkUnit(unit=units[slug], sort_order=order)
                for order, slug in enumerate(story["units"])
            ]
            parent.add_child(instance=page)
            revision = page.save_revision()
            revision.publish()
            ArticlePage.objects.filter(pk=page.pk).update(
                first_published_at=published, last_published_at=published
            )
            revision.__class__.objects.filter(pk=revision.pk).update(created_at=published)
            created.append(page)
        # A few curated "Berita Lainnya" links, so editors see how it looks.
        for page in created[:6]:
            targets = [other for other in created if other.pk != page.pk][page.pk % 5 : page.pk % 5 + 2]
            for order, target in enumerate(targets):
                ArticleRelatedPage.objects.create(source=page, page=target, sort_order=order)
        return len(created) + self.build_embargoed_release(
            categories, photos, documents, people, areas, units
        )

    def add_release_details(self, page, number: int, published, documents) -> None:
        page.release_number = f"{100 + number}/Humas/{ROMAN_MONTHS[published.month - 1]}/{published.year}"
        page.press_contact = self.press_contact
        page.attachments = [("attachment", {"document": document, "title": ""}) for document in documents]

    def build_embargoed_release(self, categories, photos, documents, people, areas, units) -> int:
        """A release scheduled two days ahead, with a preview link for journalists."""
        story = demo.EMBARGOED_RELEASE
        parent = categories[story["category"]]
        if ArticlePage.objects.child_of(parent).filter(title=story["title"]).exists():
            return 0
        go_live = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
        # Its own photo and PDF: until the embargo ends, only editors and the preview link get them.
        photo = get_image_model()(
            title="Peserta seleksi petugas haji",
            description="Peserta seleksi petugas haji mengerjakan ujian di depan komputer",
            caption="Peserta mengikuti ujian berbasis komputer.",
            credit="Humas Kemenag",
            file=ImageFile(io.BytesIO(make_photo(97, (40, 90, 140))), name="demo-embargo.jpg"),
        )
        photo.save()
        document = get_document_model()(title="Jadwal Seleksi Petugas Haji")
        document.file.save(
            "jadwal-seleksi-petugas-haji.pdf", ContentFile(make_pdf(document.title)), save=False
        )
        document.save()
        documents = [document]
        page = ArticlePage(
            title=story["title"],
            lead=story["lead"],
            dateline=story["dateline"],
            hero_image=photo,
            body=self.body_for(story, 1, [], documents),
            editor=people[0],
            go_live_at=go_live,
        )
        self.add_release_details(page, 99, go_live, documents)
        page.service_areas = [areas[slug] for slug in story["areas"]]
        page.tags.set(story["tags"])
        page.work_unit_links = [
            ArticleWorkUnit(unit=units[slug], sort_order=order) for order, slug in enumerate(story["units"])
        ]
        parent.add_child(instance=page)
        page.save_revision().publish()  # go-live in the future: scheduled, not live
        PreviewLink.objects.create(page=page, label="Mitra media (demo)")
        return 1

    def create_dev_admin(self):
        User = get_user_model()
        username, password = DEV_ADMIN
        user, created = User.objects.get_or_create(
            username=username, defaults={"is_staff": True, "is_superuser": True, "email": "admin@warta.local"}
        )
        if created:
            user.set_password(password)
            user.save()
        self.stdout.write(f"Admin login (development only): username {username}, password {password}")
        self.stdout.write("Newsroom logins (development only), password " + DEV_ROLE_PASSWORD + ":")
        for username, name, group, unit_slug in DEV_ROLE_USERS:
            user, created = User.objects.get_or_create(username=username, defaults={"first_name": name})
            if created:
                user.set_password(DEV_ROLE_PASSWORD)
            if not user.email:  # workflow e-mails (the console in development) need an address
                user.email = f"{username}@warta.local"
            user.save()
            user.groups.add(Group.objects.get(name=group))
            person, _ = Person.objects.get_or_create(name=name)
            if person.user_id is None and not Person.objects.filter(user=user).exists():
                person.user = user
            if person.work_unit_id is None:
                person.work_unit = WorkUnit.objects.filter(slug=unit_slug).first()
            person.save()
            self.stdout.write(f"  {username:20} {group}")
        link = PreviewLink.objects.filter(revoked_at=None, page__live=False).select_related("page").first()
        if link is not None and link.is_usable:
            root = Site.objects.get(is_default_site=True).root_url
            self.stdout.write(
                f"Embargoed press release, preview link for journalists: {root}{link.get_absolute_url()}"
            )
