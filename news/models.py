"""News content: taxonomies, people, category index pages and articles."""

from __future__ import annotations

import re
import secrets
import zoneinfo
from collections import Counter
from itertools import groupby
from operator import itemgetter

from django import forms
from django.apps import apps
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import EmptyPage, Paginator
from django.db import connections, models, router
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
    Window,
)
from django.db.models.functions import Coalesce, Length, RowNumber, Substr
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.images import get_image_model
from wagtail.images.api.fields import ImageRenditionField
from wagtail.models import (
    AbstractGroupApprovalTask,
    GroupPagePermission,
    Orderable,
    Page,
)
from wagtail.search import index

from .blocks import ArticleBodyBlock, CorrectionBlock, PdfAttachmentBlock
from .branding import BRAND_SPECS, brand_images
from .caching import PublicPageMixin, cached, category_tag, depends_on, restricted_paths
from .images import (
    CARD_SPECS,
    HEADLINE_SPECS,
    HERO_SPECS,
    has_read_renditions,
    prefetch_renditions,
    renditions,
)
from .queries import compiled
from .references import ReferenceCheckMixin
from .status import status_label
from .workflow import four_eyes_forbid, is_final_task

ARTICLES_PER_PAGE = 12
# Open Graph (first) and the 16:9, 4:3 and 1:1 crops that search engines ask for.
SOCIAL_IMAGE_SPECS = (
    "fill-1200x630|format-jpeg",
    "fill-1200x675|format-jpeg",
    "fill-1200x900|format-jpeg",
    "fill-1200x1200|format-jpeg",
)
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,8}")
RELATED_LIMIT = 5
# "Berita Lainnya" scores only this many of the newest articles that share a term.
RELATED_CANDIDATES = 300


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", "WIB"
    WITA = "Asia/Makassar", "WITA"
    WIT = "Asia/Jayapura", "WIT"


def zone_abbreviation(zone_name: str) -> str:
    """WIB, WITA or WIT for one of Indonesia's three zones."""
    try:
        return TimeZone(zone_name).label
    except ValueError:
        return zone_name


def schedule_text(value, zone_name: str = "", long: bool = False) -> str:
    """A go-live time as editors enter it, in WIB, with the unit's zone when it differs.

    “30-11-2026 10:00 WIB (11:00 WITA)”, or with `long` “Senin, 30 November 2026 10:00 WIB”.
    """
    if not value:
        return ""
    wib = timezone.localtime(value, zoneinfo.ZoneInfo(TimeZone.WIB))
    text = f"{date_format(wib, 'l, j F Y H:i' if long else 'd-m-Y H:i')} WIB"
    if zone_name and zone_name != TimeZone.WIB:
        local = timezone.localtime(value, zoneinfo.ZoneInfo(zone_name))
        text += f" ({date_format(local, 'H:i')} {zone_abbreviation(zone_name)})"
    return text


def feed_entry(title: str, rss: str, atom: str) -> dict:
    """A feed as templates link it (autodiscovery in the head, RSS/Atom links on the page)."""
    return {"title": title, "rss": rss, "atom": atom}


def paginate(request, queryset, per_page: int = ARTICLES_PER_PAGE):
    """A page of search results for `?page=`; anything but a page that exists is a 404.

    The number of results is counted once per search (its address without `page`) until the
    content changes. Listings of articles page without counting (listing_page).
    """
    raw = request.GET.get("page", "1")
    if not PAGE_NUMBER.fullmatch(raw):
        raise Http404(_("Page not found"))
    paginator = Paginator(queryset, per_page)
    listing = sorted((name, value) for name, value in request.GET.lists() if name != "page")
    count = cached("count", (request.get_host(), request.path, listing), lambda: paginator.count, ("news",))
    paginator.__dict__["count"] = count  # Paginator.count is a cached_property
    try:
        return paginator.page(int(raw))
    except EmptyPage as error:
        raise Http404(_("Page not found")) from error


class ListingPage:
    """One page of a listing of articles, read without counting the listing.

    Counting every article of a category, term or filter read all of them (30-40 ms at 100,000
    articles with the caches empty, on every listing). A page reads one row more than it shows
    to know whether a next page exists; the pagination links say "Page N" with first, previous
    and next, not the last page's number. A page past the end is a 404 (read at once for pages
    after the first); the first page of an empty listing is an empty list.
    """

    paginator = None  # no total: templates/includes/pagination.html shows no "of N" and no "Last"

    def __init__(self, queryset, number: int, per_page: int):
        self.queryset = queryset
        self.number = number
        self.per_page = per_page
        if number > 1 and not self.object_list:
            raise Http404(_("Page not found"))

    @cached_property
    def rows(self) -> list:
        # A page finds its ids alone, then reads the cards it shows as rows, in a query compiled
        # once per number of ids (card_rows): skipping 600 whole rows (every column of the
        # article, its page and its photo) was half of page 50 of a category, and building and
        # compiling the listing's query of whole cards a tenth of a first page.
        start = (self.number - 1) * self.per_page
        ids = list(self.queryset.values_list("pk", flat=True)[start : start + self.per_page + 1])
        rows = card_rows(ids)
        db = self.queryset.db
        return with_card_renditions([card_from_row(rows[pk], db) for pk in ids if pk in rows])

    @property
    def object_list(self) -> list:
        return self.rows[: self.per_page]

    def has_next(self) -> bool:
        return len(self.rows) > self.per_page

    def has_previous(self) -> bool:
        return self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1

    def start_index(self) -> int:
        return (self.number - 1) * self.per_page + 1


def listing_page(request, queryset, per_page: int = ARTICLES_PER_PAGE) -> ListingPage:
    """The page of a listing of articles that `?page=` asks for; anything else is a 404."""
    raw = request.GET.get("page", "1")
    if not PAGE_NUMBER.fullmatch(raw):
        raise Http404(_("Page not found"))
    return ListingPage(queryset, int(raw), per_page)


# ---------------------------------------------------------------------------
# Vocabularies and people
# ---------------------------------------------------------------------------


