"""news.images.FastPicture writes exactly what Wagtail's {% picture %} writes."""

from django.template import Context, Template
from django.test import TestCase
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from wagtail.images import get_image_model
from wagtail.images.rect import Rect

from news.images import CARD_SPECS, HERO_SPECS, has_read_renditions, picture, prefetch_renditions, renditions
from news.models import ListingPage, article_cards
from news.templatetags.news_tags import CARD_PICTURE_SIZES, CARD_PICTURE_SPECS, card_picture
from tests.utils import make_article, make_category, make_image

WAGTAIL_CARD = Template(
    "{% load wagtailimages_tags %}{% picture image format-{avif,webp,jpeg} fill-{400x225,800x450} "
    'sizes="(min-width: 64em) 25vw, (min-width: 40em) 45vw, 100vw" '
    'loading="lazy" alt="" class="card__image" %}'
)


class FastPictureTests(TestCase):
    def test_a_card_picture_is_wagtails_picture(self):
        image = make_image(title='Foto "uji" & <tanda>')
        expected = WAGTAIL_CARD.render(Context({"image": image}))
        self.assertIn("<source", expected)
        self.assertEqual(card_picture(image), expected)

    def test_the_first_card_of_a_listing_loads_at_once_and_first(self):
        """The listing's first photo is a phone's largest paint: not lazy, high priority."""
        image = make_image(title="Foto pertama")
        first = Template(
            "{% load wagtailimages_tags %}{% picture image format-{avif,webp,jpeg} fill-{400x225,800x450} "
            'sizes="(min-width: 64em) 25vw, (min-width: 40em) 45vw, 100vw" '
            'fetchpriority="high" alt="" class="card__image" %}'
        ).render(Context({"image": image}))
        self.assertEqual(card_picture(image, first=True), first)
        self.assertNotIn('loading="lazy"', card_picture(image, first=True))
        self.assertIn('loading="lazy"', card_picture(image))

    def test_other_shapes_match_too(self):
        image = make_image(title="Foto kedua")
        cases = [
            (
                "format-{webp,png} width-{300,600}",
                [
                    "format-webp|width-300",
                    "format-webp|width-600",
                    "format-png|width-300",
                    "format-png|width-600",
                ],
            ),
            ("width-{300,600}", ["width-300", "width-600"]),
            ("fill-200x100", ["fill-200x100"]),
        ]
        for pattern, specs in cases:
            with self.subTest(pattern):
                template = Template(
                    "{% load wagtailimages_tags %}{% picture image "
                    + pattern
                    + ' alt=caption decoding="async" %}'
                )
                self.assertEqual(
                    picture(image, specs, alt="Keterangan <b>", decoding="async"),
                    template.render(Context({"image": image, "caption": "Keterangan <b>"})),
                )

    def test_lazy_and_safe_attribute_values_match_too(self):
        image = make_image(title="Foto ketiga")
        template = Template("{% load wagtailimages_tags %}{% picture image width-300 alt=alt title=title %}")
        for alt, title in [(gettext_lazy("Photo"), mark_safe("<b>aman</b>")), ('"kutip" & <tag>', 7)]:
            with self.subTest(alt=alt):
                self.assertEqual(
                    picture(image, ["width-300"], alt=alt, title=title),
                    template.render(Context({"image": image, "alt": alt, "title": title})),
                )

    def test_no_image_no_markup(self):
        self.assertEqual(picture(None, CARD_PICTURE_SPECS, sizes=CARD_PICTURE_SIZES), "")

    def test_a_missing_file_renders_as_wagtail_renders_it(self):
        image = make_image(title="Foto hilang")
        image.file.storage.delete(image.file.name)
        self.assertEqual(card_picture(image), WAGTAIL_CARD.render(Context({"image": image})))


class PrefetchRenditionsTests(TestCase):
    """A page reads only the renditions it shows, as rows; one it forgot is looked up, never a
    500, and a rendition for an old focal point is never shown."""

    def test_only_the_asked_specs_are_read_and_drawn_without_a_query(self):
        image = make_image(title="Foto kartu")
        image.get_renditions(*CARD_SPECS, *HERO_SPECS)
        fresh = get_image_model().objects.get(pk=image.pk)
        with self.assertNumQueries(1):
            prefetch_renditions([(fresh, CARD_SPECS)])
        self.assertTrue(has_read_renditions(fresh))
        self.assertEqual(set(fresh._rendition_rows), set(CARD_SPECS))
        with self.assertNumQueries(0):
            drawn = card_picture(fresh)
        self.assertEqual(drawn, WAGTAIL_CARD.render(Context({"image": image})))

    def test_rows_give_wagtails_addresses_sizes_and_alt_text(self):
        image = make_image(title="Foto ukuran")
        expected = image.get_renditions(*HERO_SPECS)
        fresh = get_image_model().objects.get(pk=image.pk)
        prefetch_renditions([(fresh, HERO_SPECS)])
        shown = renditions(fresh, HERO_SPECS)
        self.assertEqual(list(shown), list(HERO_SPECS))
        for spec, rendition in expected.items():
            with self.subTest(spec):
                self.assertEqual(
                    (shown[spec].url, shown[spec].width, shown[spec].height, shown[spec].alt),
                    (rendition.url, rendition.width, rendition.height, rendition.alt),
                )

    def test_a_spec_not_read_is_found_not_made_again(self):
        image = make_image(title="Foto pahlawan")
        existing = image.get_rendition(HERO_SPECS[0])
        rendition_model = get_image_model().get_rendition_model()
        count = rendition_model.objects.count()
        fresh = get_image_model().objects.get(pk=image.pk)
        prefetch_renditions([(fresh, CARD_SPECS)])
        self.assertEqual(renditions(fresh, [HERO_SPECS[0]])[HERO_SPECS[0]].pk, existing.pk)
        # With a plain filtered Prefetch this failed on the unique constraint.
        self.assertEqual(fresh.get_rendition(HERO_SPECS[0]).pk, existing.pk)
        self.assertEqual(rendition_model.objects.count(), count)

    def test_a_moved_focal_point_shows_the_new_crop(self):
        image = make_image(title="Foto fokus")
        old = image.get_renditions(*CARD_SPECS)
        image.set_focal_point(Rect(10, 10, 30, 30))
        image.save()
        fresh = get_image_model().objects.get(pk=image.pk)
        prefetch_renditions([(fresh, CARD_SPECS)])
        shown = renditions(fresh, CARD_SPECS)
        fill = "format-jpeg|fill-400x225"
        self.assertNotEqual(shown[fill].url, old[fill].url)
        self.assertEqual(shown[fill].url, fresh.get_rendition(fill).url)

    def test_listing_cards_read_their_specs_only(self):
        image = make_image(title="Foto daftar")
        image.get_renditions(*CARD_SPECS, *HERO_SPECS)
        make_article(make_category("Nasional", "nasional"), "Berita berfoto", hero_image=image)
        with self.assertNumQueries(3):  # the ids, the cards' rows, then their photos' renditions
            (card,) = ListingPage(article_cards(), 1, 20).object_list
        self.assertEqual(set(card.hero_image._rendition_rows), set(CARD_SPECS))
        with self.assertNumQueries(0):
            card_picture(card.hero_image)
