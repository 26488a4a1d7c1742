"""An uncached article in few queries: its terms in one, its site, root paths, home page and
settings in one (issue 18), chosen and ordered exactly as before."""

from django.db import connection
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from home.models import HomePage, SiteSettings
from news.models import ArticleReporter, Person, ServiceArea, WorkUnit, article_terms
from news.sites import prime_site, site_for
from tests.utils import make_article, make_category


class ArticleTermsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.areas = list(ServiceArea.objects.order_by("sort_order", "name")[:3])
        cls.units = list(WorkUnit.objects.order_by("pk")[:3])
        cls.fajar, cls.rina = Person.objects.create(name="Fajar"), Person.objects.create(name="Rina")
        cls.article = make_article(
            cls.nasional,
            "Kuota haji diumumkan",
            service_areas=[cls.areas[2], cls.areas[0]],
            work_units=[cls.units[2], cls.units[0], cls.units[1]],
            tags=["zakat", "haji 2021", "bimbingan"],
            reporters=[cls.rina, cls.fajar],
        )
        # A person credited twice (saved before duplicates were refused) is shown once.
        ArticleReporter.objects.create(page=cls.article, person=cls.rina, sort_order=5)

    def test_every_term_in_one_query_in_the_pages_order(self):
        article = self.article
        expected = {
            "tag": [(tag.pk, tag.name, tag.slug) for tag in article.tags.all()],
            "area": [(area.pk, area.name, area.slug) for area in article.service_areas.all()],
            "unit": [(unit.pk, unit.name, unit.slug, unit.time_zone) for unit in article.ordered_work_units],
            "person": [(self.rina.pk, "Rina"), (self.fajar.pk, "Fajar")],
        }
        with CaptureQueriesContext(connection) as captured:
            terms = article_terms(article.pk)
        self.assertEqual(len(captured), 1)
        self.assertEqual(
            {
                "tag": [(tag.pk, tag.name, tag.slug) for tag in terms["tag"]],
                "area": [(area.pk, area.name, area.slug) for area in terms["area"]],
                "unit": [(unit.pk, unit.name, unit.slug, unit.time_zone) for unit in terms["unit"]],
                "person": [(person.pk, person.name) for person in terms["person"]],
            },
            expected,
        )
        self.assertEqual([area.pk for area in terms["area"]], [self.areas[0].pk, self.areas[2].pk])
        self.assertEqual(
            [unit.pk for unit in terms["unit"]], [self.units[2].pk, self.units[0].pk, self.units[1].pk]
        )
        self.assertEqual([tag.name for tag in terms["tag"]], ["zakat", "haji 2021", "bimbingan"])

    def test_a_field_not_read_is_loaded_when_asked_for(self):
        unit = article_terms(self.article.pk)["unit"][0]
        self.assertEqual(unit.kind, WorkUnit.objects.get(pk=unit.pk).kind)

    def test_the_article_page_shows_them(self):
        response = self.client.get(self.article.url)
        self.assertContains(response, "#zakat")
        self.assertContains(response, self.areas[2].name)
        self.assertContains(response, "Rina, Fajar")


class SitePrimingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get()
        cls.default = Site.objects.get()
        root = Page.get_first_root_node()
        cls.other_root = root.add_child(instance=Page(title="Lain", slug="lain"))
        cls.other = Site.objects.create(hostname="lain.example", port=80, root_page=cls.other_root)
        cls.other_8080 = Site.objects.create(hostname="lain.example", port=8080, root_page=cls.other_root)
        cls.alone = Site.objects.create(hostname="sendiri.example", port=443, root_page=cls.other_root)

    def test_the_site_is_the_one_wagtail_picks(self):
        sites = list(Site.objects.select_related("root_page"))
        hosts = [self.default.hostname, "lain.example", "sendiri.example", "tidak.example"]
        for hostname in hosts:
            for port in (80, 443, 8080, 8000):
                try:
                    expected = get_site_for_hostname(hostname, port)
                except Site.DoesNotExist:
                    expected = None
                with self.subTest(hostname=hostname, port=port):
                    self.assertEqual(site_for(sites, hostname, port), expected)

    def test_site_root_paths_home_page_and_settings_in_one_query(self):
        SiteSettings.objects.get_or_create(site=self.default)
        request = RequestFactory().get("/", HTTP_HOST=self.default.hostname)
        with CaptureQueriesContext(connection) as captured:
            prime_site(request)
            site = Site.find_for_request(request)
            paths = self.home._get_site_root_paths(request)
            home = site.root_page.specific
            settings = SiteSettings.for_site(site)
        self.assertEqual(len(captured), 1)
        self.assertEqual(site, self.default)
        self.assertEqual(paths, Site.get_site_root_paths())
        self.assertIsInstance(home, HomePage)
        self.assertEqual(home.pk, self.home.pk)
        self.assertEqual(settings.site_id, self.default.pk)
