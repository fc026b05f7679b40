"""Entry bodies, from Markdown to HTML that is safe to show.

CommonMark with tables; raw HTML is shown as text, never run; links are
kept only when they go to http, https or mailto addresses, or to a file in
the journal (which the site copies beside its pages); images only from the
journal, so a page never loads anything from elsewhere.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from urllib.parse import unquote, urlsplit

from markdown_it import MarkdownIt

# Given a link as written and the entry's path, where it points on the site,
# or None to drop it.
Resolver = Callable[[str], str | None]

_SAFE_SCHEMES = ("http", "https", "mailto")


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    parser.validateLink = lambda url: True  # checked by our own rules below
    return parser


_PARSER = _parser()


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
    """Markdown to HTML; `resolve` maps relative links to site addresses."""
    tokens = _PARSER.parse(text)
    for token in tokens:
        for child in token.children or ():
            if child.type == "link_open":
                target = _link(str(child.attrGet("href") or ""), resolve)
                if target is None:
                    child.attrs.pop("href", None)  # shown as plain text
                else:
                    child.attrSet("href", target)
                    if target.startswith(("http:", "https:")):
                        child.attrSet("rel", "noopener noreferrer")
            elif child.type == "image":
                src = str(child.attrGet("src") or "")
                local = resolve(src) if not urlsplit(src).scheme else None
                if local:
                    child.attrSet("src", local)
                else:  # a remote image would be a request leaving the page
                    child.type = "text"
                    child.content = f"[image: {child.content or src}]"
                    child.children = None
    return _PARSER.renderer.render(tokens, _PARSER.options, {})


def _link(href: str, resolve: Resolver) -> str | None:
    scheme = urlsplit(href).scheme.lower()
    if scheme in _SAFE_SCHEMES:
        return href
    if scheme or href.startswith("//"):
        return None  # javascript:, data:, file:, vbscript:, other hosts' shorthand
    if href.startswith("#"):
        return href
    return resolve(href)
