"""Outside HTML into the article body: sanitised with nh3, then split into body blocks.

The body's rich text knows paragraphs, bold, italic, links, lists, superscript and
subscript (news.blocks.RICH_TEXT_FEATURES). Headings become "subheading" blocks and block
quotes "quote" blocks, so an editor who opens the article keeps everything the reader saw.
"""

from __future__ import annotations

from html import escape
from urllib.parse import urlsplit

import nh3
from bs4 import BeautifulSoup, NavigableString, Tag

ALLOWED_TAGS = {
    "p", "br", "a", "b", "strong", "i", "em", "ul", "ol", "li", "sup", "sub",
    "h2", "h3", "h4", "blockquote",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Removed with everything inside them (the other unknown tags keep their text).
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "template",
    "noscript",
    "head",
    "title",
}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
RICH_BLOCKS = {"p", "ul", "ol"}
INLINE_RENAMES = {"strong": "b", "em": "i"}


def sanitise(html: str) -> str:
    """Only the tags and link schemes the article body may hold; scripts and styles go entirely."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS | {"h1", "h5", "h6"},
        clean_content_tags=DROPPED_WITH_CONTENT,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def text_of(html: str) -> str:
    """The readable text of an HTML fragment, whitespace collapsed."""
    soup = BeautifulSoup(nh3.clean(html, tags=set(), clean_content_tags=DROPPED_WITH_CONTENT), "html.parser")
    return " ".join(soup.get_text(" ").split())


def truncate(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with an ellipsis when cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-")
    return f"{cut}…"


def _inline_html(node: Tag) -> str:
    """The children of a block element as the rich text's inline HTML."""
    return "".join(str(child) for child in node.children).strip()


def _normalise(soup: BeautifulSoup) -> None:
    for name, new_name in INLINE_RENAMES.items():
        for tag in soup.find_all(name):
            tag.name = new_name
    for link in soup.find_all("a"):
        if not link.get("href"):
            link.unwrap()


def html_to_blocks(html: str) -> list[tuple[str, object]]:
    """Body StreamField blocks for an HTML fragment, sanitised first.

    Runs of paragraphs and lists share one "paragraph" block; headings and quotes end a run.
    Loose text and inline elements between blocks become paragraphs of their own.
    """
    soup = BeautifulSoup(sanitise(html), "html.parser")
    _normalise(soup)
    blocks: list[tuple[str, object]] = []
    rich: list[str] = []
    loose: list[str] = []

    def flush_loose() -> None:
        text = "".join(loose).strip()
        loose.clear()
        # Double line breaks were paragraph breaks in many old editors.
        for part in text.replace("<br/><br/>", "\n\n").split("\n\n"):
            part = part.strip()
            while part.startswith("<br/>"):
                part = part[5:].strip()
            while part.endswith("<br/>"):
                part = part[:-5].strip()
            if BeautifulSoup(part, "html.parser").get_text().strip():
                rich.append(f"<p>{part}</p>")

    def flush_rich() -> None:
        flush_loose()
        if rich:
            blocks.append(("paragraph", "".join(rich)))
            rich.clear()

    for node in list(soup.children):
        if isinstance(node, NavigableString):
            loose.append(escape(str(node), quote=False))
            continue
        if node.name in RICH_BLOCKS:
            flush_loose()
            if node.get_text().strip():
                rich.append(f"<{node.name}>{_inline_html(node)}</{node.name}>")
        elif node.name in HEADINGS:
            flush_rich()
            text = " ".join(node.get_text(" ").split())
            if text:
                blocks.append(("subheading", text))
        elif node.name == "blockquote":
            flush_rich()
            text = " ".join(node.get_text(" ").split())
            if text:
                blocks.append(("quote", {"text": text, "speaker": "", "role": ""}))
        elif node.name == "li":
            flush_loose()
            rich.append(f"<ul>{node}</ul>")
        else:
            loose.append(str(node))
    flush_rich()
    return blocks


def paragraphs_to_blocks(paragraphs: list[str]) -> list[tuple[str, object]]:
    """Plain-text paragraphs (escaped, never read as HTML) as one "paragraph" block."""
    html = "".join(f"<p>{escape(p.strip(), quote=False)}</p>" for p in paragraphs if p.strip())
    return [("paragraph", html)] if html else []


def source_paragraph(link: str, label: str) -> tuple[str, str]:
    """The closing "Sumber: <link>" paragraph of an article taken from elsewhere."""
    label = label.strip() or urlsplit(link).netloc or link
    if urlsplit(link).scheme in {"http", "https"}:
        return ("paragraph", f'<p>Sumber: <a href="{escape(link)}">{escape(label, quote=False)}</a></p>')
    return ("paragraph", f"<p>Sumber: {escape(label, quote=False)}</p>")
