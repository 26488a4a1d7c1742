"""Where imported articles came from: one record per source item, so a re-run finds its page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

ARCHIVE_SOURCE = "archive"


class ImportRecord(models.Model):
    """An article made from an item of an outside source (the legacy archive or a feed)."""

    source = models.CharField(
        _("source"), max_length=255, help_text=_("“archive”, or “feed:” and the host of a feed.")
    )
    source_id = models.CharField(_("source id"), max_length=500)
    page = models.ForeignKey(
        "news.ArticlePage", verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    source_url = models.URLField(_("source URL"), max_length=1000, blank=True)
    created_at = models.DateTimeField(_("first imported at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last imported at"), auto_now=True)

    class Meta:
        verbose_name = _("import record")
        verbose_name_plural = _("import records")
        constraints = [
            models.UniqueConstraint(fields=["source", "source_id"], name="unique_import_source_id"),
        ]

    def __str__(self):
        return f"{self.source}: {self.source_id}"
