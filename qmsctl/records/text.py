"""From a file's bytes to NFC text and parsed YAML, with findings for bad input.

Reading for checks and figures goes through PyYAML's C parser (libyaml). Its
resolver is set to the YAML 1.2 core schema, the one ruamel.yaml (used for
edits and positions) follows, so a file means the same thing on every read
path: `16:00` stays text (YAML 1.1 reads 960), `010` is ten, `yes` is text.
Dates are not resolved here: they stay text and the models parse them, so a
date that does not exist (30 February) is a finding on its field, not a
failure of the whole file.

A plain file (most record files: block mappings and flow collections of plain
and quoted scalars) is read first by `yaml_rs` (a YAML 1.2 reader in Rust, 6-10
times faster than libyaml building Python objects, bench/bench_yaml.py).
Whatever it reads otherwise than libyaml, or may (anchors, tags, block
scalars, tabs, several documents, numbers with underscores or bases, a
collection as a key: `_plain`), and whatever it refuses, goes to libyaml,
whose messages name the line.
"""

from __future__ import annotations

import codecs
import os
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode, ScalarNode

try:
    from yaml_rs import loads as _fast_loads
except ImportError:  # pragma: no cover - a dependency; libyaml reads everything without it
    _fast_loads: Callable[..., Any] | None = None  # type: ignore[no-redef]

from qmsctl.i18n import N_, _

# Limits of the reader (docs/findings.md, Y111-Y114); an agency with bigger files raises them.
MAX_FILE_BYTES = int(os.environ.get("QMSCTL_MAX_FILE_BYTES") or 32 * 1024 * 1024)
MAX_DEPTH = int(os.environ.get("QMSCTL_MAX_DEPTH") or 64)
# Aliases may repeat a value (a YAML anchor), never explode it: the value as read may hold at
# most this many times the nodes written, beyond a first allowance.
MAX_ALIAS_GROWTH = 10
ALIAS_ALLOWANCE = 10_000

CORE_TAGS = {f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")}


class RecordLoader(yaml.CSafeLoader):  # type: ignore[misc,name-defined]
    """libyaml parser, YAML 1.2 core scalars and tags only, duplicate keys collected; a value
    that does not fit its tag is a ConstructorError at its line, never a crash."""

    yaml_implicit_resolvers: dict[str | None, list[tuple[str, re.Pattern[str]]]] = {}

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.duplicate_keys: list[tuple[str, int, int]] = []

    def construct_object(self, node: Any, deep: bool = False) -> Any:
        if node.tag not in CORE_TAGS:
            raise ConstructorError(
                None, None, _("the tag {tag} is not one records use").format(tag=node.tag), node.start_mark
            )
        try:
            return super().construct_object(node, deep)
        except (ValueError, KeyError, TypeError, OverflowError):
            raise ConstructorError(
                None, None, _("the value does not fit its tag {tag}").format(tag=node.tag), node.start_mark
            ) from None

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, _("a mapping is expected here"), node.start_mark)
        seen: set[str] = set()
        for key_node, _value in node.value:
            if isinstance(key_node, ScalarNode):
                if key_node.value in seen:
                    mark = key_node.start_mark
                    self.duplicate_keys.append((key_node.value, mark.line + 1, mark.column + 1))
                seen.add(key_node.value)
        return super().construct_mapping(node, deep)  # type: ignore[no-any-return]

    def construct_yaml_int(self, node: ScalarNode) -> int:
        value = str(self.construct_scalar(node))
        sign = -1 if value.startswith("-") else 1
        digits = value.lstrip("+-")
        if digits.startswith("0o"):
            return sign * int(digits[2:], 8)
        if digits.startswith("0x"):
            return sign * int(digits[2:], 16)
        return sign * int(digits, 10)


RecordLoader.add_constructor("tag:yaml.org,2002:int", RecordLoader.construct_yaml_int)
RecordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
RecordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)
RecordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
RecordLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)


