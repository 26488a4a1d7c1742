from django.core.management import call_command
from django.test import TestCase
from wagtail.models import Page

from home.models import HomePage, SiteSettings
from news.models import ArticlePage


class DemoContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo_content", verbosity=0)

    def test_second_run_duplicates_nothing(self):
        pages = Page.objects.count()
        call_command("load_demo_content", verbosity=0)
        self.assertEqual(Page.objects.count(), pages)

    def test_demo_has_enough_articles_with_photos_and_every_block_type(self):
        articles = ArticlePage.objects.live()
        self.assertGreaterEqual(articles.count(), 40)
        self.assertGreaterEqual(articles.exclude(hero_image=None).count(), 35)
        block_types = {block.block_type for article in articles for block in article.body}
        self.assertEqual(
            block_types, {"paragraph", "subheading", "quote", "image", "video", "attachment", "table"}
        )

    def test_every_demo_article_has_a_service_area_and_a_work_unit(self):
        articles = ArticlePage.objects.all()
        self.assertFalse(articles.filter(service_areas=None).exists())
        self.assertFalse(articles.filter(work_unit_links=None).exists())

    def test_home_page_renders_in_indonesian(self):
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<html lang="id">')
        self.assertContains(response, "Berita Terbaru")
        self.assertContains(response, "Lihat Semua")
        self.assertContains(response, "Kementerian Agama Republik Indonesia")
        self.assertNotContains(response, "Latest news")

    def test_category_page_renders_in_indonesian(self):
        response = self.client.get("/nasional/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<h1 class="listing__title">Nasional</h1>', html=False)
        self.assertContains(response, "Beranda")
        self.assertContains(response, "Menu utama")
        self.assertContains(response, "Kontak")

    def test_demo_ships_its_own_emblem_and_announcements(self):
        site_settings = SiteSettings.objects.get()
        self.assertEqual(site_settings.logo.title, "Lambang Warta (demo)")
        self.assertEqual((site_settings.logo.width, site_settings.logo.height), (512, 512))
        self.assertEqual(HomePage.objects.get().announcements_category.slug, "pengumuman")
        response = self.client.get("/")
        self.assertContains(response, 'class="announcements"')
        self.assertRegex(response.content.decode(), r"lambang-warta[^\"]*\.max-180x180\.format-png\.png")
        # The same emblem as SVG is the header's, 96 px high like the PNG rendition it replaces.
        self.assertRegex(site_settings.logo_svg.name, r"^branding/lambang-warta[^/]*\.svg$")
        self.assertContains(
            response, f'class="site-header__logo" height="96" src="{site_settings.logo_svg.url}" width="96"'
        )

    def test_demo_has_reads_for_terpopuler_once(self):
        from news import popular
        from news.models import ArticleViewCount

        self.assertGreaterEqual(len(popular.most_read_ids("24h", 5)), 5)
        self.assertGreaterEqual(len(popular.most_read_ids("7d", 5)), 5)
        rows = ArticleViewCount.objects.count()
        call_command("load_demo_content", verbosity=0)
        self.assertEqual(ArticleViewCount.objects.count(), rows)
        response = self.client.get("/terpopuler/")
        self.assertNotContains(response, "Belum ada pembacaan")
