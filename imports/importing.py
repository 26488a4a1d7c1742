"""What the archive and feed imports share: lookups, people, photos, slugs and page writes."""

from __future__ import annotations

import hashlib
import io
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile
from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.text import slugify
from modelsearch.backends import get_search_backends_with_name
from PIL import Image as PILImage
from taggit.models import Tag
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex, Site
from wagtail.signal_handlers import disable_reference_index_auto_update

from news.models import ArticlePage, ArticleReporter, ArticleWorkUnit, CategoryIndexPage, Person

logger = logging.getLogger(__name__)

IMAGE_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}
# Fields a line fills, checked (lengths, choices) before anything is written.
CHECKED = {"title", "seo_title", "search_description", "lead", "dateline", "hero_caption"}
SLUG_LENGTH = 80


class LineError(Exception):
    """Why one line or feed item cannot be imported; the rest of the run goes on."""


@dataclass
class ItemResult:
    """The outcome of one line or feed item, as the command reports it."""

    number: int
    source_id: str = ""
    action: str = "failed"  # created, updated, skipped or failed
    reason: str = ""
    warnings: list[str] = field(default_factory=list)
    page: ArticlePage | None = None


@dataclass
class Photo:
    """A checked image file, not yet stored."""

    data: bytes
    name: str
    alt: str = ""
    caption: str = ""
    credit: str = ""

    @property
    def file_hash(self) -> str:
        # Wagtail's own file hash (wagtail.utils.file.hash_filelike) is a SHA-1 of the contents.
        return hashlib.sha1(self.data).hexdigest()  # noqa: S324 - a content fingerprint, not security


def check_image(data: bytes, name: str) -> None:
    """Refuse what Pillow cannot read or the image library would not take."""
    limit = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", None)
    if limit and len(data) > limit:
        raise LineError(f"image {name} is larger than {limit // (1024 * 1024)} MB")
    try:
        with PILImage.open(io.BytesIO(data)) as image:
            image_format = image.format
            image.verify()
    except Exception as error:  # Pillow raises many kinds for broken files
        raise LineError(f"image {name} is not a readable image ({error.__class__.__name__})") from error
    if image_format not in IMAGE_FORMATS:
        raise LineError(f"image {name} is {image_format}; use JPEG, PNG, GIF or WebP")


def validation_message(error: ValidationError) -> str:
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(str(m) for m in messages)}" for name, messages in error.message_dict.items()
        )
    return " ".join(str(message) for message in error.messages)


