"""The front page reads like a portal: secondary leads, section blocks without holes, announcements."""

import re
from types import SimpleNamespace

from django.core.cache import cache
from django.test import SimpleTestCase, TestCase

from home.models import HomePage
from news.templatetags.news_tags import section_layout
from tests.utils import make_article, make_category, make_image


def card(pk, photo=True):
    return SimpleNamespace(pk=pk, hero_image_id=pk if photo else None)


class SectionLayoutTests(SimpleTestCase):
    def test_layout_follows_the_number_of_articles_and_their_photos(self):
        one = section_layout([card(1, photo=False)])
        self.assertEqual((one["kind"], one["lead"].pk, one["rest"]), ("single", 1, []))
        pair = section_layout([card(1), card(2)])
        self.assertEqual((pair["kind"], pair["lead"], [a.pk for a in pair["rest"]]), ("pair", None, [1, 2]))
        # The first article with a photo leads; the others follow in order.
        feature = section_layout([card(1, photo=False), card(2), card(3), card(4, photo=False)])
        self.assertEqual(feature["kind"], "feature")
        self.assertEqual(feature["lead"].pk, 2)
        self.assertEqual([a.pk for a in feature["rest"]], [1, 3, 4])
        text = section_layout([card(1, photo=False), card(2, photo=False), card(3, photo=False)])
        self.assertEqual((text["kind"], text["lead"], len(text["rest"])), ("list", None, 3))


class FrontPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        photo = make_image()
        cls.nasional = make_category("Nasional", "nasional")
        cls.pengumuman = make_category("Pengumuman", "pengumuman")
        cls.opini = make_category("Opini", "opini")
        for day in range(8):
            make_article(cls.nasional, f"Berita Nasional {day}", days_ago=day + 1, hero_image=photo)
        make_article(cls.pengumuman, "Pengumuman Seleksi Pegawai", days_ago=20)
        make_article(cls.pengumuman, "Pengumuman Libur Akhir Tahun", days_ago=21)
        make_article(cls.opini, "Opini Tanpa Foto Satu", days_ago=30)
        make_article(cls.opini, "Opini Tanpa Foto Dua", days_ago=31)
        home = HomePage.objects.get()
        home.announcements_category = cls.pengumuman
        home.save_revision().publish()

    def setUp(self):
        cache.clear()

    def page(self) -> str:
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def between(self, text: str, start: str, end: str) -> str:
        self.assertIn(start, text)
        return text.split(start, 1)[1].split(end, 1)[0]

    def test_headline_has_three_secondary_leads(self):
        leads = self.between(self.page(), '<ul class="secondary-leads secondary-leads--3">', "</ul>")
        titles = re.findall(r'class="card__link"[^>]*>([^<]+)<', leads)
        self.assertEqual(titles, [f"Berita Nasional {n}" for n in (1, 2, 3)])

    def test_announcements_are_listed_beside_the_headline_not_as_a_section(self):
        text = self.page()
        aside = self.between(text, '<div class="home__aside">', '<section class="home__section"')
        titles = re.findall(r'class="announcements__link"[^>]*>([^<]+)<', aside)
        self.assertEqual(titles, ["Pengumuman Seleksi Pegawai", "Pengumuman Libur Akhir Tahun"])
        self.assertNotIn('id="section-pengumuman"', text)

    def test_a_section_with_two_articles_without_photos_leaves_no_empty_slot(self):
        block = self.between(self.page(), 'id="section-opini"', "</section>")
        self.assertIn("section-block--pair", block)
        self.assertEqual(block.count('<article class="card card--lead card--text">'), 2)
        self.assertNotIn("card__media", block)
