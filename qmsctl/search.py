"""`qmsctl find`: records by what a person remembers of them, typed without diacritics or case.

Every text of a record (its id or code, its fields, a document's body) is folded as a query is
(`unidecode`, case-folded: "Đồng Tháp" and "dong thap" meet); a record is found when every word
of the query is in it. Hits are ranked: the id or code named whole first, then words found whole
in the record's title fields, then anywhere; each hit names the file and line of its best match.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from qmsctl.agency import fold
from qmsctl.findings import Loc
from qmsctl.records.kinds import BY_NAME, KINDS
from qmsctl.records.load import Records, Sourced

MAX_WORDS = 32

# Fields a person names a record by: a word found there counts more.
TITLE_FIELDS = {"subject", "title", "name", "description", "text", "sender"}
SNIPPET = 90


@dataclass
class Hit:
    kind: str
    name: str
    file: str
    line: int
    field: str
    text: str
    score: float
    loc: Loc = ()  # where the best match is in the file's data (the line is looked up from it)

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.name,
            "file": self.file,
            "line": self.line,
            "field": self.field,
            "text": self.text,
            "score": round(self.score, 3),
        }


def _texts(value: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    """Every text (and number, date) in a record's data, with where it is."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _texts(item, (*loc, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*loc, index))
    elif value is not None and not isinstance(value, bool):
        yield loc, str(value)


def _words(folded: str) -> list[str]:
    return re.findall(r"\w+", folded)


def _has(word: str, tokens: set[str], folded: str) -> bool:
    """A query word is a whole word of the text (Vietnamese words are syllables: "tho" must not
    find "thông"), or, four letters or more, the start of one (a part of an id)."""
    if word in tokens:
        return True
    return len(word) >= 4 and any(token.startswith(word) for token in tokens) if word in folded else False


def _score(query: str, words: list[str], folded: str, loc: Loc) -> float:
    """How well one text matches: the words found, the whole query as a phrase much more, more
    in a title field, and a little more the shorter the text (the match is more of it)."""
    tokens = set(_words(folded))
    found = sum(1.0 for w in words if _has(w, tokens, folded))
    if not found:
        return 0.0
    if len(words) > 1 and re.search(rf"\b{re.escape(' '.join(words))}\b", " ".join(_words(folded))):
        found += 5.0 * len(words)
    weight = 2.0 if any(part in TITLE_FIELDS for part in loc if isinstance(part, str)) else 1.0
    return found * weight + min(1.0, 20 / (len(folded) + 1))


def _snippet(text: str, first_word: str) -> str:
    """The text around the first query word, on one line."""
    flat = " ".join(text.split())
    where = fold(flat).find(first_word)  # folding keeps positions for Vietnamese letters
    start = max(0, where - SNIPPET // 3) if where >= 0 else 0
    piece = flat[start : start + SNIPPET]
    return ("…" if start else "") + piece + ("…" if start + SNIPPET < len(flat) else "")


def _record_hit(kind: str, item: Sourced[Any], query: str, words: list[str]) -> Hit | None:
    name = BY_NAME[kind].name_of(item) or item.file
    texts = list(_texts(item.model.model_dump(mode="json", exclude_defaults=True), item.loc))
    if item.body:
        texts += [(("body", index), line) for index, line in enumerate(item.body.splitlines()) if line.strip()]
    everything = fold("\n".join(text for _loc, text in texts))  # one fold a record: most are no hit
    tokens = set(_words(everything))
    if not all(_has(word, tokens, everything) for word in words):
        return None
    # Every word in one of its texts (the id counts with each): "dong thap" is not found in a
    # manual that says "hội đồng" on one page and "thu thập" on another.
    named = fold(name)
    folded = [(loc, text, fold(text)) for loc, text in texts]
    if not any(all(_has(w, set(_words(f + " " + named)), f + " " + named) for w in words) for _l, _t, f in folded):
        return None
    scored = [(_score(query, words, f, loc), loc, text) for loc, text, f in folded]
    score, loc, text = max(scored, key=lambda entry: entry[0])
    total = sum(entry[0] for entry in scored) + (100 if fold(name) == query else 0)
    field = ".".join(str(p) for p in loc[len(item.loc) :] if loc[:1] != ("body",)) or "body"
    return Hit(kind, name, item.file, 0, field, _snippet(text, words[0]), total, loc)


def find(records: Records, query: str, kinds: set[str] | None = None, limit: int | None = None) -> list[Hit]:
    """The records holding every word of `query` (case and diacritics ignored), best first."""
    folded_query = fold(query)
    words = list(dict.fromkeys(_words(folded_query)))  # a word said twice is looked for once
    if not words:
        return []
    if len(words) > MAX_WORDS:  # each word is looked for in every text: a query is a few words
        from qmsctl.findings import UserError
        from qmsctl.i18n import _

        raise UserError(
            "U056",
            _("The query has {n} different words; at most {most} are looked for").format(n=len(words), most=MAX_WORDS),
            hint=_("Give the few words you remember of the record."),
        )
    hits: list[Hit] = []
    for kind in KINDS:
        if kinds is not None and kind.name not in kinds:
            continue
        items = [records.profile] if kind.name == "profile" and records.profile else []
        if kind.name != "profile":
            items = records.of_kind(kind.name)
        for item in items:
            hit = _record_hit(kind.name, item, folded_query, words)
            if hit is not None:
                hits.append(hit)
    hits.sort(key=lambda h: (-h.score, h.file, h.name))
    hits = hits[:limit] if limit else hits
    _lines(records, hits)
    return hits


def _lines(records: Records, hits: list[Hit]) -> None:
    """The line of each hit's best match, from the file's node tree (only the files hit are read)."""
    from qmsctl.findings import Finding, Severity
    from qmsctl.records.positions import resolve_positions

    located = [(h, Finding("", Severity.WARNING, h.file, "", "", h.loc)) for h in hits if h.loc[:1] != ("body",)]
    resolve_positions(records.root, [f for _h, f in located])
    for hit, finding in located:
        hit.line = finding.line or 1
    for hit in hits:
        if hit.loc[:1] == ("body",):
            hit.line = _body_line(records, hit)


def _body_line(records: Records, hit: Hit) -> int:
    """A document body's line number in its file: after the front matter."""
    from qmsctl.records.text import decode, record_bytes_or_nothing, split_front_matter

    try:
        front, _body, _offset = split_front_matter(
            decode(record_bytes_or_nothing(records.root / hit.file, records.root))
        )
    except Exception:  # noqa: BLE001 - a line is a courtesy
        return 1
    return front.count("\n") + 2 + int(hit.loc[1]) + 1  # the front matter, its two '---' lines, the line
