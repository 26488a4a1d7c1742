"""Site-wide models: the user, image and document models, site settings and the home page."""

from django.contrib.auth.models import AbstractUser
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm, WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.documents.models import AbstractDocument, Document
from wagtail.fields import RichTextField
from wagtail.images.models import AbstractImage, AbstractRendition, Image
from wagtail.models import Page
from wagtail.search import index

from news.branding import validate_svg_logo
from news.caching import NOT_ALL, PublicPageMixin, cached
from news.queries import compiled
from news.references import ReferenceCheckMixin


class User(AbstractUser):
    """The site's user model, swappable from the first migration on."""

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("user")
        verbose_name_plural = _("users")


def held_for_field():
    """The unpublished page a photo or document is kept back for (news.embargo): set by the
    first page to use it before it was public, cleared when that page is published."""
    field = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("held for"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    field.wagtail_reference_index_ignore = True
    return field


class CustomImage(AbstractImage):
    """An image that carries its own caption, photo credit and alt text."""

    # Wagtail uses `description` as the default alt text; name it as editors know it.
    description = models.CharField(
        _("alt text"),
        max_length=255,
        blank=True,
        default="",
        help_text=_("Describe what the photo shows for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(
        _("photo credit"),
        max_length=255,
        blank=True,
        help_text=_("Printed as “Foto: <name>”."),
    )

    held_for = held_for_field()

    admin_form_fields = (*Image.admin_form_fields, "caption", "credit")

    search_fields = [
        *AbstractImage.search_fields,
        index.SearchField("caption"),
        index.SearchField("credit"),
    ]

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")

    @property
    def alt_text(self) -> str:
        return self.description


class CustomRendition(AbstractRendition):
    image = models.ForeignKey(CustomImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


class CustomDocument(AbstractDocument):
    held_for = held_for_field()

    admin_form_fields = Document.admin_form_fields

    class Meta(AbstractDocument.Meta):
        verbose_name = _("document")
        verbose_name_plural = _("documents")


class SiteSettingsForm(ReferenceCheckMixin, WagtailAdminModelForm):
    """A logo from outside the user's collections, or held for an unpublished page, is refused;
    an SVG logo needs its PNG beside it (news.branding)."""

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("logo_svg") and not cleaned_data.get("logo"):
            self.add_error(
                "logo",
                _(
                    "An SVG logo needs a PNG logo as well: app icons, feeds and share previews "
                    "cannot use SVG."
                ),
            )
        return cleaned_data


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The ministry's identity, shown in the header, footer and datelines."""

    site_name = models.CharField(
        _("site name"), max_length=255, default="Kementerian Agama Republik Indonesia"
    )
    short_name = models.CharField(
        _("short name"),
        max_length=50,
        default="Kemenag",
        help_text=_("Used in datelines: “Jakarta (Kemenag) —”."),
    )
    tagline = models.CharField(_("tagline"), max_length=255, blank=True)
    logo = models.ForeignKey(
        "home.CustomImage",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "A PNG image, square or wide: the header (without an SVG logo), the app icons, the "
            "feeds and share previews."
        ),
    )
    logo_svg = models.FileField(
        _("logo (SVG)"),
        upload_to="branding/",
        blank=True,
        validators=[FileExtensionValidator(["svg"]), validate_svg_logo],
        help_text=_("Optional: the same logo as SVG, sharp at every size in the header and the browser tab."),
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    tiktok_url = models.URLField(_("TikTok"), blank=True)

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("site_name"),
                FieldPanel("short_name"),
                FieldPanel("tagline"),
                FieldPanel("logo"),
                FieldPanel("logo_svg"),
            ],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [FieldPanel("address"), FieldPanel("phone"), FieldPanel("email")],
            heading=_("Contact"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("x_url"),
                FieldPanel("instagram_url"),
                FieldPanel("youtube_url"),
                FieldPanel("tiktok_url"),
            ],
            heading=_("Social accounts"),
        ),
    ]

    base_form_class = SiteSettingsForm

    class Meta:
        verbose_name = _("site settings")

    def __str__(self):
        return self.site_name

    @classmethod
    def for_site(cls, site):
        """The settings of `site`, cached until they change (news.signals): every public page
        shows them."""

        def read():
            # news.sites.prime_site reads a request's site with its settings and their logo.
            primed = site._state.fields_cache.get("sitesettings") if site is not None else None
            if isinstance(primed, cls):
                primed._state.fields_cache.pop("site", None)  # not pickled with the value
                return primed
            instance = super(SiteSettings, cls).for_site(site)
            instance.logo  # noqa: B018 - load the logo before caching
            return instance

        return cached("site-settings", (site.pk,), read, tags=["settings", NOT_ALL])

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [
            ("Facebook", self.facebook_url),
            ("X", self.x_url),
            ("Instagram", self.instagram_url),
            ("YouTube", self.youtube_url),
            ("TikTok", self.tiktok_url),
        ]
        return [(name, url) for name, url in links if url]


class HomePageForm(ReferenceCheckMixin, WagtailAdminPageForm):
    """The headline article and the introduction's links point only where the user may."""


class HomePage(PublicPageMixin, Page):
    """The front page of the site."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    featured_article = models.ForeignKey(
        "news.ArticlePage",
        verbose_name=_("headline article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown first on the front page while it is live. Empty: the newest article."),
    )
    announcements_category = models.ForeignKey(
        "news.CategoryIndexPage",
        verbose_name=_("announcements category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "A category right below the home page whose newest articles the front page lists as "
            "“Pengumuman” beside the latest news, instead of as a section of its own."
        ),
    )

    base_form_class = HomePageForm
    max_count = 1
    parent_page_types = ["wagtailcore.Page"]

    content_panels = [
        *Page.content_panels,
        PageChooserPanel("featured_article", page_type="news.ArticlePage"),
        PageChooserPanel("announcements_category", page_type="news.CategoryIndexPage"),
        FieldPanel("intro"),
    ]

    class Meta:
        verbose_name = _("home page")

    def route(self, request, path_components):
        from news.models import CategoryIndexPage, article_at

        # An article in a province (or deeper) is found with its categories in two queries;
        # one right below a top-level category is found by that category's route, also in two.
        if len(path_components) > 2:
            article = article_at(self, path_components)
            if article is not None:
                return article.route(request, [])
        # Categories sit right below the home page: find one in a single query.
        if path_components:
            # Built and compiled once per home page (news.queries).
            found = compiled(
                "home-category",
                (self.path, self.depth),
                lambda slug: CategoryIndexPage.objects.child_of(self).filter(slug=slug).order_by()[:1],
                slug=path_components[0],
            )
            category = next(iter(found), None)
            if category is not None:
                category._cached_parent_obj = self
                return category.route(request, path_components[1:])
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        """The front page's blocks, read only when its cached fragment is missing."""
        from news.models import feed_entry, front_page_blocks

        context = super().get_context(request, *args, **kwargs)
        blocks = SimpleLazyObject(lambda: front_page_blocks(self))
        for name in ("headline", "latest", "more_news", "service_areas"):
            context[name] = SimpleLazyObject(lambda name=name: blocks[name])
        # The announcements category's section moves beside the headline (no query of its own).
        chosen = self.announcements_category_id
        context["sections"] = SimpleLazyObject(
            lambda: [section for section in blocks["sections"] if section["category"].pk != chosen]
        )
        context["announcements"] = SimpleLazyObject(
            lambda: next((s for s in blocks["sections"] if s["category"].pk == chosen), None)
        )
        context["feeds"] = [feed_entry(gettext("All news"), reverse("feed_rss"), reverse("feed_atom"))]
        return context
