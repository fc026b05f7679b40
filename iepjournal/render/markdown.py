"""Entry bodies, from Markdown to HTML that is safe to show.

CommonMark with tables, through markdown-it-pyrs (the Rust port of
markdown-it: the same HTML as markdown-it-py, about 18 times faster, which
a timeline of thousands of entries needs). Raw HTML is never parsed as
HTML: it is shown as text. The HTML is then cleaned by nh3 (the Rust
sanitizer ammonia), the boundary of every page shown to school staff: only
the tags and attributes Markdown makes are kept, links only to http, https
or mailto addresses, to a place in the page, or to a file of the journal
(which the site copies beside its pages); images only from the journal, so
a page never loads anything from elsewhere. An image from anywhere else is
shown as the words "[image: its description]".
"""

from __future__ import annotations

import contextvars
import functools
import posixpath
import re
from collections.abc import Callable
from html import escape as html_escape
from typing import Any
from urllib.parse import unquote, urlsplit

# Given a link as written, where it points on the site, or None to drop it.
Resolver = Callable[[str], str | None]

_SAFE_SCHEMES = ("http", "https", "mailto")
# Every CommonMark rule except raw HTML (html_block, html_inline).
_RULES = [
    "blockquote", "code", "fence", "heading", "hr", "lheading", "list",
    "paragraph", "reference", "autolink", "backticks", "emphasis", "entity",
    "escape", "image", "link", "newline", "table",
]  # fmt: skip
# What those rules make, and nothing else survives the sanitizer.
_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "em", "strong", "code",
    "pre", "blockquote", "ul", "ol", "li", "a", "img", "table", "thead", "tbody",
    "tr", "th", "td",
}  # fmt: skip
_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    "th": {"style"},
    "td": {"style"},
    "code": {"class"},
}
_ALIGN = re.compile(r"text-align:(?:left|right|center)")
_LANGUAGE = re.compile(r"language-[A-Za-z0-9_+#.-]+")
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")


@functools.cache
def _parser() -> Any:
    import markdown_it_pyrs

    return markdown_it_pyrs.MarkdownIt("zero").enable_many(_RULES)  # type: ignore[arg-type]


def local_target(link: str, entry_path: str) -> str | None:
    """The journal path a relative link points to, or None if it is not one
    (or would leave the journal)."""
    parts = urlsplit(link)
    if parts.scheme or parts.netloc or not parts.path or link.startswith("//"):
        return None
    joined = posixpath.normpath(
        posixpath.join(posixpath.dirname(entry_path), unquote(parts.path))
    )
    if joined.startswith("../") or joined == ".." or joined.startswith("/"):
        return None
    return joined


def render(text: str, resolve: Resolver, without_heading: str = "") -> str:
    """Markdown to safe HTML; `resolve` maps relative links to site
    addresses. With `without_heading`, a first `# heading` of exactly those
    words is left out (it is already the entry's title)."""
    if "![" in text:
        text = _images_from_elsewhere_as_words(text, resolve)
    html = _parser().render(text)
    if without_heading:
        # The heading as the renderer writes it: `"` escaped, `'` not.
        heading = html_escape(without_heading, quote=False).replace('"', "&quot;")
        html = html.removeprefix(f"<h1>{heading}</h1>\n")
    token = _RESOLVER.set(resolve)
    try:
        return str(_cleaner().clean(html))
    finally:
        _RESOLVER.reset(token)


# The links of the body being cleaned resolve through this: one cleaner is
# made once and kept (making one per body was a third of the cleaning).
_RESOLVER: contextvars.ContextVar[Resolver] = contextvars.ContextVar("resolver")


@functools.cache
def _cleaner() -> Any:
    import nh3

    return nh3.Cleaner(
        tags=_TAGS,
        attributes=_ATTRIBUTES,
        url_schemes=set(_SAFE_SCHEMES),
        attribute_filter=_allowed,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )


def _allowed(tag: str, attribute: str, value: str) -> str | None:
    """An attribute's value as it may stay on the page, or None to drop it."""
    if attribute == "href":
        return _link(value, _RESOLVER.get())
    if attribute == "src":
        return None if urlsplit(value).scheme else _RESOLVER.get()(value)
    if attribute == "style":
        return value if _ALIGN.fullmatch(value) else None
    if attribute == "class":
        return value if _LANGUAGE.fullmatch(value) else None
    return value


def _images_from_elsewhere_as_words(text: str, resolve: Resolver) -> str:
    """The Markdown with each image that is not a file of the journal
    written as the words `[image: description]` instead, where the parser
    found it (its place in the source, in bytes)."""
    source = text.encode("utf-8")
    spans: list[tuple[int, int, str]] = []
    for node in _parser().tree(text).walk():
        if node.name != "image" or not node.srcmap:
            continue
        url = node.meta.get("url", "")
        if not urlsplit(url).scheme and resolve(url) is not None:
            continue
        words = "".join(
            child.meta.get("content", "")
            for child in node.walk()
            if child.name in ("text", "code_inline")
        )
        spans.append((*node.srcmap, words))
    # An image inside another's description goes with it.
    outer = [s for s in spans if not any(o[0] <= s[0] and s[1] <= o[1] and o != s
                                         for o in spans)]  # fmt: skip
    for start, end, words in sorted(outer, reverse=True):
        shown = _PUNCTUATION.sub(r"\\\1", f"[image: {words}]")
        source = source[:start] + shown.encode("utf-8") + source[end:]
    return source.decode("utf-8")


def _link(href: str, resolve: Resolver) -> str | None:
    scheme = urlsplit(href).scheme.lower()
    if scheme in _SAFE_SCHEMES:
        return href
    if scheme or href.startswith("//"):
        return None  # javascript:, data:, file:, vbscript:, other hosts' shorthand
    if href.startswith("#"):
        return href
    return resolve(href)