@contextmanager
def search_index_paused() -> Iterator[None]:
    """Keep the search index untouched (a dry run must not reach a search server)."""
    from modelsearch import index
    from modelsearch.signal_handlers import post_delete_signal_handler, post_save_signal_handler

    models = [model for model in index.get_indexed_models() if getattr(model, "search_auto_update", True)]
    for model in models:
        post_save.disconnect(post_save_signal_handler, sender=model)
        post_delete.disconnect(post_delete_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in models:
            post_save.connect(post_save_signal_handler, sender=model)
            post_delete.connect(post_delete_signal_handler, sender=model)


class ArticleWriter:
    """Creates and updates articles the way an editor's save and publish do.

    Lookups are cached for the whole run. Objects made while importing one item (people,
    tags, photos) enter the caches only when that item succeeds, so a rolled-back item
    leaves no stale entry behind.

    Inside `deferred_indexing()` the search index and the reference index are not written on
    each of the several saves that creating and publishing a page makes: the pages (and the
    people and photos) of the items that succeeded are collected, and `flush_index()` writes
    their entries in bulk. Call it inside the transaction that commits those items, so the
    entries are committed (or rolled back) with the pages.
    """

    def __init__(self, *, dry_run: bool = False):
        self.dry_run = dry_run
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            raise LookupError("No default site: run `manage.py migrate` and set up the site first.")
        self.root = site.root_page
        self.categories: dict[str, CategoryIndexPage | None] = {}
        self.people = {}
        for person in Person.objects.order_by("pk"):
            self.people.setdefault(person.name.casefold(), person)
        self.tags = {}
        for tag in Tag.objects.order_by("pk"):
            self.tags.setdefault(tag.name.casefold(), tag)
        self.images_by_hash: dict[str, object] = {}
        self._new_people: dict[str, Person] = {}
        self._new_tags: dict[str, Tag] = {}
        self._new_images: dict[str, object] = {}
        self._stored_files: list = []
        self._changed: list = []
        self._unindexed_pages: set[int] = set()
        self._unindexed_others: dict[type, dict[int, object]] = {}

    @contextmanager
    def deferred_indexing(self) -> Iterator[None]:
        with disable_reference_index_auto_update(), search_index_paused():
            yield

    # -- one item at a time ------------------------------------------------

    def item_succeeded(self, page: ArticlePage | None = None) -> None:
        if page is not None:
            self._unindexed_pages.add(page.pk)
            for instance in [*self._new_people.values(), *self._stored_files, *self._changed]:
                self._unindexed_others.setdefault(type(instance), {})[instance.pk] = instance
        self.people.update(self._new_people)
        self.tags.update(self._new_tags)
        self.images_by_hash.update(self._new_images)
        self._reset_item()

    def index(self, page: ArticlePage) -> None:
        """Have `flush_index()` write the entries of a page written with indexing deferred."""
        self._unindexed_pages.add(page.pk)

    def flush_index(self) -> None:
        """Search and reference index entries for the pages, people and photos collected so far.

        The pages are read again in one query, with every relation that indexing reads fetched
        for the whole batch, and each search backend gets them in one `add_bulk`.
        """
        pks, others = self._unindexed_pages, self._unindexed_others
        self._unindexed_pages, self._unindexed_others = set(), {}
        if self.dry_run or not (pks or others):
            return
        pages = list(
            ArticlePage.objects.filter(pk__in=pks)
            .select_related("hero_image", "editor", "photographer")
            .prefetch_related(
                "tags",
                "service_areas",
                Prefetch("reporters", ArticleReporter.objects.select_related("person")),
                Prefetch("work_unit_links", ArticleWorkUnit.objects.select_related("unit")),
                "related_links",
            )
            .order_by("pk")
        )
        for page in pages:
            ReferenceIndex.create_or_update_for_object(page)
        batches = [(ArticlePage, pages)] + [
            (model, list(instances.values())) for model, instances in others.items()
        ]
        for name, backend in get_search_backends_with_name(with_auto_update=True):
            for model, instances in batches:
                if not instances:
                    continue
                try:
                    backend.add_bulk(model, instances)
                except Exception:
                    # As Wagtail's own indexing on save: a search server's outage is logged, a
                    # database backend's error rolls the batch back.
                    if not backend.catch_indexing_errors:
                        raise
                    logger.exception(
                        "Could not add %d %s to the %r search backend", len(instances), model, name
                    )

    def item_failed(self) -> None:
        """Remove files stored for an item whose database rows were rolled back."""
        for image in self._stored_files:
            image.file.storage.delete(image.file.name)
        self._reset_item()

    def _reset_item(self) -> None:
        self._new_people, self._new_tags, self._new_images, self._stored_files = {}, {}, {}, []
        self._changed = []

    # -- lookups -----------------------------------------------------------

    def category(self, slug_path: str) -> CategoryIndexPage:
        """The category at a slug path below the site root, e.g. "daerah/jawa-timur"."""
        key = "/".join(part for part in slug_path.strip().split("/") if part)
        if key not in self.categories:
            self.categories[key] = (
                CategoryIndexPage.objects.filter(url_path=f"{self.root.url_path}{key}/").first()
                if key
                else None
            )
        category = self.categories[key]
        if category is None:
            raise LineError(f"unknown category {slug_path!r}")
        return category

    def person(self, name: str) -> Person | None:
        name = " ".join(name.split())
        if not name:
            return None
        key = name.casefold()
        person = self.people.get(key) or self._new_people.get(key)
        if person is None:
            if len(name) > Person._meta.get_field("name").max_length:
                raise LineError(f"person name too long: {name[:40]}…")
            person = Person.objects.create(name=name)
            self._new_people[key] = person
        return person

    def tag_list(self, names: list[str]) -> list[Tag]:
        """Tags by name, whatever the case (TAGGIT_CASE_INSENSITIVE); new names are created."""
        tags = {}
        for name in names:
            name = " ".join(name.split())[: Tag._meta.get_field("name").max_length]
            key = name.casefold()
            if not name or key in tags:
                continue
            tag = self.tags.get(key) or self._new_tags.get(key)
            if tag is None:
                tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
                self._new_tags[key] = tag
            tags[key] = tag
        return list(tags.values())

    def image(self, photo: Photo):
        """The stored image for these bytes: an existing one with the same file, else a new one.

        Returns None in a dry run when the image would be new (no file is written then).
        """
        file_hash = photo.file_hash
        image = self.images_by_hash.get(file_hash) or self._new_images.get(file_hash)
        if image is None:
            image = get_image_model().objects.filter(file_hash=file_hash).order_by("pk").first()
        if image is not None:
            if not image.description.strip() and photo.alt:
                image.description = photo.alt
                image.save(update_fields=["description"])
                self._changed.append(image)
            self._new_images[file_hash] = image
            return image
        if self.dry_run:
            return None
        image = get_image_model()(
            title=(photo.alt or photo.caption or photo.name)[:255],
            description=photo.alt[:255],
            caption=photo.caption[:500],
            credit=photo.credit[:255],
            file=ImageFile(io.BytesIO(photo.data), name=photo.name),
            file_size=len(photo.data),
            file_hash=file_hash,
        )
        image.save()
        self._stored_files.append(image)
        self._new_images[file_hash] = image
        return image

    @staticmethod
    def free_slug(parent: Page, title: str) -> str:
        base = slugify(title)[:SLUG_LENGTH].strip("-") or "berita"
        # get_children() is a range on the indexed path (a LIKE prefix would scan on SQLite).
        taken = set(parent.get_children().filter(slug__startswith=base).values_list("slug", flat=True))
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        return slug

    # -- writing -----------------------------------------------------------

    def save(
        self, page: ArticlePage, parent: CategoryIndexPage, *, publish: bool, date: datetime | None = None
    ) -> ArticlePage:
        """Create (when `page` has no pk) or update an article, with a revision; publish if asked.

        A published article keeps `date` as its first and last publication, so feeds,
        sitemaps and the "updated" note show the original date, not the import's.
        """
        try:
            # Lengths first: PostgreSQL refuses a too long value at the first write, SQLite never.
            page.clean_fields(
                exclude=[field.name for field in page._meta.concrete_fields if field.name not in CHECKED]
            )
            if page.pk is None:
                page.slug = self.free_slug(parent, page.title)
                page.live = False
                parent.add_child(instance=page)
            elif not page.path.startswith(parent.path) or page.depth != parent.depth + 1:
                Page.objects.get(pk=page.pk).move(parent, pos="last-child")
                moved = Page.objects.get(pk=page.pk)
                page.path, page.depth, page.url_path = moved.path, moved.depth, moved.url_path
            # Publishing now validates the page completely; the draft's own check would be the same work.
            scheduled = page.go_live_at is not None and page.go_live_at > timezone.now()
            revision = page.save_revision(log_action=True, clean=not publish or scheduled)
            if publish:
                # `revision.publish()` publishes a copy of the page rebuilt from the revision's JSON:
                # `page` is that same content, already in memory.
                revision.as_object = lambda: page
                revision.publish(log_action=True)
        except ValidationError as error:
            raise LineError(validation_message(error)) from error
        if publish and date is not None:
            # The dates live on the page row: updating through ArticlePage would also read its own table.
            Page.objects.filter(pk=page.pk).update(first_published_at=date, last_published_at=date)
            page.first_published_at = page.last_published_at = date
        return page


def aware(value: datetime, default_zone) -> datetime:
    """A datetime with a time zone: naive values are read in `default_zone`."""
    if timezone.is_naive(value):
        return timezone.make_aware(value, default_zone)
    return value
