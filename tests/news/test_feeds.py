import time
from datetime import timedelta
from email.utils import format_datetime

import feedparser
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction, Site

from home.models import SiteSettings
from news.caching import invalidate_all
from news.models import Person, ServiceArea, WorkUnit
from tests.utils import make_article, make_category, make_image

FEEDS = [
    "/rss/",
    "/atom/",
    "/nasional/rss/",
    "/nasional/atom/",
    "/daerah/jawa-timur/rss/",
    "/daerah/jawa-timur/atom/",
    "/layanan/haji/rss/",
    "/layanan/haji/atom/",
    "/satker/kanwil-jawa-timur/rss/",
    "/satker/kanwil-jawa-timur/atom/",
    "/tag/haji-2021/rss/",
    "/tag/haji-2021/atom/",
    "/rss/?layanan=haji",
    "/atom/?kategori=daerah",
]


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # On a real site the settings exist: their first read creates them (a change, a bump).
        SiteSettings.objects.get_or_create(site=Site.objects.get())
        cls.nasional = make_category("Nasional", "nasional")
        cls.daerah = make_category("Daerah", "daerah")
        cls.jatim = make_category("Jawa Timur", "jawa-timur", parent=cls.daerah)
        cls.image = make_image(alt="Jemaah haji", caption="Manasik haji", credit="Humas")
        cls.haji = ServiceArea.objects.get(slug="haji")
        cls.surabaya = WorkUnit.objects.get(slug="kankemenag-kota-surabaya")
        cls.reporter = Person.objects.create(name="Fajar")
        cls.editor = Person.objects.create(name="Indah")
        terms = {"service_areas": [cls.haji], "work_units": [cls.surabaya], "tags": ["haji 2021"]}
        cls.national = make_article(
            cls.nasional,
            "Kuota haji & <pelunasan> ]]> \x0b\x1f 🕋",
            days_ago=1,
            hero_image=cls.image,
            reporters=[cls.reporter],
            editor=cls.editor,
            body=[
                ("paragraph", '<p>Isi dengan <a href="/nasional/">tautan</a>.</p>'),
                ("image", {"image": cls.image, "caption": "", "credit": "", "alt": ""}),
                ("quote", {"text": "Kutipan\nbaris dua", "speaker": "Menteri", "role": ""}),
            ],
            **terms,
        )
        cls.regional = make_article(
            cls.jatim, "Manasik di Surabaya", days_ago=2, hero_image=cls.image, **terms
        )
        hidden = {"service_areas": [cls.haji], "work_units": [cls.surabaya], "tags": ["haji 2021"]}
        cls.draft = make_article(cls.nasional, "Draf rahasia", publish=False, **hidden)
        cls.private = make_article(cls.jatim, "Berita privat", **hidden)
        PageViewRestriction.objects.create(page=cls.private, restriction_type="login")
        cls.future = make_article(cls.jatim, "Berita terjadwal", publish=False, **hidden)
        cls.future.go_live_at = timezone.now() + timedelta(days=1)
        cls.future.save_revision().publish()

    def parse(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        feed = feedparser.parse(response.content)
        self.assertFalse(feed.bozo, (url, feed.get("bozo_exception")))
        return response, feed

    def test_every_feed_is_well_formed_and_lists_only_live_public_articles(self):
        for url in FEEDS:
            response, feed = self.parse(url)
            titles = [entry.title for entry in feed.entries]
            self.assertTrue(titles, url)
            for hidden in ["Draf rahasia", "Berita privat", "Berita terjadwal"]:
                self.assertNotIn(hidden, titles, url)
            self.assertEqual(feed.feed.language, "id", url)
            expected = "application/atom+xml" if "atom" in url else "application/rss+xml"
            self.assertTrue(response["Content-Type"].startswith(expected), url)

    def test_scopes(self):
        self.assertEqual(
            [e.title for e in self.parse("/daerah/jawa-timur/rss/")[1].entries], ["Manasik di Surabaya"]
        )
        self.assertEqual(len(self.parse("/nasional/rss/")[1].entries), 1)
        self.assertEqual(len(self.parse("/satker/kanwil-jawa-timur/rss/")[1].entries), 2)
        self.assertEqual(
            [e.title for e in self.parse("/atom/?kategori=daerah")[1].entries], ["Manasik di Surabaya"]
        )

    def test_filtered_feeds_name_their_filter_and_keep_it_in_their_self_link(self):
        haji = self.haji.name
        for url, self_link in (
            ("/rss/?layanan=haji", "http://testserver/rss/?layanan=haji"),
            ("/atom/?layanan=haji&utm_source=x", "http://testserver/atom/?layanan=haji"),
        ):
            _response, feed = self.parse(url)
            self.assertTrue(feed.feed.title.startswith(f"Berita Layanan {haji} |"), feed.feed.title)
            links = {link.rel: link.href for link in feed.feed.links}
            self.assertEqual(links["self"], self_link)
            self.assertEqual(links["alternate"], "http://testserver/berita/?layanan=haji")
        _response, feed = self.parse("/rss/")
        self.assertTrue(feed.feed.title.startswith("Semua Berita |"), feed.feed.title)
        self.assertEqual({link.rel: link.href for link in feed.feed.links}["self"], "http://testserver/rss/")

    def test_rss_items_are_complete(self):
        _, feed = self.parse("/rss/")
        self.assertEqual(feed.feed.ttl, "15")
        self.assertTrue(feed.feed.image.href.endswith("/static/img/logo.png"))
        self.assertEqual(feed.feed.links[0].href, "http://testserver/berita/")
        entry = feed.entries[0]
        self.assertEqual(entry.title, "Kuota haji & <pelunasan> ]]>  🕋")  # control characters stripped
        self.assertEqual(entry.link, "http://testserver/nasional/kuota-haji-pelunasan/")
        self.assertEqual(entry.id, f"urn:uuid:{self.national.translation_key}")
        self.assertEqual(entry.summary, "Teras berita Kuota haji &amp; &lt;pelunasan&gt; ]]&gt;  🕋.")
        self.assertEqual(entry.author, "Fajar")
        self.assertEqual(
            {tag.term for tag in entry.tags},
            {"Nasional", "Haji dan Umrah", "Kankemenag Kota Surabaya", "haji 2021"},
        )
        local = timezone.localtime(self.national.published_at).replace(microsecond=0)
        self.assertTrue(entry.published.endswith("+0700"), entry.published)
        self.assertEqual(entry.published, format_datetime(local))
        self.assertEqual(time.mktime(entry.published_parsed), time.mktime(local.utctimetuple()))
        enclosure = entry.enclosures[0]
        self.assertIn("width-1200", enclosure.href)
        self.assertNotIn("original_images", enclosure.href)
        self.assertEqual(enclosure.type, "image/jpeg")
        rendition = self.image.get_rendition("width-1200|format-jpeg")
        self.assertEqual(int(enclosure.length), rendition.file.size)
        content = entry.content[0].value
        self.assertIn('href="http://testserver/nasional/"', content)
        self.assertIn('src="http://testserver/media/', content)
        self.assertIn("Kutipan<br />baris dua", content)  # as feedparser normalises it
        self.assertIn("Menteri", content)

    def test_atom_items_are_complete(self):
        _, feed = self.parse("/atom/")
        entry = feed.entries[0]
        self.assertEqual(entry.id, f"urn:uuid:{self.national.translation_key}")
        self.assertTrue(entry.updated)
        self.assertEqual(entry.author, "Fajar")
        self.assertIn("Indah (Editor)", [c.name for c in entry.contributors])
        self.assertTrue(any(link.rel == "enclosure" for link in entry.links))
        self.assertIn("Isi dengan", entry.content[0].value)

    def test_a_live_page_without_dates_does_not_break_the_feeds(self):
        # Code (not the admin) can make a page live before it is published: it has no dates yet.
        from news.models import ArticlePage

        undated = ArticlePage(title="Belum bertanggal", slug="belum-bertanggal", lead="Ringkas.")
        undated.service_areas = [self.haji]
        self.nasional.add_child(instance=undated)
        self.assertIsNone(ArticlePage.objects.get(pk=undated.pk).published_at)
        invalidate_all()
        for url in ["/rss/", "/atom/", "/nasional/rss/", "/layanan/haji/atom/"]:
            response, feed = self.parse(url)
            self.assertIn("Belum bertanggal", [entry.title for entry in feed.entries], url)

    def test_guid_survives_title_and_slug_changes(self):
        before = self.parse("/rss/")[1].entries[0].id
        self.national.title = "Judul baru"
        self.national.slug = "judul-baru"
        self.national.save_revision().publish()
        entry = self.parse("/rss/")[1].entries[0]
        self.assertEqual(entry.title, "Judul baru")
        self.assertEqual(entry.id, before)

    def test_conditional_get(self):
        response = self.client.get("/rss/")
        self.assertIn("ETag", response)
        self.assertIn("Last-Modified", response)
        again = self.client.get("/rss/", headers={"If-None-Match": response["ETag"]})
        self.assertEqual(again.status_code, 304)
        self.assertEqual(again.content, b"")
        since = self.client.get("/rss/", headers={"If-Modified-Since": response["Last-Modified"]})
        self.assertEqual(since.status_code, 304)
        self.assertEqual(since.content, b"")

    def test_unknown_scopes_and_bad_filters(self):
        for url in [
            "/tidak-ada/rss/",
            "/layanan/tidak-ada/rss/",
            "/satker/tidak-ada/atom/",
            "/tag/tidak-ada/rss/",
        ]:
            self.assertEqual(self.client.get(url).status_code, 404, url)
        self.assertEqual(self.client.get("/rss/?kategori=tidak-ada").status_code, 400)
        self.assertEqual(self.client.get("/rss/?tahun=x").status_code, 400)

    def test_fifty_item_feed_makes_a_fixed_number_of_queries(self):
        def count(url):
            self.client.get(url)  # renditions are made on the first request
            invalidate_all()  # the feed as built after a publication, before it is cached
            with CaptureQueriesContext(connection) as queries:
                self.client.get(url)
            return len(queries)

        small = {url: count(url) for url in ["/rss/", "/atom/", "/nasional/rss/"]}
        for number in range(55):
            make_article(
                self.nasional,
                f"Tambahan {number}",
                hero_image=self.image,
                reporters=[self.reporter],
                service_areas=[self.haji],
                tags=[f"tag {number}"],
                body=[("image", {"image": self.image, "caption": "", "credit": "", "alt": ""})],
            )
        large = {url: count(url) for url in small}
        self.assertEqual(large, small)
        self.assertLessEqual(large["/rss/"], 14)
        self.assertEqual(len(self.parse("/rss/")[1].entries), 50)

    def test_feeds_are_sent_in_one_piece(self):
        # A WSGI server writes each piece of a response with its own system call.
        for url in ["/rss/", "/atom/", "/nasional/rss/"]:
            with self.subTest(url=url):
                invalidate_all()
                for response in (self.client.get(url), self.client.get(url)):  # built, then cached
                    self.assertEqual(len(list(response)), 1)

    def test_pages_link_their_feeds(self):
        for url, feed in [
            ("/", "/rss/"),
            ("/nasional/", "/nasional/rss/"),
            ("/daerah/jawa-timur/", "/daerah/jawa-timur/rss/"),
            ("/layanan/haji/", "/layanan/haji/rss/"),
            ("/satker/kanwil-jawa-timur/", "/satker/kanwil-jawa-timur/rss/"),
            ("/tag/haji-2021/", "/tag/haji-2021/rss/"),
            (self.national.url, "/nasional/rss/"),
        ]:
            response = self.client.get(url)
            self.assertContains(
                response, '<link rel="alternate" type="application/rss+xml" title="', msg_prefix=url
            )
            self.assertContains(response, f'href="{feed}"', msg_prefix=url)
            self.assertContains(response, 'class="site-header__rss" href="/rss/"', msg_prefix=url)
