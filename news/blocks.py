"""StreamField blocks of the article body."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul", "superscript", "subscript"]


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quote"))
    speaker = blocks.CharBlock(label=_("Speaker"), required=False, max_length=255)
    role = blocks.CharBlock(label=_("Role"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(
        label=_("Caption"), required=False, help_text=_("Empty: the image's own caption.")
    )
    credit = blocks.CharBlock(
        label=_("Photo credit"), required=False, help_text=_("Empty: the image's own credit.")
    )
    alt = blocks.CharBlock(
        label=_("Alt text"), required=False, help_text=_("Empty: the image's own alt text.")
    )

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/image_block.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video URL"), help_text=_("A YouTube or Vimeo address."))
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "blocks/video_block.html"


class AttachmentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Title"), required=False, help_text=_("Empty: the document's own title.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Attachment")
        template = "blocks/attachment_block.html"


class PdfAttachmentBlock(AttachmentBlock):
    """A press release attachment: PDF only, listed with its size."""

    def clean(self, value):
        value = super().clean(value)
        document = value.get("document")
        if document is not None and document.file_extension.lower() != "pdf":
            raise blocks.StructBlockValidationError(
                block_errors={"document": ValidationError(_("Attach a PDF file."))}
            )
        return value

    class Meta:
        icon = "doc-full"
        label = _("PDF attachment")
        template = "blocks/attachment_block.html"


class ArticleBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=RICH_TEXT_FEATURES, template="blocks/paragraph_block.html"
    )
    subheading = blocks.CharBlock(
        label=_("Subheading"), icon="title", form_classname="title", template="blocks/subheading_block.html"
    )
    quote = QuoteBlock()
    image = ImageBlock()
    video = VideoBlock()
    attachment = AttachmentBlock()
    table = TableBlock(label=_("Table"))


class CorrectionBlock(blocks.StructBlock):
    """A correction ("Ralat"): when it was made and what changed."""

    date = blocks.DateTimeBlock(label=_("Date"))
    text = blocks.TextBlock(label=_("Correction"))

    class Meta:
        icon = "warning"
        label = _("Correction")
