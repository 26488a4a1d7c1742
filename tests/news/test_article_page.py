from datetime import UTC, timedelta

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset

from home.models import HomePage
from news.caching import invalidate_all
from news.models import ArticlePage, ArticleRelatedPage, CategoryIndexPage, Person, ServiceArea, WorkUnit
from tests.utils import article_form_data, make_article, make_category, make_image


class ArticlePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.daerah = make_category("Daerah", "daerah")
        cls.image = make_image(alt="Petugas KUA melayani warga", caption="Keterangan bawaan", credit="Fulan")
        cls.haji = ServiceArea.objects.get(slug="haji")
        cls.nikah = ServiceArea.objects.get(slug="nikah")
        cls.unit = WorkUnit.objects.get(slug="biro-ortala")
        cls.kanwil_papua = WorkUnit.objects.get(slug="kanwil-papua")
        cls.editor = Person.objects.create(name="Indah")
        cls.reporter = Person.objects.create(name="Fajar")
        cls.photographer = Person.objects.create(name="Rina")
        cls.article = make_article(
            cls.nasional,
            "Kuota haji diumumkan",
            hero_image=cls.image,
            dateline="Jakarta",
            editor=cls.editor,
            photographer=cls.photographer,
            reporters=[cls.reporter],
            service_areas=[cls.haji],
            work_units=[cls.unit],
            tags=["haji 2021"],
            body=[
                ("paragraph", "<p>Paragraf pembuka.</p>"),
                ("subheading", "Subjudul uji"),
                ("quote", {"text": "Kutipan penting", "speaker": "Pak Menteri", "role": "Menteri Agama"}),
                ("image", {"image": cls.image, "caption": "Foto di badan", "credit": "", "alt": ""}),
                (
                    "table",
                    {
                        "data": [["Tahap", "Waktu"], ["Daftar", "Juli"]],
                        "first_row_is_table_header": True,
                        "first_col_is_header": False,
                    },
                ),
            ],
        )
        cls.sibling = make_article(cls.nasional, "Berita nasional lain", days_ago=1, service_areas=[cls.haji])
        cls.draft = make_article(cls.nasional, "Draf rahasia", publish=False, service_areas=[cls.haji])
        cls.private = make_article(cls.nasional, "Berita privat", days_ago=2, service_areas=[cls.haji])
        PageViewRestriction.objects.create(page=cls.private, restriction_type="login")
        cls.future = make_article(cls.nasional, "Berita terjadwal", publish=False, service_areas=[cls.haji])
        cls.future.go_live_at = timezone.now() + timedelta(days=1)
        cls.future.save_revision().publish()
        cls.elsewhere = make_article(cls.daerah, "Berita daerah haji", days_ago=3, service_areas=[cls.haji])
        # Its reading lists are chosen when it is published (news.related): after the others.
        cls.article.save_revision().publish()

    def get(self, page=None):
        response = self.client.get((page or self.article).url)
        self.assertEqual(response.status_code, 200)
        return response

    def test_renders_every_element(self):
        html = self.get().content.decode()
        self.assertEqual(html.count("<h1"), 1)
        self.assertIn('<a href="/nasional/">Nasional</a>', html)  # category label
        self.assertIn('aria-label="Jejak navigasi"', html)
        self.assertIn("Teras berita Kuota haji diumumkan.", html)
        self.assertIn(
            '<strong class="article__dateline">Jakarta (Kemenag) —</strong> Paragraf pembuka.', html
        )
        self.assertIn("Keterangan bawaan", html)
        self.assertIn("Foto: Fulan", html)
        self.assertIn('alt="Petugas KUA melayani warga"', html)
        self.assertIn("format-avif", html)
        self.assertIn("format-webp", html)
        self.assertIn("Subjudul uji", html)
        self.assertIn("Kutipan penting", html)
        self.assertIn("Pak Menteri", html)
        self.assertIn("Foto di badan", html)
        self.assertIn("<table", html)
        self.assertIn("<dt>Editor</dt><dd>Indah</dd>", html)
        self.assertIn("<dt>Penulis</dt><dd>Fajar</dd>", html)
        self.assertIn("<dt>Fotografer</dt><dd>Rina</dd>", html)
        self.assertIn('href="/layanan/haji/"', html)
        self.assertIn('href="/satker/biro-ortala/"', html)
        self.assertIn('href="/tag/haji-2021/"', html)
        for share in ["wa.me", "facebook.com/sharer", "x.com/intent", "t.me/share"]:
            self.assertIn(share, html)
        self.assertIn("Nasional Lainnya", html)
        self.assertIn("Berita Lainnya", html)
        self.assertIn('href="/berita/"', html)

    def test_date_in_indonesian_with_zone(self):
        published = timezone.datetime(2021, 9, 22, 7, 5, tzinfo=UTC)
        ArticlePage.objects.filter(pk=self.article.pk).update(published_at=published)
        self.assertContains(self.client.get(self.article.url), "Rabu, 22 September 2021 14:05 WIB")

    def test_regional_article_shows_its_unit_time_zone_and_city(self):
        page = make_article(self.daerah, "Berita Papua", work_units=[self.kanwil_papua])
        published = timezone.datetime(2021, 9, 22, 7, 5, tzinfo=UTC)
        ArticlePage.objects.filter(pk=page.pk).update(published_at=published)
        response = self.client.get(page.url)
        self.assertContains(response, "Rabu, 22 September 2021 16:05 WIT (14:05 WIB)")
        self.assertContains(response, "Jayapura (Kemenag) —")

    def test_updated_time_shown_after_republication(self):
        self.assertNotContains(self.client.get(self.article.url), "Diperbarui")
        earlier = self.article.first_published_at - timedelta(hours=2)
        ArticlePage.objects.filter(pk=self.article.pk).update(
            first_published_at=earlier, published_at=earlier
        )
        self.article.refresh_from_db()
        self.article.save_revision().publish()
        self.assertContains(self.client.get(self.article.url), "Diperbarui")

    def test_blocks_exclude_self_drafts_private_and_future(self):
        response = self.get()
        titles = [a.title for a in response.context["more_from_category"]]
        titles += [a.title for a in response.context["related_articles"]]
        self.assertIn("Berita nasional lain", titles)
        self.assertIn("Berita daerah haji", titles)
        for hidden in ["Kuota haji diumumkan", "Draf rahasia", "Berita privat", "Berita terjadwal"]:
            self.assertNotIn(hidden, titles)

    def test_more_from_category_is_same_category_newest_first(self):
        more = self.get().context["more_from_category"]
        self.assertEqual([a.title for a in more], ["Berita nasional lain"])

    def test_related_keeps_curated_order_then_scores(self):
        first = make_article(self.daerah, "Kurasi pertama", days_ago=10)
        second = make_article(self.daerah, "Kurasi kedua", days_ago=5)
        ArticleRelatedPage.objects.create(source=self.article, page=first, sort_order=0)
        ArticleRelatedPage.objects.create(source=self.article, page=second, sort_order=1)
        ArticleRelatedPage.objects.create(source=self.article, page=self.draft, sort_order=2)
        weak = make_article(
            self.daerah, "Satu kesamaan", days_ago=1, service_areas=[self.nikah], tags=["haji 2021"]
        )
        strong = make_article(
            self.daerah,
            "Tiga kesamaan",
            days_ago=20,
            service_areas=[self.haji],
            work_units=[self.unit],
            tags=["haji 2021"],
        )
        self.article.save_revision().publish()
        related = [a.title for a in self.get().context["related_articles"]]
        self.assertEqual(related[:2], ["Kurasi pertama", "Kurasi kedua"])
        self.assertLess(related.index(strong.title), related.index(weak.title))
        self.assertNotIn("Draf rahasia", related)
        self.assertLessEqual(len(related), 5)

    def count_queries(self) -> int:
        self.client.get(self.article.url)  # warm renditions and settings
        invalidate_all()  # measure what the page costs before its cached fragments exist
        with CaptureQueriesContext(connection) as queries:
            self.get()
        return len(queries)

    def test_query_count_does_not_grow_with_related_items_tags_or_blocks(self):
        ArticleRelatedPage.objects.create(source=self.article, page=self.sibling, sort_order=0)
        ArticlePage.objects.filter(pk=self.sibling.pk).update(hero_image=self.image)
        one = self.count_queries()
        image = make_image(title="Kedua")
        for number in range(20):
            make_article(
                self.daerah, f"Terkait {number}", days_ago=number, hero_image=image, service_areas=[self.haji]
            )
            make_article(self.nasional, f"Sekategori {number}", days_ago=number, hero_image=image)
        self.article.tags.add(*[f"tag {n}" for n in range(10)])
        self.article.body.extend([("image", {"image": image, "caption": "", "credit": "", "alt": ""})] * 10)
        self.article.body.extend([("paragraph", "<p>Paragraf tambahan.</p>")] * 10)
        self.article.save_revision().publish()
        twenty = self.count_queries()
        self.assertEqual(one, twenty)
        self.assertLessEqual(twenty, 17)  # none once its parts and route are cached (test_caching)

    def test_query_count_is_the_same_with_one_or_twenty_curated_items(self):
        ArticleRelatedPage.objects.create(source=self.article, page=self.sibling, sort_order=0)
        one = self.count_queries()
        for number in range(20):
            page = make_article(self.daerah, f"Kurasi {number}", days_ago=number)
            ArticleRelatedPage.objects.create(source=self.article, page=page, sort_order=number + 1)
        self.article.save_revision().publish()
        self.assertLessEqual(self.count_queries(), one)  # five curated items need no scoring
        self.assertEqual(len(self.get().context["related_articles"]), 5)

    def test_article_without_photo_or_people_renders_cleanly(self):
        page = make_article(self.nasional, "Tanpa foto", body=[("subheading", "Hanya subjudul")])
        html = self.get(page).content.decode()
        self.assertNotIn("article__hero", html)
        self.assertNotIn("article__credits", html)
        self.assertNotIn("Foto:", html)
        self.assertNotIn("None", html)

    def test_empty_dateline_falls_back_to_originating_unit_city(self):
        page = make_article(self.daerah, "Tanpa dateline", work_units=[self.kanwil_papua, self.unit])
        self.assertContains(self.client.get(page.url), "Jayapura (Kemenag) —")

    def test_no_dateline_without_place_or_unit(self):
        page = make_article(self.nasional, "Tanpa tempat")
        self.assertNotContains(self.client.get(page.url), "(Kemenag) —")

    def test_draft_and_future_articles_are_not_served(self):
        self.assertEqual(self.client.get(f"/nasional/{self.draft.slug}/").status_code, 404)
        self.assertEqual(self.client.get(f"/nasional/{self.future.slug}/").status_code, 404)

    def test_publication_date_defaults_to_first_publication(self):
        page = ArticlePage(title="Baru", lead="Teras", body=[("paragraph", "<p>Isi</p>")])
        self.nasional.add_child(instance=page)
        page.save_revision().publish()
        page.refresh_from_db()
        self.assertEqual(page.published_at, page.first_published_at)
        page.save_revision().publish()
        page.refresh_from_db()
        self.assertEqual(page.published_at, page.first_published_at)


