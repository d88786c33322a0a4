"""Adding records to a case file safely: the rest of the text kept, atomic, never lost.

A human edits case files too, so an edit must keep comments, key order and formatting.
PyYAML cannot write comments back, and no round-trip YAML library is a dependency, so new
list items (an event under ``history``, an assessment, a consent, a plan) are **appended
textually** at the end of their list; the result is read back and must equal the old data
plus the new items, or the edit is refused (C714). JSON files have no comments and are
rewritten with their key order.

Every edit is checked as a whole file by the one check of a case file
(``sigrbm.casework.case_check``: structure, history, ids, answers, the program's guards);
a refused edit never touches the file. Writing is guarded against concurrent updates: a lock
file beside the case file (created exclusively) and a compare-and-swap on the SHA-256 of the
text read at the start. A second writer is refused (C712 busy, C713 changed), never lost.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import yaml

from sigrbm.case.model import Case
from sigrbm.casework.case_check import check_case_str
from sigrbm.casework.program import ProgramProfile
from sigrbm.errors import Code, Problem
from sigrbm.reading.atomic import write_atomic
from sigrbm.reading.files import read_limited
from sigrbm.reading.source import MAX_BYTES, SourceMap


@attrs.frozen(kw_only=True)
class Snapshot:
    """A case file's text as read at the start of an edit, with its hash."""

    path: Path
    text: str
    digest: str


@attrs.frozen(kw_only=True)
class Edit:
    """The outcome of preparing an edit: the new text and case, or the problems."""

    snapshot: Snapshot
    text: str | None
    case: Case | None
    problems: tuple[Problem, ...]
    #: the program the one check used (the file's, or the one given)
    program: ProgramProfile | None = None


class EditRefusedError(Exception):
    """The file could not be written (busy or changed); carries the problem."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(str(problem))


def digest(text: str) -> str:
    """``sha256:`` of the text's UTF-8 bytes."""
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def read_snapshot(path: str | os.PathLike[str]) -> Snapshot:
    """Read a case file for editing (OSError / UnicodeDecodeError pass through)."""
    p = Path(path)
    text = read_limited(p, MAX_BYTES).decode("utf-8")  # issue 22: a FIFO never blocks
    return Snapshot(path=p, text=text, digest=digest(text))


