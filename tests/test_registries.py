"""Each domain fact in one place: the problem codes (model/problems.CODES)
and the finding kinds (analyze/finding_kinds.KINDS) are registries; the code
makes no code or kind they lack, they hold none the code never makes, and
the docs name every one."""

from __future__ import annotations

import ast
import dataclasses
import datetime as dt
import re
from pathlib import Path

import iepjournal
from iepjournal.analyze.finding_kinds import KINDS
from iepjournal.analyze.findings import Finding
from iepjournal.model.problems import CODES

PACKAGE = Path(iepjournal.__file__).parent
DOCS = Path(__file__).resolve().parent.parent / "docs"  # the repository's
CODE_LIKE = re.compile(r"[a-z]+(-[a-z0-9]+)+|yaml|tab|unreadable")
# Where a problem's code is given: the calls that make a problem.
PROBLEM_MAKERS = {"Problem", "DateError", "problem", "key_problem", "choice", "add",
                  "_problem"}  # fmt: skip


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _strings(node: ast.AST) -> list[str]:
    """String constants of a call's arguments, and of dictionaries or
    conditional expressions there (a code chosen among several)."""
    found = []
    for inner in ast.walk(node):
        if isinstance(inner, ast.Constant) and isinstance(inner.value, str):
            found.append(inner.value)
    return found


def codes_in_source() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for function in ast.walk(tree):
            if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                _codes_in(function, path, found)
    return found


def _codes_in(function: ast.AST, path: Path, found: dict[str, str]) -> None:
    assert isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
    arguments = function.args
    named = arguments.args[len(arguments.args) - len(arguments.defaults) :]
    for parameter, default in zip(named, arguments.defaults, strict=True):
        if parameter.arg == "code" and isinstance(default, ast.Constant):
            found.setdefault(str(default.value), f"{path.name}:{function.lineno}")
    for node in ast.walk(function):
        if isinstance(node, ast.Call) and _name(node) in PROBLEM_MAKERS:
            if _name(node) == "add" and path.name != "settings_file.py":
                continue  # another `add` (a calendar's, a set's)
            for argument in _code_arguments(node):
                where = f"{path.name}:{node.lineno}"
                assert not isinstance(argument, ast.JoinedStr), where
                for value in _assigned(function, argument):
                    for text in _strings(value):
                        if CODE_LIKE.fullmatch(text):
                            found.setdefault(text, where)


def _assigned(function: ast.AST, argument: ast.expr) -> list[ast.AST]:
    """The argument, or for a variable, every value the function assigns to
    it (`code = ...`, `code, message = (..., ...)`)."""
    if not isinstance(argument, ast.Name):
        return [argument]
    assert isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
    parameters = function.args.args + function.args.kwonlyargs
    if argument.id in {a.arg for a in parameters}:
        return []  # a helper's parameter: its callers are scanned
    values: list[ast.AST] = []
    for node in ast.walk(function):
        if not isinstance(node, ast.Assign):
            continue
        for target in node.targets:
            if isinstance(target, ast.Name) and target.id == argument.id:
                values.append(node.value)
            elif isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                for name, value in zip(target.elts, node.value.elts, strict=False):
                    if isinstance(name, ast.Name) and name.id == argument.id:
                        values.append(value)
    assert values, f"the code {argument.id} is never assigned"
    return values


def _code_arguments(call: ast.Call) -> list[ast.expr]:
    """Where a call that makes a problem takes its code: Problem(path, line,
    column, severity, code, ...); DateError(code, ...); the settings'
    add(key, code, ...); the readers' problem and key_problem(key, severity,
    code, ...) and choice(key, options, severity, code, ...); the importer's
    _problem(source, what, severity, code, ...), whose default code counts."""
    name = _name(call)
    position = {"Problem": 4, "DateError": 0, "add": 1, "problem": 2,
                "key_problem": 2, "choice": 3, "_problem": 3}[name]  # fmt: skip
    found = call.args[position : position + 1]
    found += [k.value for k in call.keywords if k.arg == "code"]
    return found


def test_every_problem_code_is_registered_and_used():
    used = codes_in_source()
    assert sorted(set(used) - set(CODES)) == []
    assert sorted(set(CODES) - set(used)) == []


def test_the_docs_name_every_problem_code():
    text = (DOCS / "problems.md").read_text(encoding="utf-8")
    assert [code for code in CODES if f"`{code}`" not in text] == []


def kinds_in_source() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted((PACKAGE / "analyze").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node) == "Finding":
                first = node.args[0] if node.args else None
                for keyword in node.keywords:
                    if keyword.arg == "kind":
                        first = keyword.value
                assert first is not None, f"{path}:{node.lineno}"
                texts = _strings(first)
                assert texts, f"{path}:{node.lineno}: a kind not written out"
                for text in texts:
                    found.setdefault(text, f"{path.name}:{node.lineno}")
    return found


def test_every_finding_kind_is_registered_and_made():
    made = kinds_in_source()
    assert sorted(set(made) - set(KINDS)) == []
    assert sorted(set(KINDS) - set(made)) == []


def test_the_docs_name_every_finding_kind():
    text = (DOCS / "report.md").read_text(encoding="utf-8")
    assert [kind for kind in KINDS if f"`{kind}`" not in text] == []


def test_a_finding_in_json_carries_every_field_it_has():
    finding = Finding("harder-time", "More hard days.", ("notes/a",),
                      dt.date(2026, 9, 30), "mood", "Ask.")  # fmt: skip
    data = finding.as_json()
    for field in dataclasses.fields(Finding):
        key = {"day": "date", "meeting": "meeting_reason"}.get(field.name, field.name)
        assert key in data, field.name
    assert data["date"] == "2026-09-30" and data["advice"] == "Ask."
    assert data["meeting_reason"] is True and data["section"] == "meeting-reasons"
