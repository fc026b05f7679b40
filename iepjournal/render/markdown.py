"""Entry bodies, from Markdown to HTML that is safe to show.

CommonMark with tables; raw HTML is shown as text, never run; links are
kept only when they go to http, https or mailto addresses, or to a file in
the journal (which the site copies beside its pages); images only from the
journal, so a page never loads anything from elsewhere.

Rendering goes through markdown-it-pyrs (the Rust port of markdown-it, about
18 times faster, byte-identical output on our corpus) when it is installed,
else markdown-it-py. Either way the HTML has raw HTML off, and links and
images are then checked in the HTML itself: the renderer writes them in one
fixed form, with their attributes escaped.
"""

from __future__ import annotations

import functools
import html
import posixpath
import re
from collections.abc import Callable
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


@functools.cache
def _renderer() -> Callable[[str], str]:
    try:
        import markdown_it_pyrs

        fast = markdown_it_pyrs.MarkdownIt("zero").enable_many(_RULES)
        return fast.render
    except ImportError:  # pragma: no cover - depends on the platform's wheels
        from markdown_it import MarkdownIt

        slow = MarkdownIt("commonmark", {"html": False}).enable("table")
        return slow.render


def to_html(text: str) -> str:
    """Markdown to HTML, raw HTML off; links not yet checked (safe_links)."""
    return _renderer()(text)


_LINK = re.compile(r'<a href="([^"]*)"')
_IMAGE = re.compile(r'<img src="([^"]*)" alt="([^"]*)"((?: title="[^"]*")?) />')


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


def render(text: str, resolve: Resolver) -> str:
    """Markdown to safe HTML; `resolve` maps relative links to site addresses."""
    return safe_links(to_html(text), resolve)


def safe_links(rendered: str, resolve: Resolver) -> str:
    def link(match: re.Match[str]) -> str:
        target = _link(html.unescape(match.group(1)), resolve)
        if target is None:
            return "<a"  # kept as plain text: no address to go to
        escaped = html.escape(target, quote=True)
        if target.startswith(("http:", "https:")):
            return f'<a href="{escaped}" rel="noopener noreferrer"'
        return f'<a href="{escaped}"'

    def image(match: re.Match[str]) -> str:
        src = html.unescape(match.group(1))
        local = resolve(src) if not urlsplit(src).scheme else None
        if local is None:  # a remote image would be a request leaving the page
            return f"[image: {match.group(2) or html.escape(src)}]"
        address = html.escape(local, quote=True)
        return f'<img src="{address}" alt="{match.group(2)}"{match.group(3)} />'

    return _IMAGE.sub(image, _LINK.sub(link, rendered))


def _link(href: str, resolve: Resolver) -> str | None:
    scheme = urlsplit(href).scheme.lower()
    if scheme in _SAFE_SCHEMES:
        return href
    if scheme or href.startswith("//"):
        return None  # javascript:, data:, file:, vbscript:, other hosts' shorthand
    if href.startswith("#"):
        return href
    return resolve(href)