class ServiceArea(index.Indexed, models.Model):
    """A service the ministry gives the public ("layanan"): nikah, haji, madrasah, ..."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True, allow_unicode=False)
    description = models.TextField(_("short description"), blank=True)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description"), FieldPanel("sort_order")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("service_area", args=[self.slug])

    def get_articles(self):
        links = ArticlePage.service_areas.through.objects.filter(servicearea=self)
        return article_cards(with_term(ArticlePage.objects.all(), links, "articlepage"))


class WorkUnit(index.Indexed, models.Model):
    """A unit of the ministry ("satuan kerja"), in a tree: Eselon I > bureau, Kanwil > Kankemenag."""

    class Kind(models.TextChoices):
        ESELON_I = "eselon1", _("Echelon I unit")
        BUREAU = "biro", _("Bureau / Directorate")
        KANWIL = "kanwil", _("Provincial office (Kanwil)")
        KANKEMENAG = "kankemenag", _("District/city office (Kankemenag)")
        MADRASAH = "madrasah", _("Madrasah")
        PTKN = "ptkn", _("State religious university (PTKN)")
        UPT = "upt", _("Technical unit (UPT)")

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    description = models.TextField(_("short description"), blank=True)
    dateline_city = models.CharField(
        _("dateline city"), max_length=100, blank=True, help_text=_("Fills an empty article dateline.")
    )
    time_zone = models.CharField(
        _("time zone"), max_length=32, choices=TimeZone.choices, default=TimeZone.WIB
    )
    is_active = models.BooleanField(
        _("active"),
        default=True,
        help_text=_("Retired units keep their news but are not offered to editors."),
    )
    sort_order = models.PositiveIntegerField(_("order"), default=0)
    # Materialised path of primary keys ("/3/17/"): a unit and all its descendants
    # are found with one indexed prefix match.
    tree_path = models.CharField(max_length=255, editable=False, db_index=True, default="")

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldRowPanel([FieldPanel("kind"), FieldPanel("parent")]),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("dateline_city"), FieldPanel("time_zone")]),
        FieldRowPanel([FieldPanel("is_active"), FieldPanel("sort_order")]),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("is_active"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("work unit")
        verbose_name_plural = _("work units")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        old_path = self.tree_path
        new_path = f"{self.parent.tree_path if self.parent else '/'}{self.pk}/"
        if new_path != old_path:
            WorkUnit.objects.filter(pk=self.pk).update(tree_path=new_path)
            self.tree_path = new_path
            if old_path:
                # The unit moved: carry its subtree along.
                for unit in WorkUnit.objects.filter(tree_path__startswith=old_path).exclude(pk=self.pk):
                    WorkUnit.objects.filter(pk=unit.pk).update(
                        tree_path=new_path + unit.tree_path[len(old_path) :]
                    )

    def get_absolute_url(self):
        return reverse("work_unit", args=[self.slug])

    def clean(self):
        if self.pk and self.parent_id and f"/{self.pk}/" in f"{self.parent.tree_path}/{self.parent_id}/":
            raise ValidationError({"parent": _("A unit cannot be placed under itself.")})

    def tree_links(self):
        """The link rows of this unit and every unit below it (`page` names the article)."""
        return ArticleWorkUnit.objects.filter(unit__tree_path__startswith=self.tree_path)

    def article_ids(self):
        """A subquery of the articles of this unit and every unit below it."""
        return self.tree_links().values("page")

    def get_articles(self):
        """Live public articles of this unit and every unit below it."""
        return article_cards(with_term(ArticlePage.objects.all(), self.tree_links(), "page"))


class Person(index.Indexed, models.Model):
    """Someone credited on articles: editor, reporter, photographer."""

    name = models.CharField(_("name"), max_length=255)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    work_unit = models.ForeignKey(
        WorkUnit,
        verbose_name=_("work unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )

    phone = models.CharField(
        _("phone"), max_length=50, blank=True, help_text=_("Shown when the person is a press contact.")
    )
    email = models.EmailField(
        _("email"), blank=True, help_text=_("Shown when the person is a press contact.")
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("user"),
        FieldPanel("work_unit"),
        FieldRowPanel([FieldPanel("phone"), FieldPanel("email")], heading=_("Contact")),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self):
        return self.name


class ArticleTag(TaggedItemBase):
    content_object = ParentalKey("news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("article tag")
        verbose_name_plural = _("article tags")


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


def public_q(field: str = "path") -> Q:
    """True for pages outside every private section.

    Wagtail's `.public()` loads all view restrictions in a query of its own each time it is
    called; this reads them once per content generation and says "not below any of these
    paths" in the listing's own query. (A correlated EXISTS on the restrictions did the same
    in SQL, but with table statistics SQLite then scanned every page for every article.)
    """
    condition = Q()
    for path in restricted_paths():
        condition &= ~Q(**{f"{field}__startswith": path})
    return condition


class LocalDatePart(Func):
    """The year ("%Y"), month ("%m") or both ("%Y-%m") of a datetime in the site's time zone,
    as text the database computes itself.

    Django's Extract and Trunc functions call a Python function per row on SQLite: grouping
    100,000 articles by month took 0.77 s that way and takes 0.15 s this way. Indonesia's time
    zones keep no daylight saving time, so SQLite shifts by the zone's fixed offset.
    """

    output_field = CharField()
    POSTGRESQL_FORMATS = {"%Y": "YYYY", "%m": "MM", "%Y-%m": "YYYY-MM"}

    def __init__(self, expression, date_format: str, **extra):
        if date_format not in self.POSTGRESQL_FORMATS:
            raise ValueError(f"Unsupported date format {date_format!r}")
        self.date_format = date_format
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        date_format = self.POSTGRESQL_FORMATS[self.date_format]
        return f"to_char(({sql}) AT TIME ZONE %s, %s)", [*params, settings.TIME_ZONE, date_format]

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        offset = timezone.get_default_timezone().utcoffset(timezone.now().replace(tzinfo=None))
        return f"strftime(%s, {sql}, %s)", [
            self.date_format,
            *params,
            f"{offset.total_seconds():+.0f} seconds",
        ]


def published(queryset=None):
    """Articles readers may find: live, outside private sections, not withdrawn.

    Read from the article's own row (`listed_path`, news.listing), so that a listing walking the
    published-date index never reads the page table to check an article.
    """
    queryset = ArticlePage.objects.all() if queryset is None else queryset
    return queryset.filter(public_q("listed_path"), listed_path__isnull=False)


def listed_below(queryset, category):
    """The listed articles of `queryset` anywhere below `category`, by their own rows' paths."""
    return queryset.filter(listed_path__startswith=category.path)


def article_cards(queryset=None):
    """Articles as listing cards: published, newest first, with what a card shows. The photos'
    renditions are read for the cards a page shows (with_card_renditions)."""
    cards = published(queryset).defer_streamfields().select_related("hero_image")
    return cards.order_by("-published_at", "-pk")


def with_card_renditions(cards: list) -> list:
    """`cards` with their photos' card renditions read, in one query (news.images)."""
    prefetch_renditions((card.hero_image, CARD_SPECS) for card in cards)
    return cards


# A term with at least this many articles is listed by walking the newest articles.
LARGE_TERM = 1000


def with_term(queryset, links, article_field: str):
    """`queryset` narrowed to the articles of `links` (a term's rows in its link table, whose
    `article_field` names the article), in a form that keeps newest-first listings cheap.

    A large term (a service area holds a tenth of the archive) is an EXISTS per article, so the
    listing walks the published-date index and stops after one page: as `pk IN (...)` SQLite
    read and sorted all 10,000 of its articles for every page (30 ms at 100,000 articles). A
    small term stays `pk IN (...)`: walking the index for a term of five articles would read the
    whole archive. Which one is decided by reading at most LARGE_TERM rows of the link index.
    A small term's ids are those rows, passed as a list: as a subquery PostgreSQL estimated an
    empty work unit at 1,500 articles and walked all 100,000 (1 s); with the list it knows, and
    an empty term needs no query at all.
    """
    ids = list(links.order_by().values_list(article_field, flat=True)[:LARGE_TERM])
    if len(ids) >= LARGE_TERM:
        return queryset.filter(Exists(links.filter(**{article_field: OuterRef("pk")})))
    return queryset.filter(pk__in=ids)


def work_unit_article_counts() -> Counter:
    """Live public articles per work unit id, each unit counting the units below it too.

    An article in two units of one subtree counts once there. The links of the listed articles
    are counted per unit in the database and summed over each unit's ancestors here; the few
    articles with more than one unit are then counted once per ancestor. (A correlated
    COUNT(DISTINCT) per unit, a prefix match over the whole link table for each of ~600 units,
    took 15 s at 100,000 articles.)
    """
    ancestors = {
        pk: [int(part) for part in tree_path.strip("/").split("/") if part]
        for pk, tree_path in WorkUnit.objects.values_list("pk", "tree_path")
    }
    links = ArticleWorkUnit.objects.filter(page__in=published().values("pk")).order_by()
    counts = Counter()
    for unit, number in (
        links.values("unit").annotate(n=Count("page", distinct=True)).values_list("unit", "n")
    ):
        for ancestor in ancestors.get(unit, ()):
            counts[ancestor] += number
    shared = links.values("page").annotate(n=Count("pk")).filter(n__gt=1).values("page")
    rows = links.filter(page__in=shared).order_by("page").values_list("page", "unit")
    for _page, page_rows in groupby(rows, key=itemgetter(0)):
        under = Counter(ancestor for _pk, unit in page_rows for ancestor in ancestors.get(unit, ()))
        for ancestor, number in under.items():
            counts[ancestor] -= number - 1
    return counts


def tag_articles(tag):
    """Live public articles carrying a tag, as listing cards."""
    return article_cards(
        with_term(ArticlePage.objects.all(), ArticleTag.objects.filter(tag=tag), "content_object")
    )


def attach_categories(articles, known: dict | None = None) -> list:
    """Set `category` on each article to its parent page, in at most one query for all."""
    articles = list(articles)
    parents = dict(known or {})
    # Cards made from rows (card_from_row) brought their category's id and title.
    missing = {
        article.path[: -Page.steplen] for article in articles if not hasattr(article, "category_title")
    } - parents.keys()
    if missing:
        parents.update({page.path: page for page in Page.objects.filter(path__in=missing)})
    for article in articles:
        parent = parents.get(article.path[: -Page.steplen])
        if parent is None and hasattr(article, "category_title"):
            parent = card_category(article)
        article.category = parent
    return articles


