"""Strict YAML with line numbers: libyaml's parser, our own value builder.

Every scalar stays text and every mapping and list records where each of
its keys and items sits in the file. Imported only when a file must
actually be parsed, so a load served from the cache never pays for PyYAML.
"""

from __future__ import annotations

from typing import Any

import yaml

from iepjournal.journal.frontmatter import Fields, Items
from iepjournal.model.language import N_, said
from iepjournal.model.problems import Problem

try:  # libyaml when present: about twice as fast as the pure-Python reader
    _BaseLoader: type = yaml.CBaseLoader
    USING_LIBYAML = True
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _BaseLoader = yaml.BaseLoader
    USING_LIBYAML = False

_YAML_TAG = "tag:yaml.org,2002:"


class _StrictLoader(_BaseLoader):
    """libyaml's parser and composer; the values are built by `_Builder`."""

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        # No implicit types at all: every plain scalar is a string.
        if kind is yaml.ScalarNode:
            return "tag:yaml.org,2002:str"
        if kind is yaml.SequenceNode:
            return "tag:yaml.org,2002:seq"
        return "tag:yaml.org,2002:map"


class _Builder:
    """Turns composed YAML nodes into text, `Fields` and `Items`.

    Written out rather than left to PyYAML's constructor: it is the hot path
    of a cold load, and it records lines as it goes. A node reached twice
    through an alias is built once; a node containing itself is an error.
    """

    def __init__(self, offset: int) -> None:
        self.offset = offset + 1  # libyaml counts from 0, after the `---`
        self.built: dict[int, Any] = {}
        self.active: set[int] = set()
        self.duplicates: list[tuple[str, int, int]] = []

    def build(self, node: yaml.Node) -> Any:
        if isinstance(node, yaml.ScalarNode):
            if node.tag == "tag:yaml.org,2002:str" or node.tag.startswith(_YAML_TAG):
                return node.value
            # A local tag (`title: !important`) would silently lose the text.
            raise yaml.constructor.ConstructorError(
                None,
                None,
                f"could not determine a constructor for {node.tag}",
                node.start_mark,
            )
        key = id(node)
        if key in self.built:
            return self.built[key]
        if key in self.active:
            raise yaml.constructor.ConstructorError(
                None, None, "found unconstructable recursive node", node.start_mark
            )
        self.active.add(key)
        if isinstance(node, yaml.MappingNode):
            value: Any = self._mapping(node)
        else:
            assert isinstance(node, yaml.SequenceNode)
            value = self._sequence(node)
        self.active.discard(key)
        self.built[key] = value
        return value

    def _mapping(self, node: yaml.MappingNode) -> Fields:
        fields = Fields()
        lines = fields.lines
        offset = self.offset
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise yaml.constructor.ConstructorError(
                    None, None, "a field name must be a plain word", key_node.start_mark
                )
            # Phones capitalise (`Date:`, `Sessions:`, `Speech: Held`): field
            # names and the service ids written as keys are read without
            # regard to case, so no session is dropped for a capital letter.
            key = key_node.value.lower()
            key_mark, value_mark = key_node.start_mark, value_node.start_mark
            if key in fields:
                self.duplicates.append(
                    (key, key_mark.line + offset, key_mark.column + 1)
                )
            fields[key] = self.build(value_node)
            lines[key] = (
                key_mark.line + offset,
                key_mark.column + 1,
                value_mark.line + offset,
                value_mark.column + 1,
            )
        return fields

    def _sequence(self, node: yaml.SequenceNode) -> Items:
        items = Items()
        offset = self.offset
        for child in node.value:
            items.append(self.build(child))
            mark = child.start_mark
            items.lines.append((mark.line + offset, mark.column + 1))
        return items


def parse(path: str, text: str, opening: int, problems: list[Problem]) -> Fields | None:
    loader = _StrictLoader(text)
    builder = _Builder(opening)
    try:
        node = loader.get_single_node()
        data = builder.build(node) if node is not None else None
    except yaml.YAMLError as error:
        problems.append(_yaml_problem(path, error, opening))
        return None
    except (RecursionError, TypeError, ValueError):
        problems.append(
            Problem(
                path,
                opening,
                1,
                "error",
                "yaml",
                said("The front matter could not be read."),
                said("Keep to simple `field: value` lines and lists."),
            )
        )
        return None
    finally:
        loader.dispose()
    for key, line, column in builder.duplicates:
        problems.append(
            Problem(
                path,
                line,
                column,
                "warning",
                "duplicate-field",
                said(
                    "`{key}` is written twice here; the later value is used.", key=key
                ),
                said("Delete the one that is out of date."),
            )
        )
    if data is None:
        return Fields()
    if not isinstance(data, Fields):
        problems.append(
            Problem(
                path,
                opening + 1,
                1,
                "error",
                "front-matter-not-mapping",
                said(
                    "The front matter must be `field: value` lines, but this is a list."
                )
                if isinstance(data, list)
                else said(
                    "The front matter must be `field: value` lines, but this is "
                    "plain text."
                ),
                said("Write one field per line, such as `date: 2026-09-14`."),
            )
        )
        return None
    return data


_YAML_PLAIN_WORDS = (
    (
        "mapping values are not allowed",
        N_("A colon (:) inside this value confuses the front matter."),
        N_('Put the value in double quotes, like title: "Re: speech sessions".'),
    ),
    (
        "could not find expected ':'",
        N_("This line is not in `field: value` form."),
        N_(
            "Each line needs a field name, a colon and a space, then the value. "
            "Notes about the day go below the closing ---."
        ),
    ),
    (
        "did not find expected key",
        N_("The indenting here does not line up with the lines above."),
        N_("Line up fields of the same level under each other, using spaces."),
    ),
    (
        "expected <block end>",
        N_("The indenting here does not line up with the lines above."),
        N_("Line up fields of the same level under each other, using spaces."),
    ),
    (
        "found unexpected end of stream",
        N_("A quote or bracket opened here is never closed."),
        N_("Close every \" and ' and every [ or { on the same line."),
    ),
    (
        "found character '\\t'",
        N_("There is a tab here; front matter needs spaces."),
        N_("Replace the tab with spaces."),
    ),
    (
        "could not determine a constructor",
        N_("This value starts with `!`, which the front matter does not allow."),
        N_('Put the value in double quotes, like "!important".'),
    ),
    (
        "found undefined alias",
        N_("A value starting with `*` is read as a reference to something else."),
        N_('Put the value in double quotes, like "*starred*".'),
    ),
)


def _yaml_problem(path: str, error: yaml.YAMLError, opening: int) -> Problem:
    problem = str(getattr(error, "problem", "") or error)
    context = str(getattr(error, "context", "") or "")
    mark = getattr(error, "problem_mark", None)
    # libyaml reports a missing ':' at the following line; the culprit is the
    # line where the key started.
    if "simple key" in context and getattr(error, "context_mark", None):
        mark = error.context_mark  # type: ignore[attr-defined]
    line = opening + 1 + (mark.line if mark else 0)
    column = (mark.column + 1) if mark else 1
    for needle, message, hint in _YAML_PLAIN_WORDS:
        if needle in problem or needle in context:
            return Problem(
                path, line, column, "error", "yaml", said(message), said(hint)
            )
    return Problem(
        path,
        line,
        column,
        "error",
        "yaml",
        said(
            "The front matter could not be read here ({problem}).",
            problem=problem.strip(),
        ),
        said("Check the quotes, colons and indenting on this line and the one above."),
    )