@dataclass
class TextProblem(Exception):
    """A file that cannot be read as YAML text, at a 1-based line and column."""

    code: str
    message: str
    hint: str
    line: int = 1
    column: int = 1


_CONFLICT = re.compile(rb"^(?:<<<<<<<|=======|>>>>>>>)(?: |\r?$)", re.MULTILINE)
# Windows-1258 writes Vietnamese tones as combining marks at these bytes.
_CP1258_TONES = frozenset(b"\xcc\xec\xde\xd2\xf2")


def _wide(data: bytes) -> bool:
    """UTF-16 or UTF-32 (what Notepad saves as "Unicode"): a byte order mark, or the zero
    bytes every ASCII character brings."""
    head = data[:512]
    return data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or head.count(0) > len(head) // 4


def _guess_legacy_encoding(data: bytes) -> str:
    high = [b for b in data if b >= 0x80]
    tones = sum(1 for b in high if b in _CP1258_TONES)
    if high and tones / len(high) > 0.25:
        return "Windows-1258"
    return "TCVN3 (ABC)"


def decode(data: bytes, decomposed: list[int] | None = None) -> str:
    """UTF-8 bytes (with or without a BOM) to NFC text; anything else is a TextProblem. Text
    that was not in NFC (typed decomposed, "o" and a combining hook) adds the line of its first
    combining mark to `decomposed`."""
    conflict = _CONFLICT.search(data)
    if conflict:
        line = data.count(b"\n", 0, conflict.start()) + 1
        raise TextProblem(
            "Y103",
            _("Unresolved git merge conflict marker"),
            _("Resolve the conflict: keep one version and delete the <<<<<<<, ======= and >>>>>>> lines."),
            line,
        )
    if _wide(data):
        raise TextProblem(
            "Y104",
            _("The file is not UTF-8; it looks like {encoding}").format(encoding="UTF-16"),
            _("Save it again as UTF-8 (Notepad: Save As, Encoding UTF-8), or convert it: iconv -f UTF-16 -t UTF-8."),
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise TextProblem(
            "Y104",
            _("The file is not UTF-8; it looks like {encoding}").format(encoding=_guess_legacy_encoding(data)),
            _("Convert it to UTF-8 (for example: iconv -f CP1258 -t UTF-8, or a TCVN3 converter such as Unikey's)."),
            line,
            column,
        ) from None
    if not text.strip():
        raise TextProblem("Y105", _("The file is empty"), _("Fill it in or delete it."))
    if not unicodedata.is_normalized("NFC", text):
        if decomposed is not None:
            first = next((i for i, c in enumerate(text) if unicodedata.combining(c)), 0)
            decomposed.append(text.count("\n", 0, first) + 1)
        text = unicodedata.normalize("NFC", text)
    return text


_FLOW_MARKS = re.compile(r"[\[\]{}\"'\n]")
_INDENT = re.compile(r"^ +", re.MULTILINE)


def _flow_depth(text: str) -> int:
    """The deepest nesting of [ and { (outside quotes, roughly): checked before parsing, as
    the parser recurses on it. Only the brackets, quotes and line ends are visited."""
    if text.count("[") + text.count("{") <= MAX_DEPTH:
        return 0  # cannot nest deeper than it has brackets
    depth = deepest = 0
    quote = ""
    for mark in _FLOW_MARKS.finditer(text):
        char = mark.group()
        if char == "\n":
            quote = ""  # a plain scalar's apostrophe does not open a quote across lines
        elif quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(0, depth - 1)
    return deepest


def _may_exceed(text: str) -> bool:
    """Whether the composed nodes need walking: only anchors or aliases can multiply a file, and
    block nesting deeper than the limit needs at least that much indentation."""
    if "&" in text or "*" in text:
        return True
    if " " * (MAX_DEPTH + 1) not in text:  # no line is indented that deep
        return False
    return max((len(m) for m in _INDENT.findall(text)), default=0) > MAX_DEPTH


def _limits(node: Any) -> tuple[int, int, int, Any]:
    """(depth, nodes written, nodes as read with every alias expanded, the deepest node)."""
    written: set[int] = set()
    expanded: dict[int, int] = {}
    deepest, deepest_node = 0, node
    stack: list[tuple[Any, int, bool]] = [(node, 1, False)]
    while stack:
        current, depth, done = stack.pop()
        children = (
            [child for pair in current.value for child in pair]
            if isinstance(current, MappingNode)
            else current.value
            if isinstance(current, yaml.SequenceNode)
            else []
        )
        if done:
            expanded[id(current)] = 1 + sum(expanded[id(child)] for child in children)
            continue
        if depth > deepest:
            deepest, deepest_node = depth, current
        if id(current) in written:
            continue  # an alias: counted once written, its size once more where it is used
        written.add(id(current))
        stack.append((current, depth, True))
        stack.extend((child, depth + 1, False) for child in children if id(child) not in written)
        if deepest > MAX_DEPTH:
            break
    return deepest, len(written), expanded.get(id(node), len(written)), deepest_node


# The YAML parser's own words (libyaml's and PyYAML's), said in the user's language; a problem not
# listed is shown as the parser says it.
PARSER_WORDS = {
    "found a tab character that violates indentation": N_("a tab character where the indentation needs spaces"),
    "found character '\\t' that cannot start any token": N_("a tab character where the indentation needs spaces"),
    "mapping values are not allowed here": N_("a colon and a space inside a value that is not in quotes"),
    "mapping values are not allowed in this context": N_("a colon and a space inside a value that is not in quotes"),
    "could not find expected ':'": N_("a key without its colon"),
    "did not find expected key": N_("a line indented differently from the keys around it"),
    "did not find expected '-' indicator": N_("a line indented differently from the items of its list"),
    "did not find expected node content": N_("a list or mapping item with nothing after its marker"),
    "found character that cannot start any token": N_("a character that cannot start a value (quote the value)"),
    "found unexpected end of stream": N_("the file ends inside a value (a quote not closed?)"),
    "found undefined alias": N_("an alias (*name) with no anchor (&name) before it"),
    "found unknown escape character": N_("an unknown escape (a backslash) inside double quotes"),
    "expected a comment or a line break": N_("text after a value where only a comment may follow"),
    "found unexpected ':'": N_("a colon where no key is expected"),
    "found duplicate anchor": N_("an anchor (&name) written twice"),
    "expected <block end>, but found '<block mapping start>'": N_(
        "a line indented differently from the keys around it"
    ),
    "expected <block end>, but found '-'": N_("a list item where a key is expected"),
    "expected <block end>, but found '<scalar>'": N_("a value where a key is expected"),
}


def parser_words(problem: str | None) -> str:
    """What the parser found, in the user's language when the words are known."""
    text = (problem or "").strip()
    for english, said in PARSER_WORDS.items():
        if text.startswith(english):
            return _(said)
    return text


def _too_much(problem: str, hint: str, mark: Any = None) -> TextProblem:
    return TextProblem("Y113", problem, hint, (mark.line + 1) if mark else 1, (mark.column + 1) if mark else 1)


# What the fast reader may read otherwise than libyaml: control characters, tabs, line and
# byte-order marks; anchors, aliases, tags, directives, explicit keys (one character each);
# and, each looked for only when a character it needs is in the text, lines ended by a
# carriage return alone, document markers,
# numbers in a base, with underscores or too long for Python's int(), empty keys and block
# scalars.
_ODD_CHARACTERS = re.compile(r"[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff&*!%?]")
# What a form needs to be there at all, looked for first: substrings (quick), or for the six
# prefixes of a number in a base one regex (six substring searches cost a file 5 µs).
_BASE_PREFIX = re.compile(r"0[bBoOxX]")
_ODD_FORMS: tuple[tuple[tuple[str, ...] | re.Pattern[str], re.Pattern[str]], ...] = (
    (("\r",), re.compile(r"\r(?!\n)")),  # a line ended by a carriage return alone
    (("---", "..."), re.compile(r"\n(?:---|\.\.\.)")),
    (_BASE_PREFIX, re.compile(r"(?<![\w.])[-+]?0[bBoOxX]")),
    (("_",), re.compile(r"\d_|_\d")),
    ((":",), re.compile(r"\n[ -]*:(?:\s|$)")),  # the search for a literal line end is quick
    (("|", ">"), re.compile(r"[|>][-+0-9]*[ ]*(?:#.*)?$", re.MULTILINE)),
)
_AT_START = re.compile(r"(?:---|\.\.\.|[ -]*:(?:\s|$))")  # a document marker, an empty key
# Numbers up to Python's limit for int() (4,300 digits) are read alike; a longer one libyaml refuses.
_LONG_NUMBER = re.compile(r"\d{4000}")
_SLOW = object()


def _plain(text: str) -> bool:
    if _ODD_CHARACTERS.search(text) or _AT_START.match(text):
        return False
    for needs, form in _ODD_FORMS:
        present = needs.search(text) if isinstance(needs, re.Pattern) else any(need in text for need in needs)
        if present and form.search(text):
            return False
    return len(text) < 4000 or not _LONG_NUMBER.search(text)


def _read_plain(text: str, refusals: list[str]) -> Any:
    """The data of a plain file read by the fast reader; `_SLOW` for any other file (and what
    the fast reader said when it refused the text, in `refusals`)."""
    if _fast_loads is None or not _plain(text) or _may_exceed(text):
        return _SLOW
    try:
        data = _fast_loads(text, parse_datetime=False)  # refuses duplicate keys: libyaml lists them
    except Exception as error:  # noqa: BLE001 - whatever it refuses, libyaml reads or explains
        refusals.append(str(error))
        return _SLOW
    if ("{" in text or "[" in text) and not _plain_data(data):  # a key is a collection only in flow
        return _SLOW
    return data


_SCALARS = (str, int, float, bool, type(None))


def _plain_data(data: Any) -> bool:
    """Whether the data holds only mappings with scalar keys, lists and scalars (a mapping
    used as a key is one of the things libyaml refuses)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for key, item in value.items():
                if not isinstance(key, _SCALARS):
                    return False
                if not isinstance(item, _SCALARS):
                    stack.append(item)
        elif isinstance(value, list):
            stack.extend(item for item in value if not isinstance(item, _SCALARS))
        elif not isinstance(value, _SCALARS):
            return False
    return True


def _tab_indented(text: str, line: int) -> bool:
    """Whether the line (counted from 0) is indented with a tab, which YAML refuses."""
    lines = text.split("\n", line + 1)
    if line >= len(lines):
        return False
    found = lines[line]
    return "\t" in found[: len(found) - len(found.lstrip(" \t"))]


_REFUSED_AT = re.compile(r"at line (\d+), column (\d+)")


def _not_yaml_12(text: str, refusals: list[str], lenient: list[TextProblem]) -> None:
    """What libyaml read that a YAML 1.2 reader refuses (a comment glued to a quoted value, a
    flow list continued at column 0, `[-]`, `>#`): said in `lenient`, for the file is read
    otherwise, or not at all, by the editors and readers that follow the specification."""
    if _fast_loads is None or _may_exceed(text):
        return
    if not refusals:
        try:
            _fast_loads(text, parse_datetime=False)
            return
        except Exception as error:  # noqa: BLE001 - its refusal is the finding
            refusals.append(str(error))
    said = refusals[0].strip().splitlines()
    where = _REFUSED_AT.search(said[0]) if said else None
    lenient.append(
        TextProblem(
            "Y116",
            _("The YAML is not valid YAML 1.2, though it is read here: {problem}").format(
                problem=said[-1].strip() if said else "?"
            ),
            _(
                "Other readers (editors, other tools) refuse it or read it otherwise: put a space before a"
                " comment, indent what continues a list in [ ] under its key, quote a value that starts with -."
            ),
            int(where.group(1)) if where else 1,
            int(where.group(2)) if where else 1,
        )
    )


def parse_yaml(
    text: str, fast: bool = True, lenient: list[TextProblem] | None = None
) -> tuple[Any, list[tuple[str, int, int]]]:
    """Parsed data and the duplicate keys met (key, line, column). Nesting deeper than
    MAX_DEPTH and aliases that multiply the data are refused before anything is built.
    `fast=False` reads with libyaml alone. `lenient`, when given, receives the problem of a
    text libyaml reads and YAML 1.2 does not allow (Y116)."""
    nesting_hint = _("Records nest a few levels; set QMSCTL_MAX_DEPTH to allow more.")
    if _flow_depth(text) > MAX_DEPTH:
        raise _too_much(_("The YAML nests deeper than {n} levels").format(n=MAX_DEPTH), nesting_hint)
    refusals: list[str] = []
    if fast and (data := _read_plain(text, refusals)) is not _SLOW:
        return data, []
    loader = RecordLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, []
        depth, written, expanded, deepest = _limits(node) if _may_exceed(text) else (0, 0, 0, node)
        if depth > MAX_DEPTH:
            raise _too_much(
                _("The YAML nests deeper than {n} levels").format(n=MAX_DEPTH), nesting_hint, deepest.start_mark
            )
        if expanded > MAX_ALIAS_GROWTH * written + ALIAS_ALLOWANCE:
            raise _too_much(
                _("Aliases (*name) expand this file to {n} values").format(n=expanded),
                _("Write the values out, or use fewer anchors and aliases."),
            )
        data = loader.construct_document(node)
    except (yaml.MarkedYAMLError, ConstructorError) as error:
        mark = error.problem_mark or error.context_mark
        hint = _("Check the indentation, the colons and the quotes on this line and the one above.")
        if mark is not None and _tab_indented(text, mark.line):
            hint = _("YAML indents with spaces, never tabs: replace the tab at the start of this line with spaces.")
        elif "mapping values are not allowed" in str(error.problem):
            hint = _("A value that holds a colon and a space is written in quotes: name: 'Về việc: cấp phép'.")
        raise TextProblem(
            "Y101",
            _("The YAML cannot be read: {problem}").format(problem=parser_words(error.problem or error.context)),
            hint,
            (mark.line + 1) if mark else 1,
            (mark.column + 1) if mark else 1,
        ) from None
    except yaml.reader.ReaderError as error:  # a character YAML refuses (a raw control character)
        at = error.position
        raise TextProblem(
            "Y101",
            _("The YAML cannot be read: {problem}").format(
                problem=f"unacceptable character #x{error.character:04x}: {error.reason}"
            ),
            _("Remove the character: records hold printable text."),
            text.count("\n", 0, at) + 1,
            at - text.rfind("\n", 0, at),
        ) from None
    except yaml.YAMLError as error:
        raise TextProblem("Y101", _("The YAML cannot be read: {problem}").format(problem=error), "") from None
    except RecursionError:
        raise _too_much(_("The YAML nests too deeply to be read"), nesting_hint) from None
    except (ValueError, KeyError, TypeError, OverflowError) as error:  # a value built late, outside its node
        raise TextProblem(
            "Y101", _("The YAML cannot be read: {problem}").format(problem=type(error).__name__), ""
        ) from None
    finally:
        loader.dispose()
    if lenient is not None and not loader.duplicate_keys:  # the fast reader refuses duplicates: Y102 says it
        _not_yaml_12(text, refusals, lenient)
    return data, loader.duplicate_keys


def record_bytes_or_nothing(path: Path, root: Path) -> bytes:
    """A record file's bytes for a courtesy (positions, a search): b"" when it cannot be read
    as a record (its own reading reports why)."""
    try:
        return read_record_file(path, root)
    except (OSError, TextProblem):
        return b""


def read_named_file(path: Path) -> bytes:
    """The bytes of a file the command line names (a document's body, the answers of `init`):
    a file, or a pipe read to its end, of at most MAX_FILE_BYTES; a device that never ends
    (/dev/zero) is cut there and refused (Y112), not read until memory runs out."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        return _read_up_to_the_limit(descriptor, os.fstat(descriptor).st_size)
    finally:
        os.close(descriptor)


def larger_than_the_limit() -> TextProblem:
    return TextProblem(
        "Y112",
        _("The file is larger than {n} MiB").format(n=MAX_FILE_BYTES // (1024 * 1024)),
        _("Split it (one file a month or a ticket), or set QMSCTL_MAX_FILE_BYTES."),
    )


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)  # POSIX: a link is refused by the open itself (ELOOP)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)


def read_record_file(path: Path | str, root: Path) -> bytes:
    """A record file's bytes: a regular file inside the folder (a link may point elsewhere in
    it), at most MAX_FILE_BYTES; never a FIFO or a device, which would block or never end.
    One open, one status and reads of the file's own size: this runs for every file."""
    import errno
    import stat

    if not _NOFOLLOW:
        _refuse_a_link_outside(Path(path), root)
    try:
        descriptor = os.open(path, os.O_RDONLY | _NONBLOCK | _NOFOLLOW)
    except OSError as error:
        if not _NOFOLLOW or error.errno not in (errno.ELOOP, errno.EMLINK):  # EMLINK: BSD's word
            raise
        _refuse_a_link_outside(Path(path), root)
        descriptor = os.open(path, os.O_RDONLY | _NONBLOCK)
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise TextProblem(
                "Y111",
                _("This is not a regular file (a pipe, a device or a socket)"),
                _("Remove it from the records folder."),
            )
        return _read_up_to_the_limit(descriptor, status.st_size)
    finally:
        os.close(descriptor)


def _read_up_to_the_limit(descriptor: int, size: int) -> bytes:
    """What is left to read, in pieces: `size` (the file's) and one byte more, then on to its end
    (a file may grow meanwhile, a pipe has no size) or MAX_FILE_BYTES, past which it is refused.
    One read of the limit's size would make a buffer that size for every file."""
    parts: list[bytes] = []
    total, ask = 0, min(size, MAX_FILE_BYTES) + 1
    while total <= MAX_FILE_BYTES:
        chunk = os.read(descriptor, min(ask, MAX_FILE_BYTES + 1 - total))
        if not chunk:
            break
        parts.append(chunk)
        total += len(chunk)
        ask = 1 << 20
    if total > MAX_FILE_BYTES:
        raise larger_than_the_limit()
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _refuse_a_link_outside(path: Path, root: Path) -> None:
    if path.is_symlink():
        try:
            target = path.resolve()
        except RuntimeError:  # a link that leads back to itself
            raise TextProblem(
                "Y111",
                _("The file is a link that leads back to itself"),
                _("Replace the link with the file it was meant to name."),
            ) from None
        if not target.is_relative_to(root.resolve()):
            raise TextProblem(
                "Y111",
                _("The file is a link to {target}, outside the records folder").format(target=target),
                _("Copy the file into the folder instead of linking to it."),
            )


def split_front_matter(text: str) -> tuple[str, str, int]:
    """(front matter, body, line offset of the front matter) of a Markdown document."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        raise TextProblem(
            "Y107",
            _("The document has no front matter"),
            _("Start the file with a line '---', the document's fields, and another '---'."),
        )
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]) + "\n", "\n".join(lines[index + 1 :]), 1
    raise TextProblem(
        "Y107",
        _("The front matter is not closed"),
        _("Add a line '---' after the document's fields."),
    )
