"""Safe, bounded YAML (and JSON) reading with a side table of source positions.

PyYAML is only used to *compose* a node tree with the safe resolver; this module
builds plain Python values from the nodes itself so that it can

* reject duplicate keys and non-string keys,
* remember where every value (and every mapping key) sits in the file,
* remember how a scalar was written (``yes`` vs ``true``, ``1.10`` vs ``'1.10'``),
  so the typed readers can explain the YAML 1.1 traps, and
* bound the work a hostile document can cause (size, nesting depth, alias
  expansion).

Line numbers are never injected into the data: they live in :class:`SourceMap`.
"""

from __future__ import annotations

import datetime as _dt
import sys
from typing import Any

import attrs
import yaml

from sigrbm.errors import Code, Path, PathPart, Problem
from sigrbm.reading.files import InputFileError, read_limited
from sigrbm.reading.scalars import ScalarError, float_form_problem, int_form_problem, parse_date

#: Limits for one file. Bundled instruments are far below them (see docs/instrument-format.md).
MAX_BYTES = 2 * 1024 * 1024
MAX_DEPTH = 40
MAX_NODES = 200_000
#: Entries in one mapping or list (issue 14: 40,000 unknown answers are refused, not checked).
MAX_ENTRIES = 10_000

_BOOL_TAG = "tag:yaml.org,2002:bool"
_INT_TAG = "tag:yaml.org,2002:int"
_FLOAT_TAG = "tag:yaml.org,2002:float"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_NULL_TAG = "tag:yaml.org,2002:null"
_STR_TAG = "tag:yaml.org,2002:str"
#: libyaml's parser when PyYAML was built with it (much faster; same events and marks).
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ALLOWED_TAGS = frozenset(
    [
        _BOOL_TAG,
        _INT_TAG,
        _FLOAT_TAG,
        _TIMESTAMP_TAG,
        _NULL_TAG,
        _STR_TAG,
        "tag:yaml.org,2002:seq",
        "tag:yaml.org,2002:map",
    ]
)


@attrs.frozen
class Scalar:
    """How a scalar was written: its resolved tag, its source text and whether it was quoted."""

    tag: str
    text: str
    plain: bool


@attrs.define
class SourceMap:
    """Positions (1-based line, column) of values and keys, by document path."""

    file: str | None = None
    values: dict[Path, tuple[int, int]] = attrs.field(factory=dict)
    keys: dict[Path, tuple[int, int]] = attrs.field(factory=dict)
    scalars: dict[Path, Scalar] = attrs.field(factory=dict)

    def locate(self, path: Path, *, key: bool = False) -> tuple[int, int] | None:
        """The position of ``path`` (its key if ``key``), else of its nearest ancestor."""
        if key and path in self.keys:
            return self.keys[path]
        p = path
        while True:
            if p in self.values:
                return self.values[p]
            if not p:
                return None
            p = p[:-1]

    def problem(
        self, code: Code, path: Path, message: str, *, key: bool = False, sv: str | None = None
    ) -> Problem:
        """A :class:`Problem` located through this map (``sv``: the message in Swedish)."""
        pos = self.locate(path, key=key)
        return Problem(
            code=code,
            path=path,
            message=message,
            message_sv=sv,
            file=self.file,
            line=pos[0] if pos else None,
            column=pos[1] if pos else None,
        )


class _Rejected:
    """Stands in for a value already reported as unreadable (e.g. a forbidden tag)."""

    def __repr__(self) -> str:
        return "REJECTED"


#: Typed readers skip this value silently: its problem is already reported.
REJECTED: Any = _Rejected()