def with_categories(queryset):
    """Articles with the id and title of their parent page (the category a card shows), read
    in the same query: `card_category` makes the page from them."""
    parent = Page.objects.filter(path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen))
    return queryset.annotate(
        category_pk=Subquery(parent.values("pk")[:1]), category_title=Subquery(parent.values("title")[:1])
    )


# What a card shows (includes/article_card.html) and what its address is made from, as
# ArticlePage attribute names; `page_ptr_id` is the same id, the article's own primary key.
CARD_FIELDS = {
    "id",
    "page_ptr_id",
    "path",
    "depth",
    "url_path",
    "title",
    "lead",
    "published_at",
    "hero_image_id",
}


def card_field_names() -> list[str]:
    """CARD_FIELDS in the order of the model's columns, the order `Model.from_db` expects."""
    return [field.attname for field in ArticlePage._meta.concrete_fields if field.attname in CARD_FIELDS]


def card_rows(ids) -> dict[int, tuple]:
    """The published articles among `ids` as rows of plain values by id: what a card shows,
    its category (`with_categories`) and its photo's columns, in one query.

    Rows rather than pages: an article shows its reading blocks and "Terpopuler" from about
    30 candidates (spares included) of which 15 are shown, and building every candidate as a
    page and a photo was a fifth of an uncached article. `card_from_row` builds the shown ones.
    """
    ids = sorted(set(ids))
    if not ids:
        return {}
    # Built and compiled once per set of private sections and number of ids (news.queries):
    # building the published filter, the category subqueries and forty columns joined through
    # the photo, then compiling them, was most of `card_rows`.
    return {row[0]: row for row in compiled("card-rows", tuple(restricted_paths()), card_row_query, ids=ids)}


def card_row_query(ids) -> models.QuerySet:
    """The query `card_rows` runs."""
    image_fields = [field.attname for field in get_image_model()._meta.concrete_fields]
    return (
        with_categories(published(ArticlePage.objects.filter(pk__in=ids)))
        .order_by()
        .values_list(
            *card_field_names(),
            "category_pk",
            "category_title",
            *(f"hero_image__{name}" for name in image_fields),
        )
    )


def card_from_row(row: tuple, db: str = "default") -> ArticlePage:
    """The card page of a `card_rows` row: only what a card shows is set (any other field is
    read when asked for, as for `.only()`), with its photo and `category_pk`/`category_title`."""
    names = card_field_names()
    width = len(names)
    card = ArticlePage.from_db(db, names, row[:width])
    card.category_pk, card.category_title = row[width], row[width + 1]
    image_model = get_image_model()
    if card.hero_image_id is not None:
        names = [field.attname for field in image_model._meta.concrete_fields]
        card.hero_image = image_model.from_db(db, names, row[width + 2 :])
    return card


def card_category(article) -> Page | None:
    """The parent page `with_categories` read for `article`, with only its id, path and title
    (any other field is read when asked for, as for `.only()`)."""
    if getattr(article, "category_pk", None) is None:
        return None
    return Page.from_db(
        article._state.db,
        ["id", "path", "title"],
        [article.category_pk, article.path[: -Page.steplen], article.category_title],
    )


def breadcrumbs(page: Page) -> list[Page]:
    """Home and the categories above `page`, from the parents routing already loaded."""
    crumbs = []
    parent = page.get_parent()
    while parent is not None and parent.depth > 1:
        crumbs.insert(0, parent)
        parent = parent.get_parent() if parent.depth > 2 else None
    return crumbs


def live_categories(**filters) -> list:
    """Live public category pages in tree order, `filters` applied.

    Cached until the content changes. Read by id and sorted here: a category query ordered by
    path (treebeard's default) makes SQLite walk the path index of every page, articles
    included (15 ms at 10,000 articles).
    """

    def read() -> list:
        # Both queries are built and compiled once per shape (news.queries).
        ids = list(
            compiled(
                "category-ids", (), lambda: CategoryIndexPage.objects.order_by().values_list("pk", flat=True)
            )
        )
        if not ids:
            return []
        pages = compiled(
            "categories",
            (tuple(sorted(filters.items())), tuple(restricted_paths())),
            lambda ids: (
                CategoryIndexPage.objects.filter(pk__in=ids, **filters).live().filter(public_q()).order_by()
            ),
            ids=ids,
        )
        return sorted(pages, key=lambda page: page.path)

    return cached("categories", sorted(filters.items()), read, tags=["menu"])


def front_page_ids(home: Page, categories, latest_count: int, section_size: int, strip_size: int) -> dict:
    """Which articles the front page shows where, as ids: small limited queries, one per section.

    Each query walks the newest articles (the published-date index) until it has enough, so
    its cost does not grow with the archive.
    """

    def newest():
        return published().order_by("-published_at", "-pk").values_list("pk", flat=True)

    def newest_below(category):
        return listed_below(newest(), category)

    # Each query is built and compiled once per set of private sections, category and number
    # of ids it leaves out (news.queries).
    private = tuple(restricted_paths())
    latest = list(compiled("front-latest", (private, latest_count), lambda: newest()[: latest_count + 1]))
    headline = None
    if home.featured_article_id and published().filter(pk=home.featured_article_id).exists():
        headline = home.featured_article_id
    elif latest:
        headline = latest[0]
    top = [pk for pk in latest if pk != headline][:latest_count]
    shown = {*top, headline} - {None}
    sections = []
    for category in categories:
        ids = list(
            compiled(
                "front-section",
                (private, category.path, category.depth, section_size),
                lambda shown, category=category: newest_below(category).exclude(pk__in=shown)[:section_size],
                shown=sorted(shown),
            )
        )
        if ids:
            sections.append((category.pk, ids))
    in_sections = {pk for _category, ids in sections for pk in ids}
    strip = list(
        compiled(
            "front-strip",
            (private, strip_size),
            lambda shown: newest().exclude(pk__in=shown)[:strip_size],
            shown=sorted(shown | in_sections),
        )
    )
    return {"headline": headline, "latest": top, "sections": sections, "strip": strip}


def front_page_blocks(home: Page, latest_count: int = 6, section_size: int = 4, strip_size: int = 6) -> dict:
    """The front page's blocks: which articles go where is cached until the content changes.

    The headline is the editors' choice while it is live and public, else the newest article.
    Each top-level category gets its newest articles not shown above; the "Berita Lainnya"
    strip takes the newest articles shown nowhere else. The cards themselves are read fresh,
    in one query, so an edited title or photo shows at once.
    """
    categories = live_categories(depth=home.depth + 1, path__startswith=home.path)
    ids = cached(
        "front",
        (home.pk, home.featured_article_id),
        lambda: front_page_ids(home, categories, latest_count, section_size, strip_size),
        tags=["home"],
    )
    wanted = {
        ids["headline"],
        *ids["latest"],
        *ids["strip"],
        *(pk for _c, pks in ids["sections"] for pk in pks),
    }
    rows = card_rows(wanted - {None})
    cards = {pk: card_from_row(row) for pk, row in rows.items()}
    headline = cards.get(ids["headline"])
    prefetch_renditions(
        [
            *((card.hero_image, CARD_SPECS) for card in cards.values() if card is not headline),
            (headline.hero_image if headline else None, HEADLINE_SPECS),
        ]
    )
    by_pk = {category.pk: category for category in categories}
    sections = [
        {"category": by_pk[category_pk], "articles": [cards[pk] for pk in pks if pk in cards]}
        for category_pk, pks in ids["sections"]
        if category_pk in by_pk
    ]
    attach_categories(cards.values(), known={category.path: category for category in categories})
    return {
        "headline": headline,
        "latest": [cards[pk] for pk in ids["latest"] if pk in cards],
        "sections": [section for section in sections if section["articles"]],
        "more_news": [cards[pk] for pk in ids["strip"] if pk in cards],
        "service_areas": list(ServiceArea.objects.all()),
    }


