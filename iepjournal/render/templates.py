"""The Jinja2 environment every rendering shares: a journal's own
`templates/` folder first, then the templates shipped with iepjournal, so a
family can override any template by name.

Templates compiled in this process are kept in memory (never on disk) for
the next environment, as Jinja2's bytecode cache: `watch` builds again and
again without compiling the site's templates each time (70 ms). Jinja2
checks each kept template against a digest of its source, so a changed
template is always compiled again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from jinja2.sandbox import ImmutableSandboxedEnvironment

from iepjournal import bundled


def environment(
    root: Path | None, *, html: bool, **options: object
) -> jinja2.Environment:
    """Templates for the journal at `root` (None: only the shipped ones);
    `html` turns on escaping, which plain text and Markdown must not have."""
    own = root / "templates" if root else None
    # A journal's own templates are looked for only if it has the folder now:
    # one made after this is not used by this environment (never unsandboxed).
    sandboxed = own is not None and own.is_dir()
    folders = [str(own)] if own is not None and sandboxed else []
    folders.append(str(bundled.templates_folder()))
    settings: dict[str, Any] = {
        "trim_blocks": True,
        "lstrip_blocks": True,
        "undefined": jinja2.StrictUndefined,
        "auto_reload": False,  # one run, one read of each template
    } | options
    # The sandbox: a journal's templates come from a synced folder anyone
    # with access to it can write; they may show what they are given, never
    # reach Python's internals, run code or change a value. iepjournal's own
    # templates alone are trusted, and render without its cost (a third of
    # a large timeline's rendering).
    kind = ImmutableSandboxedEnvironment if sandboxed else jinja2.Environment
    return kind(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=html,
        # Compiled code depends on the options too: one store per set of them.
        bytecode_cache=_COMPILED.setdefault(
            repr((kind.__name__, html, sorted(settings.items()))), _InMemory()
        ),
        **settings,
    )


class _InMemory(jinja2.BytecodeCache):
    """Compiled templates by Jinja2's key (the template's name and file);
    each is checked against its source's digest when it is used."""

    def __init__(self) -> None:
        self.kept: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        found = self.kept.get(bucket.key)
        if found is not None:
            bucket.bytecode_from_string(found)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.kept[bucket.key] = bucket.bytecode_to_string()


_COMPILED: dict[str, _InMemory] = {}
