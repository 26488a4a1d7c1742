"""news.templatetags.news_tags: the date filters give what Django's date filter gives; a card
written in Python is the card template."""

from datetime import UTC, datetime

from django.template import Context, Template
from django.template.defaultfilters import date as django_date
from django.template.loader import get_template
from django.test import RequestFactory, SimpleTestCase, TestCase
from django.utils import timezone, translation

from news.templatetags.news_tags import short_date
from tests.utils import make_article, make_category, make_image


class ShortDateTests(SimpleTestCase):
    def test_every_month_in_indonesian_and_english_is_djangos_date_filter(self):
        for language in ("id", "en"):
            with translation.override(language):
                for month in range(1, 13):
                    moment = datetime(2026, month, 9, 3, 30, tzinfo=UTC)
                    with self.subTest(language=language, month=month):
                        expected = django_date(timezone.localtime(moment), "j F Y")
                        self.assertEqual(short_date(moment), expected)

    def test_indonesian_month_names_and_jakarta_date(self):
        with translation.override("id"):
            # 18:30 UTC on 31 December is already 1 January in Jakarta (UTC+7).
            self.assertEqual(short_date(datetime(2025, 12, 31, 18, 30, tzinfo=UTC)), "1 Januari 2026")
            self.assertEqual(short_date(datetime(2026, 8, 17, 1, 0, tzinfo=UTC)), "17 Agustus 2026")

    def test_days_without_leading_zero_and_early_years_padded(self):
        moment = datetime(987, 3, 5, 12, tzinfo=UTC)
        with translation.override("en"):
            self.assertEqual(short_date(moment), django_date(timezone.localtime(moment), "j F Y"))

    def test_empty_is_empty(self):
        self.assertEqual(short_date(None), "")


class ArticleCardTests(TestCase):
    """{% article_card %} writes what templates/includes/article_card.html writes."""

    @classmethod
    def setUpTestData(cls):
        cls.nasional = make_category("Nasional", "nasional")
        cls.photo = make_article(
            cls.nasional,
            'Menag: "Kuota haji" naik & <tambahan> petugas',
            lead="Kuota haji Indonesia tahun depan bertambah. " * 8,
            hero_image=make_image(title="Foto kuota"),
        )
        cls.text = make_article(cls.nasional, "Pengumuman hasil seleksi PPPK")

    def render_both(self, article, **options):
        request = RequestFactory().get("/")
        request.is_preview = False
        context = Context({"request": request, "article": article, **options})
        template = get_template("includes/article_card.html").template.render(context)
        tag = Template(
            "{% load news_tags %}{% article_card article "
            + " ".join(f"{name}={name}" for name in options)
            + " %}"
        ).render(context)
        return tag, template

    def test_every_kind_of_card_is_the_template(self):
        cases = [
            {},
            {"modifier": "compact"},
            {"modifier": "lead", "show_lead": True},
            {"modifier": "feature", "show_lead": True},
            {"show_lead": True, "heading": "h2", "first": True},
            {"show_lead": True, "heading": "h2", "first": False},
        ]
        for article in (self.photo, self.text):
            for category in (None, self.nasional):
                article.category = category
                for options in cases:
                    with self.subTest(article=article.slug, category=bool(category), **options):
                        tag, template = self.render_both(article, **options)
                        self.assertHTMLEqual(tag, template)
                        self.assertIn("card__title", tag)

    def test_titles_and_leads_are_escaped(self):
        tag, _template = self.render_both(self.photo, show_lead=True)
        self.assertIn("&quot;Kuota haji&quot; naik &amp; &lt;tambahan&gt;", tag)
        self.assertNotIn("<tambahan>", tag)

    def test_a_preview_renders_the_template(self):
        request = RequestFactory().get("/")
        request.is_preview = True
        html = Template("{% load news_tags %}{% article_card article %}").render(
            Context({"request": request, "article": self.photo})
        )
        self.assertIn("card__image", html)
        self.assertNotIn("image/avif", html)  # previews skip AVIF and WebP