def article_at(root: Page, path_components: list[str]):
    """The article at `path_components` below `root` with its categories, in two queries, or None.

    Wagtail's routing asks each level of the tree for the next page and then for its specific
    object: four queries for /daerah/jawa-timur/<article>/. The article is found by its slug
    and the url path Wagtail keeps for it, its photo, people and the photo's renditions come
    with it, and its categories (the parents routing would have walked) in one query. The
    article itself still routes (a page that is not live is a 404). Its photo's renditions
    are read with those of its reading blocks' cards (ArticlePage.reading_cards).
    """
    depth = root.depth + len(path_components)
    # Both queries are compiled once per shape (news.queries).
    found = compiled(
        "article-at",
        (root.path,),
        lambda slug, depth, url_path: (
            ArticlePage.objects.filter(slug=slug, depth=depth, path__startswith=root.path, url_path=url_path)
            .select_related("hero_image", "editor", "photographer")
            .order_by()[:1]
        ),
        slug=path_components[-1],
        depth=depth,
        url_path=f"{root.url_path}{'/'.join(path_components)}/",
    )
    article = next(iter(found), None)
    if article is None:
        return None
    paths = [article.path[: Page.steplen * level] for level in range(root.depth + 1, depth)]
    parents = compiled(
        "article-categories",
        (),
        lambda paths: CategoryIndexPage.objects.filter(path__in=paths).order_by(),
        paths=paths,
    )
    categories = {page.path: page for page in parents}
    if len(categories) != len(paths):
        return None
    chain = [root, *(categories[path] for path in paths), article]
    for parent, child in zip(chain, chain[1:], strict=False):
        child._cached_parent_obj = parent
    return article


class CategoryIndexPage(PublicPageMixin, Page):
    """A news category (Nasional, Daerah, Siaran Pers, ...) or a province under Daerah."""

    intro = models.TextField(_("short description"), blank=True)
    press_releases = models.BooleanField(
        _("press releases"),
        default=False,
        help_text=_(
            "Articles here are press releases: they need a release number and a press contact "
            "before they are published."
        ),
    )

    parent_page_types = ["home.HomePage", "news.CategoryIndexPage"]
    subpage_types = ["news.ArticlePage", "news.CategoryIndexPage"]

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    settings_panels = [FieldPanel("press_releases"), *Page.settings_panels]

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def route(self, request, path_components):
        # Most children are articles: fetch one with what its page shows in a single query
        # instead of Wagtail's generic page-then-specific lookup.
        if len(path_components) == 1:
            article = (
                ArticlePage.objects.child_of(self)
                .select_related("hero_image", "editor", "photographer")
                .filter(slug=path_components[0])
                .first()
            )
            if article is not None:
                article._cached_parent_obj = self
                return article.route(request, [])
        return super().route(request, path_components)

    def get_articles(self):
        """Live public articles anywhere below this category (Daerah includes its provinces)."""
        return article_cards(listed_below(ArticlePage.objects.all(), self))

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        depends_on(category_tag(self.pk))  # the cached page lists this category's articles
        page_obj = listing_page(request, self.get_articles())
        # Read only when the list's cached fragment is missing (templates/includes/article_list.html).
        context["articles"] = SimpleLazyObject(lambda: attach_categories(page_obj.object_list))
        context["page_obj"] = page_obj
        context["subcategories"] = live_categories(depth=self.depth + 1, path__startswith=self.path)
        context["breadcrumbs"] = breadcrumbs(self)
        url = self.get_url(request)
        context["feeds"] = [feed_entry(self.title, f"{url}rss/", f"{url}atom/")]
        return context


PRESS_RELEASE_FIELDS = ("release_number", "press_contact", "attachments")
PUBLISHED_ONLY_FIELDS = ("corrections", "withdrawn_at", "withdrawal_reason")
# Child relations in which the same person or unit may appear only once.
UNIQUE_CREDITS = {
    "reporters": ("person", _("%(name)s is already credited as a reporter.")),
    "work_unit_links": ("unit", _("%(name)s is already one of the work units.")),
}


