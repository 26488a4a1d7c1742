"""The legacy archive: one JSON object per line, imported as published (or draft) articles.

The format is documented in docs/import.md. Each line is imported inside its own
savepoint, so a line that fails leaves nothing behind; lines are committed in batches.
"""

from __future__ import annotations

import json
import zoneinfo
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

from django.db import DataError, IntegrityError, transaction
from django.utils import timezone
from wagtail.contrib.redirects.models import Redirect

from news.models import (
    ArticlePage,
    ArticleRelatedPage,
    ArticleReporter,
    ArticleWorkUnit,
    ServiceArea,
    WorkUnit,
)

from .importing import ArticleWriter, ItemResult, LineError, Photo, aware, check_image
from .models import ARCHIVE_SOURCE, ImportRecord
from .richtext import html_to_blocks, paragraphs_to_blocks, text_of, truncate

# Naive dates in the archive are read as Western Indonesian Time.
ARCHIVE_TIME_ZONE = zoneinfo.ZoneInfo("Asia/Jakarta")
BATCH = 100
LEAD_LENGTH = 300
FUTURE_TOLERANCE = timedelta(minutes=5)
REQUIRED = ("id", "category", "title", "published_at")
KNOWN_FIELDS = {
    *REQUIRED, "url", "lead", "dateline", "image", "body", "editor", "reporter", "reporters",
    "photographer", "service_areas", "work_units", "tags", "related",
}  # fmt: skip


@dataclass
class Summary:
    created: int = 0
    updated: int = 0
    failed: int = 0
    warnings: int = 0

    def count(self, result: ItemResult) -> None:
        if result.action == "created":
            self.created += 1
        elif result.action == "updated":
            self.updated += 1
        elif result.action == "failed":
            self.failed += 1
        self.warnings += len(result.warnings)


@dataclass
class PendingRelated:
    """A line whose "related" ids were not all known when it was imported."""

    result: ItemResult
    related: list[str]
    publish: bool
    date: datetime


class _Rollback(Exception):
    """Ends the dry run's transaction without committing it."""