class FragmentCacheTests(TestCase):
    """Rendered parts of pages are cached until the content changes, never across a preview."""

    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.article = make_article(cls.nasional, "Berita tersimpan", lead="Teras yang terbit.")
        cls.other = make_article(cls.nasional, "Berita lain", days_ago=1)

    def test_a_republished_change_shows_at_once_everywhere(self):
        self.client.get(self.article.url)
        self.client.get(self.other.url)  # its "Nasional Lainnya" card of the article is cached
        page = ArticlePage.objects.get(pk=self.article.pk)
        page.title = "Judul yang diperbarui"
        page.lead = "Teras yang diperbarui."
        page.save_revision().publish()
        self.assertContains(self.client.get(self.article.url), "Teras yang diperbarui.")
        self.assertContains(self.client.get(self.other.url), "Judul yang diperbarui")
        self.assertContains(self.client.get("/nasional/"), "Judul yang diperbarui")

    def test_previews_neither_use_nor_fill_the_cache(self):
        self.assertContains(self.client.get(self.article.url), "Teras yang terbit.")
        page = ArticlePage.objects.get(pk=self.article.pk)
        page.lead = "Teras draf."
        preview = page.save_revision().as_object().make_preview_request()
        self.assertContains(preview, "Teras draf.")
        response = self.client.get(self.article.url)
        self.assertContains(response, "Teras yang terbit.")
        self.assertNotContains(response, "Teras draf.")


class ArticleAdminTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.image = make_image()
        cls.image_without_alt = make_image(title="Tanpa alt", alt="")
        cls.editor = Person.objects.create(name="Indah")

    def setUp(self):
        self.login()

    def form_data(self, **overrides):
        fields = {
            "lead": "Kemenag membuka pendaftaran haji.",
            "hero_image": self.image.pk,
            "body": "<p>Isi berita pendaftaran haji.</p>",
            "editor": self.editor.pk,
            "reporters": inline_formset([{"person": self.editor.pk}]),
            "service_areas": [ServiceArea.objects.get(slug="haji").pk],
            "work_unit_links": inline_formset([{"unit": WorkUnit.objects.get(slug="ditjen-phu").pk}]),
            "tags": "haji, pendaftaran",
            **overrides,
        }
        return article_form_data("Pendaftaran haji dibuka", **fields)

    def test_structure_rules(self):
        self.assertCanCreateAt(CategoryIndexPage, ArticlePage)
        self.assertCanNotCreateAt(HomePage, ArticlePage)
        self.assertAllowedSubpageTypes(ArticlePage, {})

    def test_editor_can_create_article(self):
        self.assertCanCreate(self.nasional, ArticlePage, self.form_data())
        page = ArticlePage.objects.get(slug="pendaftaran-haji-dibuka")
        self.assertEqual(page.originating_unit.slug, "ditjen-phu")
        self.assertEqual(sorted(t.name for t in page.tags.all()), ["haji", "pendaftaran"])

    def test_hero_photo_without_alt_text_is_a_form_error(self):
        url = f"/admin/pages/add/news/articlepage/{self.nasional.pk}/"
        response = self.client.post(url, self.form_data(hero_image=self.image_without_alt.pk))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "teks alternatif")
        self.assertFalse(ArticlePage.objects.filter(slug="pendaftaran-haji-dibuka").exists())


class MenuTests(TestCase):
    def test_menu_follows_publishing(self):
        nasional = make_category("Nasional", "nasional")
        self.assertContains(self.client.get("/"), 'href="/nasional/"')
        opini = make_category("Opini", "opini")
        self.assertContains(self.client.get("/"), 'href="/opini/"')
        opini.unpublish()
        self.assertNotContains(self.client.get("/"), 'href="/opini/"')
        self.assertContains(self.client.get(nasional.url), 'aria-current="true">Nasional')