class ArticlePageForm(ReferenceCheckMixin, WagtailAdminPageForm):
    """Go-live times in WIB, and what a press release needs before it is published.

    A new article starts with the writer's own credit and unit (their person profile). The
    press-release fields are on the form only under a press-release category, the Ralat and
    the withdrawal only once the article has been published: their panels then hide
    themselves (a FieldPanel without its field is not shown), and a save cannot touch them.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        page = self.instance
        hidden = []
        if not self.is_press_release():
            hidden += PRESS_RELEASE_FIELDS
        if page.first_published_at is None:
            hidden += PUBLISHED_ONLY_FIELDS
        for name in hidden:
            self.fields.pop(name, None)
        if not self.is_bound and page.pk is None:
            self.prefill_credits()
        zone = page.time_zone if page.pk else TimeZone.WIB
        for name in ("go_live_at", "expire_at"):
            field = self.fields.get(name)
            if field is None:
                continue
            help_text = gettext("Entered in WIB (Asia/Jakarta).")
            value = getattr(page, name)
            if value and zone != TimeZone.WIB:
                help_text += " " + gettext("Now: %(time)s.") % {"time": schedule_text(value, zone)}
            field.help_text = help_text

    def is_press_release(self) -> bool:
        parent = self.parent_page
        if parent is None and self.instance.pk:
            parent = self.instance.get_parent()
        return bool(parent is not None and getattr(parent.specific, "press_releases", False))

    def prefill_credits(self) -> None:
        """The logged-in writer as reporter, and their unit as the originating unit."""
        user = self.for_user
        if user is None or not user.is_authenticated:
            return
        person = Person.objects.filter(user=user).select_related("work_unit").first()
        if person is None:
            return
        initial = {"reporters": {"person": person.pk}}
        if person.work_unit is not None and person.work_unit.is_active:
            initial["work_unit_links"] = {"unit": person.work_unit.pk}
        for relation, values in initial.items():
            formset = self.formsets.get(relation)
            if formset is not None and not formset.initial_form_count():
                # One extra form carrying the values (Wagtail otherwise renders none).
                formset.extra = 1
                formset.initial_extra = [values]

    def clean_unique_credits(self) -> None:
        """The same person twice as reporter, or the same unit twice, is refused."""
        for relation, (field, message) in UNIQUE_CREDITS.items():
            formset = self.formsets.get(relation)
            if formset is None:
                continue
            seen = set()
            for form in formset.forms:
                if not form.is_valid() or form.cleaned_data.get("DELETE"):
                    continue
                value = form.cleaned_data.get(field)
                if value is None:
                    continue
                if value.pk in seen:
                    error = message % {"name": value}
                    form.add_error(field, error)
                    self.add_error(None, error)
                seen.add(value.pk)

    def clean(self):
        cleaned_data = super().clean()
        self.clean_unique_credits()
        # Drafts may be incomplete; submitting or publishing needs the release details.
        if self.is_deferred_validation or not self.is_press_release():
            return cleaned_data
        problems = release_problems(cleaned_data.get("release_number"), cleaned_data.get("press_contact"))
        for field, message in problems.items():
            self.add_error(field, message)
        return cleaned_data


def release_problems(release_number: str | None, contact) -> dict[str, str]:
    """What a press release lacks before it may be submitted or go live, by field."""
    problems = {}
    if not (release_number or "").strip():
        problems["release_number"] = _("A press release needs its release number.")
    if contact is None:
        problems["press_contact"] = _("A press release needs a press contact.")
    elif not (contact.phone and contact.email):
        problems["press_contact"] = _(
            "The press contact needs a phone number and an email address (edit the person first)."
        )
    return problems


class ArticlePage(PublicPageMixin, Page):
    """A news article or press release."""

    lead = models.TextField(
        _("lead"), help_text=_("One or two sentences: shown in listings, feeds and search results.")
    )
    dateline = models.CharField(
        _("dateline place"),
        max_length=100,
        blank=True,
        help_text=_("Where the news comes from, e.g. “Jakarta”. Empty: the originating unit's city."),
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Shown to readers. Empty: the time of first publication. Set it for backdated items."),
    )
    # The tree path while readers may list the article (live, not withdrawn), else NULL: kept
    # by news.listing so that listings walk the published-date index alone.
    listed_path = models.CharField(max_length=255, null=True, blank=True, editable=False)  # noqa: DJ001 - NULL: not listed
    hero_image = models.ForeignKey(
        get_image_model(),
        verbose_name=_("main photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_caption = models.CharField(
        _("caption"), max_length=500, blank=True, help_text=_("Empty: the photo's own caption.")
    )
    body = StreamField(ArticleBodyBlock(), verbose_name=_("body"))
    editor = models.ForeignKey(
        Person,
        verbose_name=_("editor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="edited_articles",
    )
    photographer = models.ForeignKey(
        Person,
        verbose_name=_("photographer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photographed_articles",
    )
    service_areas = ParentalManyToManyField(
        ServiceArea, verbose_name=_("service areas"), blank=True, related_name="articles"
    )
    tags = ClusterTaggableManager(through=ArticleTag, blank=True, verbose_name=_("tags"))
    corrections = StreamField(
        [("correction", CorrectionBlock())],
        verbose_name=_("corrections (Ralat)"),
        blank=True,
        help_text=_("A dated note for each correction made after publication. Republish to show it."),
    )
    withdrawn_at = models.DateTimeField(
        _("withdrawn at"),
        null=True,
        blank=True,
        help_text=_("Withdraws a published article: its address stays with a notice; it leaves every list."),
    )
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    # “<Category> Lainnya” and “Berita Lainnya” as article ids, {"more": [...], "related": [...]},
    # chosen when the article is published (news.related); None until then (old rows).
    reading_lists = models.JSONField(null=True, blank=True, editable=False)
    release_number = models.CharField(
        _("release number"),
        max_length=100,
        blank=True,
        help_text=_("Press releases: the number given by Humas, e.g. “123/Humas/XI/2026”."),
    )
    press_contact = models.ForeignKey(
        Person,
        verbose_name=_("press contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="press_releases",
        help_text=_("Press releases: the Humas person journalists can call (with phone and email)."),
    )
    attachments = StreamField(
        [("attachment", PdfAttachmentBlock())],
        verbose_name=_("attachments"),
        blank=True,
        help_text=_("PDF files listed below the article, e.g. the signed release."),
    )

    base_form_class = ArticlePageForm
    exclude_fields_in_copy = ["reading_lists"]
    parent_page_types = ["news.CategoryIndexPage"]
    subpage_types = []

    content_panels = [
        *Page.content_panels,
        FieldPanel("lead"),
        FieldPanel("dateline"),
        MultiFieldPanel(
            [FieldPanel("hero_image"), FieldPanel("hero_caption")],
            heading=_("Main photo"),
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("editor"),
                InlinePanel("reporters", label=_("Reporter"), heading=_("Reporters")),
                FieldPanel("photographer"),
            ],
            heading=_("Credits"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("service_areas", widget=forms.CheckboxSelectMultiple),
                InlinePanel(
                    "work_unit_links",
                    label=_("Work unit"),
                    heading=_("Work units (the first is the originating unit)"),
                    min_num=0,
                ),
                FieldPanel("tags"),
            ],
            heading=_("Classification"),
        ),
        InlinePanel("related_links", label=_("Related article"), heading=_("Berita Lainnya (curated)")),
        MultiFieldPanel(
            [FieldPanel("release_number"), FieldPanel("press_contact"), FieldPanel("attachments")],
            heading=_("Press release"),
            help_text=_(
                "The embargo is the go-live time under “Settings”: until then the release is nowhere "
                "on the site. Journalists can read it earlier through a preview link."
            ),
        ),
        FieldPanel("corrections"),
    ]
    settings_panels = [
        FieldPanel("published_at"),
        *Page.settings_panels,
        MultiFieldPanel(
            [FieldPanel("withdrawn_at"), FieldPanel("withdrawal_reason")], heading=_("Withdrawal")
        ),
    ]

    api_fields = [
        APIField("lead"),
        APIField("dateline"),
        APIField("published_at"),
        APIField("last_published_at"),
        APIField("hero_image", serializer=ImageRenditionField("width-1200|format-jpeg")),
        APIField("hero_caption"),
        APIField("body"),
        APIField("release_number"),
        APIField("corrections"),
        APIField("tags"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("title", boost=10),
        index.SearchField("lead", boost=3),
        index.SearchField("body"),
        index.SearchField("dateline"),
        index.SearchField("hero_caption"),
        index.RelatedFields("hero_image", [index.SearchField("caption"), index.SearchField("credit")]),
        index.RelatedFields("editor", [index.SearchField("name")]),
        index.RelatedFields("photographer", [index.SearchField("name")]),
        index.RelatedFields("reporters", [index.RelatedFields("person", [index.SearchField("name")])]),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.RelatedFields("service_areas", [index.SearchField("name", boost=2)]),
        index.RelatedFields("work_unit_links", [index.RelatedFields("unit", [index.SearchField("name")])]),
        index.FilterField("published_at"),
        index.FilterField("withdrawn_at"),
    ]

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        indexes = [
            # Listings walk it newest first and check the path without reading the page table.
            models.Index(fields=["-published_at", "-page_ptr", "listed_path"], name="article_listed_idx")
        ]

    def save(self, *args, **kwargs):
        if self.published_at is None and self.first_published_at is not None:
            self.published_at = self.first_published_at
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.withdrawn_at and not self.withdrawal_reason.strip():
            raise ValidationError({"withdrawal_reason": _("Say why the article is withdrawn.")})
        if self.hero_image_id and not self.hero_image.alt_text.strip():
            raise ValidationError(
                {
                    "hero_image": _(
                        "This photo has no alt text. Add it to the photo in the image library first."
                    )
                }
            )

    # -- what readers see -------------------------------------------------

    @property
    def display_date(self):
        return self.published_at or self.first_published_at or self.latest_revision_created_at

    def serve(self, request, *args, **kwargs):
        if self.withdrawn_at:
            # The address stays, with a notice: "Gone" tells search engines to drop it.
            context = self.get_context(request, *args, **kwargs)
            return TemplateResponse(request, "news/article_withdrawn.html", context, status=410)
        return super().serve(request, *args, **kwargs)

    @property
    def updated_at(self):
        """The last republication, when it came later than the first publication."""
        first, last = self.first_published_at, self.last_published_at
        if first and last and (last - first).total_seconds() > 60:
            return last
        return None

    @cached_property
    def ordered_work_units(self) -> list[WorkUnit]:
        units = {}
        for link in self.work_unit_links.select_related("unit").order_by("sort_order", "pk"):
            units.setdefault(link.unit_id, link.unit)
        return list(units.values())

    @property
    def originating_unit(self) -> WorkUnit | None:
        units = self.ordered_work_units
        return units[0] if units else None

    @property
    def time_zone(self) -> str:
        unit = self.originating_unit
        return unit.time_zone if unit else TimeZone.WIB

    @property
    def dateline_place(self) -> str:
        if self.dateline:
            return self.dateline
        unit = self.originating_unit
        return unit.dateline_city if unit else ""

    @property
    def caption(self) -> str:
        if self.hero_caption:
            return self.hero_caption
        return self.hero_image.caption if self.hero_image else ""

    def get_breadcrumbs(self) -> list[Page]:
        return breadcrumbs(self)

    def chosen_reading_ids(self, area_ids, unit_ids, tag_ids, limit: int = RELATED_LIMIT):
        """“<Category> Lainnya” and “Berita Lainnya” chosen now (a preview, an article without
        stored lists), as ids: cached until the category or one of the terms gets news."""
        from .caching import reading_tags

        return cached(
            "reading",
            (self.pk,),
            lambda: self.reading_block_ids(area_ids, unit_ids, tag_ids, limit),
            tags=reading_tags(self, area_ids, unit_ids, tag_ids),
        )

    def reading_cards(
        self, more_ids, related_ids, ranked_ids, ranked_limit: int, logo=None, limit: int = RELATED_LIMIT
    ):
        """The cards of both reading blocks, and those of “Terpopuler” by id, from their ids.

        An article that has since left the public lists (unpublished, withdrawn, made private)
        has no card and drops out; a few spare ids fill its place. The blocks never repeat an
        article nor show this one. The candidates are read as rows in one query (`card_rows`),
        only the shown ones become pages, and their photos' renditions, this article's own
        photo's and the site emblem's (`logo`) come in one more query. The blocks' cards show
        no category; “Terpopuler”'s carry theirs (`card_category`, news.popular.most_read).
        """
        rows = card_rows({*more_ids, *related_ids, *ranked_ids})
        more = [pk for pk in more_ids if pk in rows and pk != self.pk][:limit]
        shown = {self.pk, *more}
        related = [pk for pk in related_ids if pk in rows and pk not in shown][:limit]
        ranked = [pk for pk in ranked_ids if pk in rows][:ranked_limit]
        db = self._state.db or "default"
        cards = {pk: card_from_row(rows[pk], db) for pk in dict.fromkeys([*more, *related, *ranked])}
        for card in cards.values():
            # Say there is no category, rather than have the template look the attribute up
            # and fail (a failed lookup costs a dir() of the page, 0.3 ms a card).
            card.category = None
        wanted = [(card.hero_image, CARD_SPECS) for card in cards.values()]
        if self.hero_image is not None and not has_read_renditions(self.hero_image):
            wanted.append((self.hero_image, (*HERO_SPECS, *SOCIAL_IMAGE_SPECS)))
        if logo is not None and not has_read_renditions(logo):
            wanted.append((logo, BRAND_SPECS))  # the site's emblem (news.branding), in the same query
        prefetch_renditions(wanted)
        return [cards[pk] for pk in more], [cards[pk] for pk in related], {pk: cards[pk] for pk in ranked}

    def reading_block_ids(self, area_ids, unit_ids, tag_ids, limit: int) -> tuple[list[int], list[int]]:
        """More from the category: the latest live articles beside this one. Other news: the
        curated items in their order, then, among the newest articles sharing a service area,
        work unit or tag, those sharing the most (scored in the database), then the latest news,
        never repeating one.

        Only the newest RELATED_CANDIDATES sharing articles are scored, so the cost stays flat
        however large the archive grows.
        """
        public = published()
        parent_path = self.path[: -self.steplen]
        more_ids = list(
            public.filter(path__startswith=parent_path, depth=self.depth)
            .exclude(pk=self.pk)
            .order_by("-published_at", "-pk")
            .values_list("pk", flat=True)[:limit]
        )
        curated_ids = list(
            public.filter(related_from__source_id=self.pk)
            .exclude(pk__in=[self.pk, *more_ids])
            .order_by("related_from__sort_order", "related_from__pk")
            .values_list("pk", flat=True)[:limit]
        )
        related_ids = list(dict.fromkeys(curated_ids))
        if len(related_ids) < limit and (area_ids or unit_ids or tag_ids):
            candidates = list(
                public.filter(self.sharing_q(area_ids, unit_ids, tag_ids))
                .exclude(pk__in=[self.pk, *more_ids, *related_ids])
                .order_by("-published_at", "-pk")
                .values_list("pk", flat=True)[:RELATED_CANDIDATES]
            )
            related_ids += list(
                ArticlePage.objects.filter(pk__in=candidates)
                .annotate(score=self.shared_terms_score(area_ids, unit_ids, tag_ids))
                .order_by("-score", "-published_at", "-pk")
                .values_list("pk", flat=True)[: limit - len(related_ids)]
            )
        if len(related_ids) < limit:
            # Nothing curated or shared enough: the latest news, so the block is never empty.
            depends_on("news")
            related_ids += list(
                public.exclude(pk__in=[self.pk, *more_ids, *related_ids])
                .order_by("-published_at", "-pk")
                .values_list("pk", flat=True)[: limit - len(related_ids)]
            )
        return more_ids, related_ids

    @staticmethod
    def sharing_q(area_ids, unit_ids, tag_ids) -> Q:
        """Articles that share at least one service area, work unit or tag."""
        through = ArticlePage.service_areas.through
        return (
            Q(pk__in=through.objects.filter(servicearea__in=area_ids).values("articlepage"))
            | Q(pk__in=ArticleWorkUnit.objects.filter(unit__in=unit_ids).values("page"))
            | Q(pk__in=ArticleTag.objects.filter(tag__in=tag_ids).values("content_object"))
        )

    @staticmethod
    def shared_terms_score(area_ids, unit_ids, tag_ids):
        """How many of the given terms an article carries, as a database expression."""

        def shared(model, article_field: str, term_field: str, term_ids):
            counts = (
                model.objects.filter(**{article_field: OuterRef("pk"), f"{term_field}__in": term_ids})
                .values(article_field)
                .annotate(n=Count("pk"))
                .values("n")
            )
            return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))

        return (
            shared(ArticlePage.service_areas.through, "articlepage", "servicearea", area_ids)
            + shared(ArticleWorkUnit, "page", "unit", unit_ids)
            + shared(ArticleTag, "content_object", "tag", tag_ids)
        )

    def get_context(self, request, *args, **kwargs):
        """The page's context, computed only as the template asks for it.

        Readers get the whole page from the response cache (news.caching) until something it
        shows changes; a miss reads only what the template asks for.
        """
        context = super().get_context(request, *args, **kwargs)
        breadcrumbs = self.get_breadcrumbs()
        site_settings = apps.get_model("home", "SiteSettings").for_request(request)
        extras = ArticleExtras(self, request, breadcrumbs, site_settings)
        extras.terms  # noqa: B018 - read now: the dateline and the template ask for the work units
        extras.cards  # noqa: B018 - read now: with them the emblem's renditions the <head> shows

        def lazy(name: str):
            return SimpleLazyObject(lambda: getattr(extras, name))

        context.update(
            {
                "social_image": lazy("social_image"),
                "feeds": [
                    feed_entry(
                        breadcrumbs[-1].title,
                        f"{breadcrumbs[-1].get_url(request)}rss/",
                        f"{breadcrumbs[-1].get_url(request)}atom/",
                    )
                ]
                if len(breadcrumbs) > 1
                else [],
                "structured_data": lazy("structured_data"),
                "dateline_text": lazy("dateline_text"),
                "breadcrumbs": breadcrumbs,
                "category": breadcrumbs[-1] if len(breadcrumbs) > 1 else None,
                "more_from_category": lazy("more_from_category"),
                "related_articles": lazy("related_articles"),
                "most_read": lazy("most_read"),
                "reporters": lazy("reporters"),
                "corrections": lazy("corrections"),
                "tags": lazy("tags"),
                "service_area_list": lazy("service_areas"),
            }
        )
        preview_link = getattr(request, "preview_link", None)
        if preview_link is not None:
            context["preview_link"] = preview_link
            context["embargo_text"] = schedule_text(self.go_live_at, self.time_zone, long=True)
        return context

    def structured_data(
        self, request, site_settings, breadcrumbs, reporters, tags, areas, images
    ) -> list[dict]:
        """schema.org NewsArticle and BreadcrumbList for search engines."""
        url = self.get_full_url(request)
        absolute = request.build_absolute_uri
        published = timezone.localtime(self.display_date)
        logo = brand_images(site_settings)["logo"]
        article = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title,
            "description": self.lead,
            "url": url,
            "mainEntityOfPage": {"@type": "WebPage", "@id": url},
            "datePublished": published.isoformat(),
            "dateModified": timezone.localtime(self.updated_at or published).isoformat(),
            "isAccessibleForFree": True,
            "inLanguage": "id",
            "publisher": {
                "@type": "GovernmentOrganization",
                "name": site_settings.site_name,
                "url": absolute("/"),
                "logo": {
                    "@type": "ImageObject",
                    "url": absolute(logo["url"]),
                    "width": logo["width"],
                    "height": logo["height"],
                },
            },
        }
        if images:
            # The crops' real sizes: a photo smaller than a crop gives a smaller one (Wagtail
            # does not enlarge), so "1200x1200" of a 1600×900 photo is 900×900.
            article["image"] = [
                {
                    "@type": "ImageObject",
                    "url": absolute(images[spec].url),
                    "width": images[spec].width,
                    "height": images[spec].height,
                }
                for spec in SOCIAL_IMAGE_SPECS[1:]
            ]
        if reporters:
            article["author"] = [{"@type": "Person", "name": person.name} for person in reporters]
        elif self.editor:
            article["author"] = [{"@type": "Person", "name": self.editor.name}]
        else:
            article["author"] = [{"@type": "GovernmentOrganization", "name": site_settings.site_name}]
        if self.editor:
            article["editor"] = {"@type": "Person", "name": self.editor.name}
        if self.dateline_place:
            article["dateline"] = self.dateline_place
        if len(breadcrumbs) > 1:
            article["articleSection"] = breadcrumbs[-1].title
        keywords = [area.name for area in areas] + [tag.name for tag in tags]
        if keywords:
            article["keywords"] = keywords
        trail = [*breadcrumbs, self]
        crumbs = {
            "@context": "https://schema.org",
            "@type": "BreadcrumbList",
            "itemListElement": [
                {
                    "@type": "ListItem",
                    "position": position,
                    "name": page.title if page.depth > 2 else gettext("Home"),
                    "item": page.get_full_url(request),
                }
                for position, page in enumerate(trail, start=1)
            ],
        }
        return [article, crumbs]

    @property
    def newsroom_status(self) -> str:
        """“Ditarik”, “Tayang · Ralat”, “Dalam review: Review Redaktur”… (see news/status.py)."""
        return status_label(self)

    @property
    def status_string(self) -> str:
        # Wagtail shows this in its listings, the dashboard and reports.
        return self.newsroom_status


# What an article page shows of each of its terms: (kind, model, the link model, the link's
# field to the article, its field to the term, the link order, the term's fields read).
ARTICLE_TERMS = (
    ("tag", "taggit.Tag", "news.ArticleTag", "content_object", "tag", ("pk",), ("name", "slug")),
    (
        "area",
        "news.ServiceArea",
        "news.ArticlePage_service_areas",
        "articlepage",
        "servicearea",
        ("servicearea__sort_order", "servicearea__name"),
        ("name", "slug"),
    ),
    (
        "unit",
        "news.WorkUnit",
        "news.ArticleWorkUnit",
        "page",
        "unit",
        ("sort_order", "pk"),
        ("name", "slug", "dateline_city", "time_zone"),
    ),
    ("person", "news.Person", "news.ArticleReporter", "page", "person", ("sort_order", "pk"), ("name",)),
)
TERM_COLUMNS = ("name", "slug", "dateline_city", "time_zone")


def terms_union(page_id: int):
    """The query of `article_terms`: a UNION ALL of the four link tables, each part ranked in
    its own order."""
    parts = []
    for kind, _model, link, article, term, order, fields in ARTICLE_TERMS:
        columns = {
            column: F(f"{term}__{column}") if column in fields else Value("", output_field=CharField())
            for column in TERM_COLUMNS
        }
        parts.append(
            apps.get_model(link)
            ._default_manager.filter(**{f"{article}_id": page_id})
            .order_by()
            .annotate(
                term_kind=Value(kind, output_field=CharField()),
                term_rank=Window(RowNumber(), order_by=[F(field).asc() for field in order]),
                term_id=F(f"{term}_id"),
                **{f"term_{column}": value for column, value in columns.items()},
            )
            .values_list("term_kind", "term_rank", "term_id", *(f"term_{column}" for column in TERM_COLUMNS))
        )
    return parts[0].union(*parts[1:], all=True)


# The SQL of `terms_union` per database alias, compiled once: it differs only in the article
# id, and compiling it costs more than running it. A sentinel id marks where the id goes.
_TERMS_SQL: dict[str, tuple[str, list, list[int]]] = {}
_TERMS_SENTINEL = -7_654_321


def terms_sql(alias: str) -> tuple[str, list, list[int]]:
    if alias not in _TERMS_SQL:
        query = terms_union(_TERMS_SENTINEL).query
        sql, params = query.get_compiler(using=alias).as_sql()
        slots = [index for index, value in enumerate(params) if value == _TERMS_SENTINEL]
        if len(slots) != len(ARTICLE_TERMS):
            raise RuntimeError("article_terms: the article id is not where it was expected in the query")
        _TERMS_SQL[alias] = (sql, list(params), slots)
    return _TERMS_SQL[alias]


def article_terms(page_id: int) -> dict[str, list]:
    """The tags, service areas, work units and reporters of an article, each in its order and
    once, in one query. The terms carry only the fields the article page shows; any other
    field is read when asked for, as for `.only()`."""
    db = router.db_for_read(ArticlePage)
    sql, params, slots = terms_sql(db)
    params = list(params)
    for slot in slots:
        params[slot] = page_id
    with connections[db].cursor() as cursor:
        cursor.execute(sql, params)
        rows = sorted(cursor.fetchall(), key=lambda row: (row[0], row[1]))
    terms = {}
    for kind, model_name, _link, _article, _term, _order, fields in ARTICLE_TERMS:
        model = apps.get_model(model_name)
        names = [model._meta.pk.attname, *fields]
        found = {}
        for row_kind, _rank, pk, *values in rows:
            if row_kind == kind and pk not in found:
                read = dict(zip(TERM_COLUMNS, values, strict=True))
                found[pk] = model.from_db(db, names, [pk, *(read[field] for field in fields)])
        terms[kind] = list(found.values())
    return terms


class ArticleExtras:
    """What an article page shows beyond its own fields, each read once and only when needed."""

    def __init__(self, page: ArticlePage, request, breadcrumbs, site_settings):
        self.page, self.request, self.breadcrumbs, self.site_settings = (
            page,
            request,
            breadcrumbs,
            site_settings,
        )

    @cached_property
    def terms(self) -> dict[str, list] | None:
        """Tags, service areas, work units and reporters of a live article, in one query.

        None in a preview: the revision's own (unsaved) terms are read from the page then.
        """
        if getattr(self.request, "is_preview", False):
            return None
        terms = article_terms(self.page.pk)
        self.page.__dict__["ordered_work_units"] = terms["unit"]
        return terms

    @cached_property
    def tags(self) -> list:
        if self.terms is not None:
            return self.terms["tag"]
        return list(self.page.tags.all())

    @cached_property
    def service_areas(self) -> list:
        if self.terms is not None:
            return self.terms["area"]
        return list(self.page.service_areas.all())

    @cached_property
    def reading_ids(self) -> tuple[list[int], list[int]]:
        """The ids stored at publication (news.related), or chosen now in a preview."""
        stored = self.page.reading_lists
        if stored is not None and not getattr(self.request, "is_preview", False):
            return stored.get("more", []), stored.get("related", [])
        return self.page.chosen_reading_ids(
            area_ids=[area.pk for area in self.service_areas],
            unit_ids=[unit.pk for unit in self.page.ordered_work_units],
            tag_ids=[tag.pk for tag in self.tags],
        )

    @cached_property
    def cards(self) -> tuple[list, list, dict]:
        """The cards of both reading blocks and of “Terpopuler” (news.popular), read together."""
        from .popular import MOST_READ_LIMIT, SIDEBAR_PERIOD, shown_ids

        more_ids, related_ids = self.reading_ids
        ranked_ids = shown_ids(SIDEBAR_PERIOD, request=self.request)
        logo = getattr(self.site_settings, "logo", None)
        return self.page.reading_cards(more_ids, related_ids, ranked_ids, MOST_READ_LIMIT, logo)

    @cached_property
    def reading_blocks(self) -> tuple[list, list]:
        return self.cards[0], self.cards[1]

    @cached_property
    def most_read(self) -> list:
        from .popular import SIDEBAR_PERIOD, most_read

        return most_read(SIDEBAR_PERIOD, request=self.request, cards=self.cards[2])

    @cached_property
    def more_from_category(self) -> list:
        return self.reading_blocks[0]

    @cached_property
    def related_articles(self) -> list:
        return self.reading_blocks[1]

    @cached_property
    def reporters(self) -> list:
        if self.terms is not None:
            return self.terms["person"]
        links = self.page.reporters.select_related("person").order_by("sort_order", "pk")
        # Credited once each, even on articles saved before duplicates were refused.
        return list({link.person_id: link.person for link in links}.values())

    @cached_property
    def corrections(self) -> list:
        return sorted((block.value for block in self.page.corrections), key=lambda c: c["date"])

    @cached_property
    def social_images(self) -> dict:
        image = self.page.hero_image
        if image is None or getattr(self.request, "is_preview", False):
            # Share images matter to crawlers only; four new crops would slow an editor's preview.
            return {}
        self.reading_blocks  # noqa: B018 - reads the photo's renditions with the cards' ones
        return renditions(image, SOCIAL_IMAGE_SPECS)

    @cached_property
    def social_image(self):
        return self.social_images.get(SOCIAL_IMAGE_SPECS[0])

    @cached_property
    def dateline_text(self) -> str:
        place = self.page.dateline_place
        return f"{place} ({self.site_settings.short_name}) —" if place else ""

    @cached_property
    def structured_data(self) -> list[dict]:
        return self.page.structured_data(
            self.request,
            self.site_settings,
            self.breadcrumbs,
            self.reporters,
            self.tags,
            self.service_areas,
            self.social_images,
        )


class ArticleReporter(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="reporters")
    person = models.ForeignKey(Person, verbose_name=_("reporter"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("person")]

    class Meta(Orderable.Meta):
        verbose_name = _("reporter")
        verbose_name_plural = _("reporters")


class ArticleWorkUnit(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="work_unit_links")
    # news.usage refuses to delete a unit that any article uses. CASCADE, not PROTECT: an old
    # revision that names a unit deleted since is then opened without it (django-modelcluster
    # cannot rebuild a revision whose PROTECT-ed target is gone).
    unit = models.ForeignKey(
        WorkUnit, verbose_name=_("work unit"), on_delete=models.CASCADE, related_name="article_links"
    )

    panels = [FieldPanel("unit")]

    class Meta(Orderable.Meta):
        verbose_name = _("work unit")
        verbose_name_plural = _("work units")


class ArticleRelatedPage(Orderable):
    source = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_links")
    page = models.ForeignKey(
        ArticlePage, verbose_name=_("article"), on_delete=models.CASCADE, related_name="related_from"
    )

    panels = [PageChooserPanel("page", page_type="news.ArticlePage")]

    class Meta(Orderable.Meta):
        verbose_name = _("related article")
        verbose_name_plural = _("related articles")


class ArticleViewCount(models.Model):
    """How often readers opened an article in one hour (news.popular counts, the scheduler
    writes these in batches): the source of “Terpopuler” and of the admin's read counts."""

    article = models.ForeignKey(
        ArticlePage, verbose_name=_("article"), on_delete=models.CASCADE, related_name="view_counts"
    )
    hour = models.DateTimeField(_("hour"))
    views = models.PositiveIntegerField(_("views"), default=0)

    class Meta:
        verbose_name = _("article view count")
        verbose_name_plural = _("article view counts")
        constraints = [models.UniqueConstraint(fields=["article", "hour"], name="unique_article_view_hour")]
        # The most-read query reads only the buckets of its window, from this index alone.
        indexes = [models.Index(fields=["hour", "article", "views"], name="article_views_by_hour")]

    def __str__(self) -> str:
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H:00}: {self.views}"