class ArchiveImporter:
    def __init__(self, path: Path, *, dry_run: bool = False, as_draft: bool = False):
        self.path = Path(path)
        self.base_dir = self.path.parent.resolve()
        self.dry_run = dry_run
        self.as_draft = as_draft

    def count_lines(self) -> int:
        with self.path.open("rb") as handle:
            return sum(1 for line in handle if line.strip())

    def lines(self) -> Iterator[tuple[int, bytes]]:
        with self.path.open("rb") as handle:
            for number, line in enumerate(handle, start=1):
                if line.strip():
                    yield number, line

    def run(
        self,
        report: Callable[[ItemResult], None] = lambda result: None,
        progress: Callable[[int], None] = lambda done: None,
        warn: Callable[[ItemResult, str], None] = lambda result, message: None,
    ) -> Summary:
        """Import every line.

        `report` hears each line's outcome, `progress` the number of lines done, and `warn`
        the warnings found after all lines are in (links to articles that never came).
        """
        summary = Summary()
        self.warn = warn
        self.writer = ArticleWriter(dry_run=self.dry_run)
        with self.writer.deferred_indexing():
            if self.dry_run:
                try:
                    with transaction.atomic():
                        self._run(summary, report, progress)
                        raise _Rollback
                except _Rollback:
                    pass
            else:
                self._run(summary, report, progress)
        return summary

    def _run(self, summary: Summary, report, progress) -> None:
        self.areas = {area.slug: area for area in ServiceArea.objects.all()}
        self.units = {unit.slug: unit for unit in WorkUnit.objects.all()}
        self.pending: list[PendingRelated] = []
        lines = self.lines()
        done = 0
        while True:
            batch = [item for _, item in zip(range(BATCH), lines, strict=False)]
            if not batch:
                break
            with transaction.atomic():
                for number, line in batch:
                    result = self.import_line(number, line)
                    summary.count(result)
                    report(result)
                    done += 1
                    progress(done)
                self.writer.flush_index()
        with transaction.atomic():
            for pending in self.pending:
                for message in self.resolve_related(pending):
                    pending.result.warnings.append(message)
                    summary.warnings += 1
                    self.warn(pending.result, message)
            self.writer.flush_index()

    # -- one line -----------------------------------------------------------

    def import_line(self, number: int, line: bytes) -> ItemResult:
        result = ItemResult(number=number)
        try:
            data = self.parse(decode(line, first=number == 1))
            result.source_id = data["id"]
            result.warnings.extend(data["warnings"])
            with transaction.atomic():
                self.write(data, result)
        except (DataError, IntegrityError) as error:
            self.writer.item_failed()
            result.action, result.reason, result.page = "failed", f"the database refused it ({error})", None
            return result
        except LineError as error:
            self.writer.item_failed()
            result.action, result.reason, result.page = "failed", str(error), None
            return result
        self.writer.item_succeeded(result.page)
        return result

    def parse(self, line: str) -> dict:
        """The line's fields, checked and normalised; LineError says what is wrong."""
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as error:
            raise LineError(f"invalid JSON ({error.msg} at column {error.colno})") from error
        if not isinstance(raw, dict):
            raise LineError("a line must be a JSON object")
        missing = [name for name in REQUIRED if raw.get(name) in (None, "", [])]
        if missing:
            raise LineError(f"missing required field{'s' if len(missing) > 1 else ''}: {', '.join(missing)}")
        source_id = raw["id"]
        if isinstance(source_id, int) and not isinstance(source_id, bool):
            source_id = str(source_id)
        if (
            not isinstance(source_id, str)
            or len(source_id) > ImportRecord._meta.get_field("source_id").max_length
        ):
            raise LineError("id must be a string of at most 500 characters")
        unknown = sorted(set(raw) - KNOWN_FIELDS)
        data = {
            "warnings": [f"unknown field {name!r} ignored" for name in unknown],
            "id": source_id.strip(),
            "category": string(raw, "category"),
            "title": " ".join(string(raw, "title").split()),
            "lead": " ".join(string(raw, "lead").split()),
            "dateline": string(raw, "dateline").strip(),
            "url": string(raw, "url").strip(),
            "published_at": self.parse_date(raw["published_at"]),
            "editor": string(raw, "editor"),
            "photographer": string(raw, "photographer"),
            "reporters": string_list(raw, "reporter") + string_list(raw, "reporters"),
            "service_areas": string_list(raw, "service_areas"),
            "work_units": string_list(raw, "work_units"),
            "tags": [" ".join(tag.split()) for tag in string_list(raw, "tags") if tag.strip()],
            "related": [str(item).strip() for item in string_list(raw, "related", allow_int=True)],
            "body": self.parse_body(raw.get("body")),
            "image": self.parse_image(raw.get("image")),
        }
        if not data["title"]:
            raise LineError("missing required field: title")
        if not data["lead"]:
            first = next((value for kind, value in data["body"] if kind == "paragraph"), "")
            data["lead"] = truncate(text_of(first), LEAD_LENGTH)
        if not data["body"] and data["lead"]:
            data["body"] = paragraphs_to_blocks([data["lead"]])
        if not data["lead"]:
            raise LineError("no lead and no body text")
        return data

    @staticmethod
    def parse_date(value) -> datetime:
        if not isinstance(value, str):
            raise LineError("published_at must be an ISO 8601 date and time")
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError as error:
            raise LineError(f"published_at {value!r} is not an ISO 8601 date and time") from error
        parsed = aware(parsed, ARCHIVE_TIME_ZONE)
        if parsed > timezone.now() + FUTURE_TOLERANCE:
            raise LineError(f"published_at {value!r} is in the future")
        return parsed

    @staticmethod
    def parse_body(value) -> list:
        if value in (None, "", []):
            return []
        if isinstance(value, str):
            return html_to_blocks(value)
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return paragraphs_to_blocks(value)
        raise LineError("body must be an HTML string or a list of paragraph strings")

    def parse_image(self, value) -> Photo | None:
        if value in (None, "", {}):
            return None
        if isinstance(value, str):
            value = {"file": value}
        if not isinstance(value, dict) or not isinstance(value.get("file"), str) or not value["file"].strip():
            raise LineError('image must be an object with a "file"')
        name = value["file"].strip()
        path = (self.base_dir / name).resolve()
        if not path.is_relative_to(self.base_dir):
            raise LineError(f"image {name} lies outside the archive's folder")
        try:
            data = path.read_bytes()
        except OSError as error:
            raise LineError(f"image {name} cannot be read ({error.strerror or error})") from error
        check_image(data, name)
        photo = Photo(
            data=data,
            name=path.name,
            alt=" ".join(string(value, "alt").split()),
            caption=" ".join(string(value, "caption").split()),
            credit=" ".join(string(value, "credit").split()),
        )
        if not photo.alt and not photo.caption:
            raise LineError(f'image {name} needs an "alt" text (or at least a "caption")')
        return photo

    # -- writing --------------------------------------------------------------

    def write(self, data: dict, result: ItemResult) -> None:
        writer = self.writer
        parent = writer.category(data["category"])
        unknown_areas = [slug for slug in data["service_areas"] if slug not in self.areas]
        if unknown_areas:
            raise LineError(f"unknown service area {', '.join(unknown_areas)}")
        unknown_units = [slug for slug in data["work_units"] if slug not in self.units]
        if unknown_units:
            raise LineError(f"unknown work unit {', '.join(unknown_units)}")

        record = (
            ImportRecord.objects.filter(source=ARCHIVE_SOURCE, source_id=data["id"])
            .select_related("page")
            .first()
        )
        if record:
            page = latest_content(record.page)
            result.action = "updated"
        else:
            page = ArticlePage()
            result.action = "created"

        page.title = data["title"]
        page.lead = data["lead"]
        page.dateline = data["dateline"]
        page.published_at = data["published_at"]
        page.body = data["body"]
        page.hero_image, page.hero_caption = None, ""
        if data["image"]:
            page.hero_image = writer.image(data["image"])
            if page.hero_image is not None and data["image"].caption != page.hero_image.caption:
                page.hero_caption = data["image"].caption[:500]
        page.editor = writer.person(data["editor"])
        page.photographer = writer.person(data["photographer"])
        reporters = [writer.person(name) for name in data["reporters"]]
        page.reporters = [
            ArticleReporter(person=person, sort_order=order)
            for order, person in enumerate(dict.fromkeys(p for p in reporters if p))
        ]
        page.service_areas = [self.areas[slug] for slug in dict.fromkeys(data["service_areas"])]
        page.work_unit_links = [
            ArticleWorkUnit(unit=self.units[slug], sort_order=order)
            for order, slug in enumerate(dict.fromkeys(data["work_units"]))
        ]
        page.tags.set(writer.tag_list(data["tags"]))
        related = [item for item in dict.fromkeys(data["related"]) if item != data["id"]]
        if len(related) < len(set(data["related"])):
            result.warnings.append("an article cannot be related to itself; ignored")
        known = self.related_pages(related)
        page.related_links = [
            ArticleRelatedPage(page=known[source_id], sort_order=order)
            for order, source_id in enumerate(item for item in related if item in known)
        ]

        publish = not self.as_draft
        writer.save(page, parent, publish=publish, date=data["published_at"])
        result.page = page
        if record is None:
            ImportRecord.objects.create(
                source=ARCHIVE_SOURCE, source_id=data["id"], page=page, source_url=data["url"][:1000]
            )
        elif record.source_url != data["url"][:1000] and data["url"]:
            record.source_url = data["url"][:1000]
            record.save(update_fields=["source_url", "updated_at"])
        else:
            record.save(update_fields=["updated_at"])
        if data["url"]:
            warning = self.redirect(data["url"], page)
            if warning:
                result.warnings.append(warning)
        if len(known) < len(related):
            self.pending.append(PendingRelated(result, related, publish, data["published_at"]))

    @staticmethod
    def related_pages(source_ids: list[str]) -> dict[str, ArticlePage]:
        if not source_ids:
            return {}
        records = ImportRecord.objects.filter(source=ARCHIVE_SOURCE, source_id__in=source_ids).select_related(
            "page"
        )
        return {record.source_id: record.page for record in records}

    def redirect(self, url: str, page: ArticlePage) -> str:
        """A permanent redirect from the old URL's path to the page; a warning when there is none."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https", "") or (not parts.scheme and not url.startswith("/")):
            return f"url {url!r} is not an http(s) address or a path; no redirect"
        old_path = Redirect.normalise_path(url)
        if old_path == "/":
            return f"url {url!r} has no path; no redirect"
        if len(old_path) > Redirect._meta.get_field("old_path").max_length:
            return f"url {url!r} is too long for a redirect"
        if old_path == Redirect.normalise_path(page.url_path[len(self.writer.root.url_path) - 1 :]):
            return ""
        redirect = Redirect.objects.filter(old_path=old_path, site=None).first()
        if redirect is None:
            Redirect.objects.create(old_path=old_path, site=None, is_permanent=True, redirect_page=page)
        elif redirect.redirect_page_id != page.pk or redirect.redirect_link or not redirect.is_permanent:
            redirect.redirect_page, redirect.redirect_link, redirect.is_permanent = page, "", True
            redirect.save()
        return ""

    # -- second pass ------------------------------------------------------------

    def resolve_related(self, pending: PendingRelated) -> list[str]:
        """Links to lines that came later in the file; returns warnings for ids still unknown."""
        known = self.related_pages(pending.related)
        warnings = [
            f"related article {source_id!r} not found"
            for source_id in pending.related
            if source_id not in known
        ]
        page = latest_content(ArticlePage.objects.get(pk=pending.result.page.pk))
        already = {link.page_id for link in page.related_links.all()}
        if all(target.pk in already for target in known.values()):
            return warnings
        page.related_links = [
            ArticleRelatedPage(page=known[source_id], sort_order=order)
            for order, source_id in enumerate(item for item in pending.related if item in known)
        ]
        try:
            with transaction.atomic():
                self.writer.save(page, page.get_parent(), publish=pending.publish, date=pending.date)
        except LineError as error:
            warnings.append(f"related articles not saved: {error}")
        else:
            self.writer.index(page)
        return warnings


def latest_content(page: ArticlePage) -> ArticlePage:
    """The article as its latest revision has it.

    Without unpublished changes the latest revision is the live one, whose content is the page
    row itself: rebuilding it from the revision's JSON would read every relation again.
    """
    return page.get_latest_revision_as_object() if page.has_unpublished_changes else page


def decode(line: bytes, first: bool = False) -> str:
    try:
        return line.decode("utf-8-sig" if first else "utf-8")
    except UnicodeDecodeError as error:
        raise LineError(f"not UTF-8 text (byte {error.start + 1})") from error


def string(data: dict, key: str) -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise LineError(f"{key} must be a string")
    return value


def string_list(data: dict, key: str, allow_int: bool = False) -> list[str]:
    value = data.get(key)
    if value in (None, ""):
        return []
    if isinstance(value, str):
        return [value]
    types = (str, int) if allow_int else (str,)
    if not isinstance(value, list) or not all(isinstance(item, types) for item in value):
        raise LineError(f"{key} must be a list of strings")
    return [item for item in value if str(item).strip()]