class YamlReadError(Exception):
    """Internal: reading stopped; carries the located problems."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(problems)
        self.problems = problems


def _pos(mark: Any) -> tuple[int, int]:
    return (int(mark.line) + 1, int(mark.column) + 1)


def _problem(file: str | None, code: Code, msg: str, mark: Any = None) -> Problem:
    line, col = _pos(mark) if mark is not None else (None, None)
    return Problem(code=code, path=(), message=msg, file=file, line=line, column=col)


def _check_events(text: str, file: str | None) -> None:
    """Reject too-deep documents before composing (the composer recurses)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_LOADER):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlReadError(
                        [
                            _problem(
                                file,
                                Code.TOO_DEEP,
                                f"the document nests deeper than {MAX_DEPTH} levels; "
                                "flatten it (instruments need a handful of levels)",
                                event.start_mark,
                            )
                        ]
                    )
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        raise YamlReadError([_syntax_problem(exc, file)]) from None
    except yaml.reader.ReaderError as exc:
        raise YamlReadError([_character_problem(exc, text, file)]) from None
    except yaml.YAMLError as exc:
        raise YamlReadError([_problem(file, Code.YAML_SYNTAX, f"not valid YAML: {exc}")]) from None


def _character_problem(exc: yaml.reader.ReaderError, text: str, file: str | None) -> Problem:
    """A character YAML does not allow (a NUL byte, a control), at its line and column."""
    pos = min(max(int(exc.position), 0), len(text))
    line = text.count("\n", 0, pos) + 1
    column = pos - (text.rfind("\n", 0, pos) + 1) + 1
    what = f"U+{exc.character:04X}" if isinstance(exc.character, int) else "a byte"
    return Problem(
        code=Code.YAML_SYNTAX,
        path=(),
        message=f"not valid YAML: the character {what} (a control character) is not allowed; "
        "remove it",
        file=file,
        line=line,
        column=column,
    )


def _syntax_problem(exc: yaml.MarkedYAMLError, file: str | None) -> Problem:
    what = " ".join(x for x in (exc.context, exc.problem) if x)
    return _problem(
        file,
        Code.YAML_SYNTAX,
        f"not valid YAML: {what or 'syntax error'}; check indentation, colons and quotes here",
        exc.problem_mark or exc.context_mark,
    )