class MostReadRanking(models.Model):
    """“Terpopuler” of one period as the scheduler last ranked it (news.popular.store_rankings):
    the most-read article ids, most read first, so that a page shows it without ranking."""

    period = models.CharField(_("period"), max_length=8, unique=True)
    article_ids = models.JSONField(_("articles"), default=list)
    ranked_at = models.DateTimeField(_("ranked at"))

    class Meta:
        verbose_name = _("most-read ranking")
        verbose_name_plural = _("most-read rankings")

    def __str__(self) -> str:
        return f"{self.period} @ {self.ranked_at:%Y-%m-%d %H:%M}: {self.article_ids}"


def new_preview_token() -> str:
    return secrets.token_urlsafe(32)


class PreviewLink(models.Model):
    """A secret address where journalists read a release before its embargo ends.

    Only a release that passed its final approval and waits for its go-live time (scheduled)
    is shown, and only in that approved version: a draft or a release still in review is not
    the ministry's word yet. The link stops working when an editor revokes it, while the
    schedule is cancelled, and for good once the article is published.
    """

    page = models.ForeignKey(
        ArticlePage, verbose_name=_("article"), on_delete=models.CASCADE, related_name="preview_links"
    )
    token = models.CharField(max_length=64, unique=True, default=new_preview_token, editable=False)
    label = models.CharField(
        _("given to"), max_length=255, help_text=_("Who receives the link, e.g. “Media partners”.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("preview link")
        verbose_name_plural = _("preview links")

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("preview_link", args=[self.token])

    @property
    def is_usable(self) -> bool:
        """Not revoked, the article scheduled and not published since the link was made."""
        page = self.page
        published_since = page.last_published_at is not None and page.last_published_at >= self.created_at
        if self.revoked_at is not None or page.live or published_since:
            return False
        return page.scheduled_revision is not None


# ---------------------------------------------------------------------------
# Review
# ---------------------------------------------------------------------------

ADMIN_GROUP = "Admin"
REDAKTUR_GROUP = "Redaktur"


def is_newsroom_admin(user) -> bool:
    return user.is_superuser or user.groups.filter(name=ADMIN_GROUP).exists()


def submitter_of(page) -> int | None:
    """The user who sent the page into review (the four-eyes rule keeps them from approving)."""
    state = page.current_workflow_state
    return state.requested_by_id if state else None


class FourEyesApprovalTask(AbstractGroupApprovalTask):
    """Group approval with four eyes on every article.

    Nobody approves an article they submitted, and whoever approved an earlier step does
    not approve a later one (news.workflow). Approving by a Redaktur fills an empty
    "Editor" credit with their person profile.
    """

    class Meta:
        verbose_name = _("four-eyes approval task")
        verbose_name_plural = _("four-eyes approval tasks")

    @staticmethod
    def editable_roots(user) -> list[str]:
        """Tree paths below which the user may change pages (their newsroom or office)."""
        rights = GroupPagePermission.objects.filter(group__user=user, permission__codename="change_page")
        return list(rights.values_list("page__path", flat=True))

    def may_review(self, obj, user) -> bool:
        """Reviewers act only on pages they may edit: a regional Redaktur on their own office."""
        if user.is_superuser:
            return True
        return self._user_in_groups(user) and any(
            obj.path.startswith(root) for root in self.editable_roots(user)
        )

    def user_can_access_editor(self, obj, user):
        return self.may_review(obj, user)

    def locked_for_user(self, obj, user):
        return not self.may_review(obj, user)

    def user_can_lock(self, obj, user):
        # Wagtail lets every member of the task's groups lock any page in this step: a regional
        # Redaktur would lock the centre's and other offices' articles.
        return self.may_review(obj, user)

    def start(self, workflow_state, user=None):
        # A step starts only once the steps before it are approved: an article whose content
        # changed while it waited for changes resumes at the first step, not where it was rejected.
        due = workflow_state.get_next_task()
        if due is not None and due.pk != self.pk:
            return due.specific.start(workflow_state, user=user)
        return super().start(workflow_state, user=user)

    def get_actions(self, obj, user):
        if not self.may_review(obj, user):
            return []
        workflow_state = obj.current_workflow_state
        changes = ("reject", pgettext_lazy("review action", "Request changes"), True)
        if four_eyes_forbid(workflow_state, self, user):
            return [changes]
        if workflow_state is not None and is_final_task(workflow_state, self):
            if obj.go_live_at and obj.go_live_at > timezone.now():
                approve = pgettext_lazy("review action", "Schedule")
                with_comment = pgettext_lazy("review action", "Schedule with comment")
            else:
                approve = pgettext_lazy("review action", "Publish")
                with_comment = pgettext_lazy("review action", "Publish with comment")
        else:
            approve = pgettext_lazy("review action", "Approve")
            with_comment = pgettext_lazy("review action", "Approve with comment")
        return [("approve", approve, False), ("approve", with_comment, True), changes]

    def get_task_states_user_can_moderate(self, user, **kwargs):
        states = super().get_task_states_user_can_moderate(user, **kwargs)
        if user.is_superuser:
            return states
        editable = Q(pk__in=[])
        for root in self.editable_roots(user):
            editable |= Q(path__startswith=root)
        page_ids = [str(pk) for pk in Page.objects.filter(editable).values_list("pk", flat=True)]
        return states.filter(workflow_state__object_id__in=page_ids)

    def on_action(self, task_state, user, action_name, **kwargs):
        if not self.may_review(task_state.workflow_state.content_object, user):
            raise PermissionDenied
        if action_name == "approve":
            if four_eyes_forbid(task_state.workflow_state, self, user):
                raise PermissionDenied
            self.credit_editor(task_state, user)
        return super().on_action(task_state, user, action_name, **kwargs)

    @staticmethod
    def credit_editor(task_state, user) -> None:
        # The latest revision is the one the workflow publishes.
        revision = task_state.workflow_state.content_object.get_latest_revision()
        person = Person.objects.filter(user=user).first()
        in_redaktur = user.groups.filter(name__startswith=REDAKTUR_GROUP).exists()
        if revision is None or person is None or not in_redaktur or revision.content.get("editor"):
            return
        revision.content["editor"] = person.pk
        revision.save(update_fields=["content"])
