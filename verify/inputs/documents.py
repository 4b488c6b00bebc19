"""An uploaded article (plain text or HTML bytes) -> the text the desk stores and extracts from.

Plain text is kept as it is, line breaks aside, so every span the extractor reports indexes the
file's own characters. HTML is reduced to its article text with BeautifulSoup's html.parser
(nothing is fetched or run): page furniture and scripts are dropped, <article> or <main> is
preferred, and paragraphs come out separated by blank lines. No Flask.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from .files import decode
from .records import InvalidInput, normalise_space

MAX_ARTICLE_BYTES = 5 * 1024 * 1024
# Characters of article text (after HTML is reduced) the extractor is given at most: a long
# feature is 30,000-50,000; extraction costs about a second per 1,500 characters on two cores.
MAX_ARTICLE_CHARS = 100_000
# Budget of the HTML parser: tags in a page, and elements open inside each other at once (a page
# of 100,000 nested <div>s took 11-21 s to parse; real pages nest a few dozen deep).
MAX_HTML_TAGS = 100_000
MAX_HTML_DEPTH = 400
TITLE_CHARS = 200

# Page furniture and code: never part of the article's text.
DROPPED_TAGS = (
    "script",
    "style",
    "noscript",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "button",
    "select",
    "textarea",
    "head",
    "title",
)
# Elements that start and end a paragraph of their own.
BLOCK_TAGS = frozenset(
    (
        "address blockquote body center dd details dialog div dl dt fieldset figcaption figure "
        "h1 h2 h3 h4 h5 h6 hr li main ol p pre section summary table tbody thead tfoot tr td th "
        "ul article caption"
    ).split()
)
_HTML_START = re.compile(r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_LINE_BREAKS = re.compile(r"\r\n?")
_TAG = re.compile(r"<(/?)([a-zA-Z][\w:-]*)[^>]*?(/?)>")
# Elements never closed (void) or whose end tag may be left out: they do not nest.
_UNNESTED = frozenset(
    (
        "area base br col embed hr img input link meta source track wbr p li dt dd tr td th "
        "option optgroup thead tbody tfoot colgroup caption rb rt rp"
    ).split()
)


@dataclass(frozen=True)
class Article:
    """An article's stored text and the title it suggests (None when it has no text to offer)."""

    text: str
    title: str | None


def article_text(data: bytes, name: str) -> str:
    """The text to store for an uploaded article (see `read_article`)."""
    return read_article(data, name).text


def read_article(data: bytes, name: str) -> Article:
    """The article in `data` (UTF-8 text or HTML, at most 5 MB) and a title for it.

    `name` is the file name (its extension says HTML) or a phrase such as "the article"; it
    names the input in messages."""
    if len(data) > MAX_ARTICLE_BYTES:
        raise InvalidInput(
            f"{name} is {len(data):,} bytes; the limit is 5 MB ({MAX_ARTICLE_BYTES:,} bytes)"
        )
    text = decode(data, name)
    if "\x00" in text:
        raise InvalidInput(f"{name} contains NUL characters: it is not a text or HTML file")
    if is_html(text, name):
        check_markup(text, name)
        article = html_article(text)
    else:
        text = _LINE_BREAKS.sub("\n", text)
        article = Article(text=text, title=_first_line(text))
    if not article.text.strip():
        raise InvalidInput("the article is empty")
    if len(article.text) > MAX_ARTICLE_CHARS:
        raise InvalidInput(
            f"{name} holds {len(article.text):,} characters of text; the limit is "
            f"{MAX_ARTICLE_CHARS:,}: split it into parts"
        )
    return article


def check_markup(markup: str, name: str) -> None:
    """Refuse HTML beyond the parser's budget (MAX_HTML_TAGS tags, MAX_HTML_DEPTH elements open
    at once), counted by a linear scan before BeautifulSoup sees it."""
    depth = tags = 0
    for match in _TAG.finditer(markup):
        tags += 1
        if tags > MAX_HTML_TAGS:
            raise InvalidInput(f"{name} has more than {MAX_HTML_TAGS:,} HTML tags")
        closing, tag, self_closing = match.groups()
        if tag.lower() in _UNNESTED or self_closing:
            continue
        depth += -1 if closing else 1
        if depth > MAX_HTML_DEPTH:
            raise InvalidInput(
                f"{name} nests HTML elements more than {MAX_HTML_DEPTH} deep "
                f"(at character {match.start():,})"
            )
        depth = max(depth, 0)


def is_html(text: str, name: str = "") -> bool:
    """HTML by the file's extension, or by a document that opens with <!doctype html> or <html>."""
    if name.lower().endswith((".html", ".htm")):
        return True
    return _HTML_START.match(text[:4096]) is not None


def html_article(markup: str) -> Article:
    """The readable text of an HTML page: paragraphs separated by blank lines, entities decoded."""
    soup = BeautifulSoup(markup, "html.parser")
    title_tag = soup.find("title")
    title = normalise_space(title_tag.get_text()) if title_tag is not None else ""
    for tag in soup.find_all(DROPPED_TAGS):
        tag.decompose()
    for comment in soup.find_all(string=lambda node: isinstance(node, Comment)):
        comment.extract()
    paragraphs = _paragraphs(_main_part(soup))
    text = "\n\n".join(paragraphs)
    return Article(text=text, title=_short(title) or _first_line(text))


def _main_part(soup: BeautifulSoup) -> Tag:
    """The longest <article>, else <main>, else <body>, else the whole document."""
    articles = soup.find_all("article")
    if articles:
        return max(articles, key=lambda tag: len(tag.get_text()))
    for name in ("main", "body"):
        found = soup.find(name)
        if isinstance(found, Tag):
            return found
    return soup


def _paragraphs(root: Tag) -> list[str]:
    """Text of `root` split at block elements; <br> breaks a line inside a paragraph.

    Walked with an explicit stack, so a deeply nested page cannot exhaust Python's recursion."""
    paragraphs: list[str] = []
    lines: list[str] = []
    words: list[str] = []

    def end_line() -> None:
        line = normalise_space("".join(words))
        words.clear()
        if line:
            lines.append(line)

    def end_paragraph() -> None:
        end_line()
        if lines:
            paragraphs.append("\n".join(lines))
            lines.clear()

    stack: list[Tag | NavigableString | None] = [root]  # None marks the end of a block element
    while stack:
        node = stack.pop()
        if node is None:
            end_paragraph()
        elif isinstance(node, Tag):
            if node.name == "br":
                end_line()
                continue
            if node.name in BLOCK_TAGS:
                end_paragraph()
                stack.append(None)
            stack.extend(
                child
                for child in reversed(node.contents)
                if isinstance(child, Tag) or type(child) is NavigableString
            )
        else:
            words.append(str(node))
    end_paragraph()
    return paragraphs


def _first_line(text: str) -> str | None:
    for line in text.splitlines():
        if line.strip():
            return _short(normalise_space(line))
    return None


def _short(title: str) -> str:
    if len(title) <= TITLE_CHARS:
        return title
    return title[: TITLE_CHARS - 1].rsplit(" ", 1)[0] + "…"