class _Builder:
    """Turn composed nodes into plain values, recording positions as it goes."""

    def __init__(self, smap: SourceMap) -> None:
        self.smap = smap
        self.count = 0
        self.problems: list[Problem] = []
        self._constructor = yaml.constructor.SafeConstructor()

    def build(self, node: yaml.Node, path: Path) -> Any:
        self.count += 1
        if len(path) > MAX_DEPTH:
            # only reachable through an alias that points into itself
            raise YamlReadError(
                [
                    self.smap.problem(
                        Code.TOO_DEEP,
                        path[:2],
                        f"the document nests deeper than {MAX_DEPTH} levels "
                        "(an alias refers to itself); remove the alias",
                    )
                ]
            )
        if self.count > MAX_NODES:
            raise YamlReadError(
                [
                    self.smap.problem(
                        Code.TOO_MANY_NODES,
                        path,
                        f"the document expands to more than {MAX_NODES} values "
                        "(aliases multiply what they point to); remove the aliases",
                    )
                ]
            )
        self.smap.values.setdefault(path, _pos(node.start_mark))
        if node.tag not in _ALLOWED_TAGS:
            self.problems.append(
                self.smap.problem(
                    Code.YAML_SYNTAX,
                    path,
                    f"the YAML tag {node.tag} is not allowed here; remove it and write plain "
                    "text, numbers, lists and mappings",
                )
            )
            return REJECTED
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and len(node.value) > MAX_ENTRIES:
            self.problems.append(  # issue 14: bounded work per mapping or list
                self.smap.problem(
                    Code.TOO_MANY_NODES,
                    path,
                    f"this {'mapping' if isinstance(node, yaml.MappingNode) else 'list'} has "
                    f"{len(node.value)} entries; sigrbm reads at most {MAX_ENTRIES} in one place",
                )
            )
            return REJECTED
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        return self._scalar(node, path)

    def _scalar(self, node: yaml.ScalarNode, path: Path) -> Any:
        self.smap.scalars[path] = Scalar(node.tag, node.value, not node.style)
        strict = _strict_form(node)
        if strict is not None:
            self.problems.append(self.smap.problem(strict.code, path, strict.message))
            return REJECTED
        try:
            value = self._constructor.construct_object(node)
        except (yaml.YAMLError, ValueError, OverflowError):
            # e.g. an impossible timestamp like 2024-13-45: keep the text, types are checked later
            value = node.value
        if isinstance(value, _dt.datetime | _dt.date) or value is None:
            return value
        return value

    def _mapping(self, node: yaml.MappingNode, path: Path) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    self.smap.problem(Code.WRONG_TYPE, path, "a key must be a plain name")
                )
                continue
            key = self._scalar_key(key_node, path)
            if key is None:
                continue
            child = (*path, key)
            kpos = _pos(key_node.start_mark)
            if key in out:
                first = self.smap.keys.get(child)
                where = f" (first at line {first[0]})" if first else ""
                self.problems.append(
                    attrs.evolve(
                        self.smap.problem(
                            Code.DUPLICATE_KEY,
                            child,
                            f"key '{key}' appears twice in the same mapping{where}; "
                            "keep one of them",
                        ),
                        line=kpos[0],
                        column=kpos[1],
                    )
                )
                continue
            self.smap.keys[child] = kpos
            out[key] = self.build(value_node, child)
        return out

    def _scalar_key(self, key_node: yaml.ScalarNode, path: Path) -> str | None:
        kpos = _pos(key_node.start_mark)
        if key_node.tag == _STR_TAG or key_node.style:
            return str(key_node.value)
        if key_node.tag == _BOOL_TAG:
            code, what = Code.YAML_BOOLEAN_TRAP, "YAML 1.1 reads it as a true/false value"
        elif key_node.tag in (_INT_TAG, _FLOAT_TAG):
            code, what = Code.YAML_NUMBER_TRAP, "YAML reads it as a number"
        elif key_node.tag == _TIMESTAMP_TAG:
            code, what = Code.YAML_DATE_TRAP, "YAML reads it as a date"
        else:
            code, what = Code.WRONG_TYPE, "it is not a plain name"
        child = (*path, str(key_node.value))
        self.problems.append(
            Problem(
                code=code,
                path=child,
                message=f"key '{key_node.value}' is ambiguous: {what}; quote it",
                file=self.smap.file,
                line=kpos[0],
                column=kpos[1],
            )
        )
        return None


