"""news.images.FastPicture writes exactly what Wagtail's {% picture %} writes."""

from django.template import Context, Template
from django.test import TestCase

from news.images import picture
from news.templatetags.news_tags import CARD_PICTURE_SIZES, CARD_PICTURE_SPECS, card_picture
from tests.utils import make_image

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

    def test_no_image_no_markup(self):
        self.assertEqual(picture(None, CARD_PICTURE_SPECS, sizes=CARD_PICTURE_SIZES), "")

    def test_a_missing_file_renders_as_wagtail_renders_it(self):
        image = make_image(title="Foto hilang")
        image.file.storage.delete(image.file.name)
        self.assertEqual(card_picture(image), WAGTAIL_CARD.render(Context({"image": image})))