def _plain(value: Any) -> Any:
    """Data with dates as ISO text, for comparing what was written with what was meant."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _dump_item(item: dict[str, Any], indent: int) -> str:
    text = yaml.safe_dump(
        [item], allow_unicode=True, sort_keys=False, default_flow_style=False, width=100
    )
    pad = " " * indent
    return "".join(pad + line if line.strip() else line for line in text.splitlines(True))


def _last_scalar_end(node: yaml.Node) -> yaml.Mark:
    while isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(node, yaml.MappingNode) else last
    return node.end_mark


def _line_start(text: str, line: int) -> int:
    """Index of the start of 0-based ``line`` (len(text) past the end)."""
    pos = 0
    for _ in range(line):
        nl = text.find("\n", pos)
        if nl < 0:
            return len(text)
        pos = nl + 1
    return pos


def append_item(text: str, key: str, item: dict[str, Any]) -> str | None:
    """``text`` with ``item`` appended to the top-level list ``key``; None if it cannot be
    done while keeping the rest of the text (the caller refuses the edit)."""
    if text.lstrip().startswith("{"):
        data = json.loads(text)
        data.setdefault(key, []).append(_plain(item))
        return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    if "\r\n" in text:  # keep Windows line endings as they are
        done = append_item(text.replace("\r\n", "\n"), key, item)
        return None if done is None else done.replace("\n", "\r\n")
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    if not isinstance(root, yaml.MappingNode):
        return None
    found = [(k, v) for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == key]
    if not found:
        base = text if text.endswith("\n") or not text else text + "\n"
        return base + f"{key}:\n" + _dump_item(item, 2)
    knode, vnode = found[0]
    if isinstance(vnode, yaml.SequenceNode) and not vnode.flow_style and vnode.value:
        first = vnode.value[0].start_mark
        prefix = text[_line_start(text, first.line) : first.index]
        dash = prefix.rfind("-")
        if dash < 0:
            return None
        end = _last_scalar_end(vnode)
        at = _line_start(text, end.line if end.column == 0 else end.line + 1)
        head = text[:at] if text[:at].endswith("\n") or not at else text[:at] + "\n"
        return head + _dump_item(item, dash) + text[at:]
    empty = (isinstance(vnode, yaml.SequenceNode) and not vnode.value) or (
        isinstance(vnode, yaml.ScalarNode) and vnode.tag.endswith(":null") and not vnode.value
    )
    if not empty:
        return None
    indent = knode.start_mark.column + 2
    start, stop = vnode.start_mark.index, vnode.end_mark.index
    if start == stop:  # `key:` with nothing after it: put the list below the key
        start = stop = knode.end_mark.index + 1
        tail = text[stop:]
        nl = tail.find("\n")
        at = stop + (nl + 1 if nl >= 0 else len(tail))
        head = text[:at] if text[:at].endswith("\n") else text[:at] + "\n"
        return head + _dump_item(item, indent) + text[at:]
    rest = text[stop:]
    nl = rest.find("\n")
    after = rest[nl + 1 :] if nl >= 0 else ""
    return text[:start].rstrip(" ") + "\n" + _dump_item(item, indent) + after


def _check_appended(old: str, new: str, additions: Sequence[tuple[str, dict[str, Any]]]) -> bool:
    try:
        before = yaml.safe_load(old) or {}
        after = yaml.safe_load(new)
    except yaml.YAMLError:
        return False
    if not isinstance(before, dict):
        return False
    expected = _plain(before)
    for key, item in additions:
        if expected.get(key) is None:
            expected[key] = []
        expected[key].append(_plain(item))
    return bool(_plain(after) == expected)


def prepare(
    snapshot: Snapshot,
    additions: Sequence[tuple[str, dict[str, Any]]],
    program: ProgramProfile | None = None,
) -> Edit:
    """The case file with ``additions`` (top-level list key, item) appended, checked whole."""
    name = str(snapshot.path)
    text: str | None = snapshot.text
    for key, item in additions:
        try:
            text = append_item(text, key, item) if text is not None else None
        except (yaml.YAMLError, json.JSONDecodeError):
            text = None
    if text is None or not _check_appended(snapshot.text, text, additions):
        problem = SourceMap(file=name).problem(
            Code.CASE_EDIT_FAILED,
            (),
            "cannot add to this file while keeping its text (a list written in flow style "
            "[...], or the file is not valid YAML); add the record by hand",
            sv="kan inte lägga till i filen och samtidigt behålla texten (en lista skriven "
            "[...] på en rad, eller ingen giltig YAML); lägg till posten för hand",
        )
        return Edit(snapshot=snapshot, text=None, case=None, problems=(problem,))
    got = check_case_str(text, name, program=program)
    return Edit(
        snapshot=snapshot, text=text, case=got.case, problems=got.problems, program=got.program
    )


def lock_path(path: Path) -> Path:
    """The lock file that marks an update of ``path`` in progress."""
    return path.with_name(f".{path.name}.lock")


def _lock_owner(lock: Path) -> int | None:
    """The process id written in a lock file (None: unreadable or not a number)."""
    try:
        text = lock.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() else None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it runs
        return True
    return True


def _busy(lock: Path, smap: SourceMap) -> Problem:
    """C722 when the lock's process no longer runs (a killed update), else C712."""
    pid = _lock_owner(lock)
    # stale only if the lock is still there, from the same process, after the check: an
    # update that just ended removed its lock (then it is C712: try again)
    if pid is not None and not _running(pid) and _lock_owner(lock) == pid:
        return smap.problem(
            Code.CASE_FILE_LOCK_STALE,
            (),
            f"the lock file {lock.name} was left by an update (process {pid}) that no longer "
            f"runs, e.g. killed; the case file itself is whole: remove {lock} and run the "
            "command again",
            sv=f"låsfilen {lock.name} lämnades av en uppdatering (process {pid}) som inte "
            f"längre körs, t.ex. avbruten; själva ärendefilen är hel: ta bort {lock} och kör "
            "kommandot igen",
        )
    return smap.problem(
        Code.CASE_FILE_BUSY,
        (),
        f"another update of this case file is in progress ({lock.name} exists); "
        "try again, or remove the lock file if no update is running",
        sv=f"en annan uppdatering av ärendefilen pågår ({lock.name} finns); försök igen, "
        "eller ta bort låsfilen om ingen uppdatering pågår",
    )


def commit(snapshot: Snapshot, text: str) -> None:
    """Write ``text`` over the snapshot's file, atomically, only if nobody changed it since
    it was read; raises :class:`EditRefusedError` (C712 busy, C713 changed) otherwise."""
    lock = lock_path(snapshot.path)
    smap = SourceMap(file=str(snapshot.path))
    try:
        fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        raise EditRefusedError(_busy(lock, smap)) from None
    try:
        os.write(fd, str(os.getpid()).encode())
        os.close(fd)
        now = read_limited(snapshot.path, MAX_BYTES + 1).decode("utf-8", errors="replace")
        if digest(now) != snapshot.digest:
            raise EditRefusedError(
                smap.problem(
                    Code.CASE_FILE_CHANGED,
                    (),
                    "the case file changed since it was read (someone else saved it); "
                    "nothing was written: run the command again",
                    sv="ärendefilen har ändrats sedan den lästes (någon annan sparade den); "
                    "inget skrevs: kör kommandot igen",
                )
            )
        mode = snapshot.path.stat().st_mode & 0o777
        write_atomic(snapshot.path, text)
        os.chmod(snapshot.path, mode)
    finally:
        lock.unlink(missing_ok=True)