def _strict_form(node: yaml.ScalarNode) -> ScalarError | None:
    """Why a plain number or date is not written strictly (YAML 1.1 would change it)."""
    if node.style:
        return None
    if node.tag == _INT_TAG:
        return int_form_problem(node.value)
    if node.tag == _FLOAT_TAG:
        if node.value.lstrip("+-").lower() in (".inf", ".nan"):
            return None  # spelled out on purpose; the typed readers refuse it where it matters
        return float_form_problem(node.value)
    if node.tag == _TIMESTAMP_TAG:
        try:
            parse_date(node.value)
        except ScalarError as exc:
            return exc
    return None


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """How many values ``node`` becomes once aliases are expanded (linear in the node count;
    an alias that points into itself counts as too many)."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 0  # in progress: a cycle is left to the builder, which reports its depth
    size = 1
    if isinstance(node, yaml.SequenceNode):
        for child in node.value:
            size += _expanded_size(child, memo)
            if size > MAX_NODES:
                break
    elif isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            size += _expanded_size(k, memo) + _expanded_size(v, memo)
            if size > MAX_NODES:
                break
    memo[key] = size
    return size


def _first_too_big(node: yaml.Node, sizes: dict[int, int]) -> tuple[Path, yaml.Node]:
    """The deepest value whose expansion alone passes the limit, and its path."""
    path: Path = ()
    while True:
        children: list[tuple[PathPart, yaml.Node]] = []
        if isinstance(node, yaml.SequenceNode):
            children = list(enumerate(node.value))
        elif isinstance(node, yaml.MappingNode):
            children = [(str(k.value), v) for k, v in node.value]
        big = [(part, c) for part, c in children if sizes.get(id(c), 0) > MAX_NODES]
        if not big:
            return path, node
        path, node = (*path, big[0][0]), big[0][1]


def read_text(text: str, file: str | None = None) -> tuple[Any, SourceMap, list[Problem]]:
    """Parse one YAML/JSON document into plain values.

    Returns the data, its source map and the problems found while building (duplicate
    keys, ambiguous keys). Raises :class:`YamlReadError` when nothing usable can be read.
    """
    smap = SourceMap(file=file)
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise YamlReadError(
            [
                _problem(
                    file,
                    Code.TOO_LARGE,
                    f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB; "
                    "an instrument or case file should be far smaller",
                )
            ]
        )
    _check_events(text, file)
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as exc:
        raise YamlReadError([_syntax_problem(exc, file)]) from None
    except yaml.YAMLError as exc:
        raise YamlReadError([_problem(file, Code.YAML_SYNTAX, f"not valid YAML: {exc}")]) from None
    if node is None:
        raise YamlReadError(
            [
                Problem(
                    code=Code.EMPTY_DOCUMENT,
                    path=(),
                    message="the file holds no document; it is empty or only comments",
                    file=file,
                    line=1,
                    column=1,
                )
            ]
        )
    # issue 14: refuse an alias bomb before building (only a document with an alias can be one)
    sizes: dict[int, int] = {}
    if "*" in text and _expanded_size(node, sizes) > MAX_NODES:
        path, where = _first_too_big(node, sizes)
        raise YamlReadError(
            [
                attrs.evolve(
                    _problem(
                        file,
                        Code.TOO_MANY_NODES,
                        f"this expands to more than {MAX_NODES} values "
                        "(aliases multiply what they point to); remove the aliases",
                        where.start_mark,
                    ),
                    path=path,
                )
            ]
        )
    builder = _Builder(smap)
    data = builder.build(node, ())
    return data, smap, builder.problems


def read_file(path: str, display: str | None = None) -> tuple[Any, SourceMap, list[Problem]]:
    """Read a file as UTF-8 text and parse it with :func:`read_text` (``display`` names it)."""
    name = display or path
    try:
        raw = read_limited(path, MAX_BYTES)
    except InputFileError as exc:
        raise YamlReadError([_problem(name, exc.code, exc.message)]) from None
    return read_bytes(raw, name)


def read_stdin() -> tuple[Any, SourceMap, list[Problem]]:
    """Read standard input (at most :data:`MAX_BYTES`) and parse it like a file."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is not None:
        raw: bytes = stream.read(MAX_BYTES + 1)
    else:  # a text stream put in place of stdin (tests, embedding)
        raw = sys.stdin.read(MAX_BYTES + 1).encode("utf-8", errors="surrogateescape")
    return read_bytes(raw, "<stdin>")


def read_bytes(raw: bytes, name: str | None) -> tuple[Any, SourceMap, list[Problem]]:
    """Decode UTF-8 bytes (a BOM is allowed) and parse them with :func:`read_text`."""
    if len(raw) > MAX_BYTES:
        raise YamlReadError(
            [
                _problem(
                    name,
                    Code.TOO_LARGE,
                    f"the file is larger than {MAX_BYTES // (1024 * 1024)} MiB; "
                    "an instrument or case file should be far smaller",
                )
            ]
        )
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        raise YamlReadError(
            [
                Problem(
                    code=Code.UNREADABLE,
                    path=(),
                    message="the file is not UTF-8 text; save it as UTF-8",
                    file=name,
                    line=line,
                    column=column,
                )
            ]
        ) from None
    return read_text(text, name)
