"""Personal data that never belongs in the records (Nghị định 13/2023/NĐ-CP on personal data
protection): citizen ID numbers, phone numbers, e-mail and home addresses.

Two guards use it: an import refuses a mapping that would bring such a column in, and
`qmsctl check` flags record text that looks like such data (P801).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from qmsctl.i18n import _

# Column headers of personal data in one-stop system exports, compared without diacritics.
PERSONAL_HEADERS = {
    "citizen ID number": ("cccd", "cmnd", "can cuoc", "chung minh nhan dan", "so dinh danh", "ho chieu", "id number"),
    "phone number": ("dien thoai", "sdt", "so dt", "di dong", "phone", "mobile"),
    "e-mail": ("email", "e-mail", "thu dien tu", "mail"),
    "home address": ("dia chi", "noi cu tru", "thuong tru", "tam tru", "address", "que quan"),
}

# Words that make a 9-digit number an identity paper's (a CMND), not a sum of money.
_ID_WORDS = ("cmnd", "cccd", "cmt", "so cm", "can cuoc", "chung minh", "dinh danh", "ho chieu", "passport", "id card")
_SEPARATORS = " .-"  # what people put between the groups of a number (079 012 345 678)
# '@' and the ways people hide it; a domain's '.' likewise.
_AT = re.compile(r"\s*(?:@|\[at\]|\(at\)|\{at\})\s*", re.IGNORECASE)
_LOCAL = re.compile(r"[\w.+-]")
_DOMAIN_PART = re.compile(r"[\w-]+")
_DOT = re.compile(r"\s*(?:\.|\[dot\]|\(dot\))\s*", re.IGNORECASE)
# What every finding needs, looked for in one pass of the regex engine before the slow scan: an
# '@' written any of the ways `_AT` knows, or nine digits (the fewest of any number that counts)
# with only the characters a number's groups allow between them. Digits are those `str.isdigit`
# knows after NFKC: `\d` and the few that are not decimal (Ethiopic, circled, Kharosthi ...).
_DIGIT = (
    r"[\d\u1369-\u1371\u19da\u2460-\u24ff\u2776-\u2793\U00010a40-\U00010a43\U00010e60-\U00010e7e\U00011052-\U00011065]"
)
_CANDIDATE = re.compile(rf"@|\[at\]|\(at\)|\{{at\}}|{_DIGIT}(?:[ .+()-]*{_DIGIT}){{8}}", re.IGNORECASE)


def _numbers(text: str) -> list[tuple[int, int, str]]:
    """(start, end, digits) of each number written with single separators between its groups,
    a leading + or (+84) kept: one pass over the text."""
    found = []
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if not (char.isdigit() or char == "+" or (char == "(" and text.startswith("(+", index))):
            index += 1
            continue
        start, digits, last_digit = index, [], -1
        while index < length:
            char = text[index]
            if char.isdigit():
                digits.append(char)
                last_digit = index
            elif not (
                (
                    char in _SEPARATORS
                    and index + 1 < length
                    and text[index + 1].isdigit()
                    and (last_digit == index - 1 or text[index - 1] == ")")
                )
                or (char in "+()" and (not digits or text[index - 1] == "(" or char == ")"))
            ):
                break
            index += 1
        # A number glued to letters is still one: CCCD079012345678, so079012345678a.
        if digits:
            found.append((start, last_digit + 1, "".join(digits)))
        index = max(index, start + 1)
    return found


def _number_kind(digits: str, before: str) -> str | None:
    """What a number is, from its digits and the words just before it."""
    if digits.startswith("84") and len(digits) == 11 and digits[2] in "35789":
        return "phone number"  # +84 912 345 678
    if digits.startswith("0084") and len(digits) == 13 and digits[4] in "35789":
        return "phone number"  # 0084 912 345 678: the international prefix dialled as 00
    if digits.startswith("0") and len(digits) == 10 and digits[1] in "35789":
        return "phone number"  # a mobile number
    if digits.startswith("02") and len(digits) == 11:
        return "phone number"  # a landline with its area code
    if digits.startswith("0") and len(digits) == 12:
        return "citizen ID number"  # a CCCD: province code, sex and century, year, six digits
    if len(digits) in (9, 12):
        words = plain(before)
        if any(word in words for word in _ID_WORDS):
            return "citizen ID number"  # a CMND, named as such
    return None


def _emails(text: str) -> list[tuple[int, int]]:
    """Spans of e-mail addresses, '@' written any of the usual ways, found from each '@'."""
    spans: list[tuple[int, int]] = []
    for at in _AT.finditer(text):
        start = at.start()
        while start > 0 and _LOCAL.match(text[start - 1]) and (not spans or start > spans[-1][1]):
            start -= 1
        if start == at.start():
            continue
        first = _DOMAIN_PART.match(text, at.end())
        if first is None:
            continue
        end, parts = first.end(), 1
        while True:
            dot = _DOT.match(text, end)
            part = _DOMAIN_PART.match(text, dot.end()) if dot else None
            if part is None:
                break
            end, parts = part.end(), parts + 1
        # One part after a plain '@' is an address too (admin@localhost); a single letter is not.
        if parts >= 2 or (at.group().strip() == "@" and end - first.start() >= 2):
            spans.append((start, end))
    return spans


def find_personal(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of what looks like personal data in `text` (NFKC: full-width digits
    and '＠' count as theirs), in time linear in the text."""
    spans = [(start, end, "e-mail") for start, end in _emails(text)]
    for start, end, digits in _numbers(text):
        kind = _number_kind(digits, text[max(0, start - 40) : start])
        if kind and not any(s <= start < e for s, e, _k in spans):
            spans.append((start, end, kind))
    return sorted(spans)


def label(what: str) -> str:
    """The kind of personal data in the user's language."""
    return {
        "citizen ID number": _("citizen ID number"),
        "phone number": _("phone number"),
        "e-mail": _("e-mail"),
        "home address": _("home address"),
    }[what]


def plain(text: str) -> str:
    """Lower case, without diacritics (đ as d), spacing collapsed: for comparing headers."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return re.sub(r"\s+", " ", bare.casefold()).strip()


def personal_header(header: str) -> str | None:
    """What personal data a column header names, or None."""
    name = plain(header)
    for what, words in PERSONAL_HEADERS.items():
        if any(re.search(rf"(?<![a-z]){re.escape(word)}(?![a-z])", name) for word in words):
            return what
    return None


def personal_text(text: str) -> str | None:
    """What personal data a text seems to hold, or None. A short text's verdict is remembered:
    the records repeat them (a process log's steps, the staff's names)."""
    return _short_text_verdict(text) if len(text) <= 200 else _verdict(text)


def _verdict(text: str) -> str | None:
    normal = unicodedata.normalize("NFKC", text)
    if not _CANDIDATE.search(normal):
        return None  # most texts: nothing to look at
    found = find_personal(normal)
    return found[0][2] if found else None


_short_text_verdict = lru_cache(maxsize=1 << 16)(_verdict)


def redact(text: str) -> tuple[str, list[str]]:
    """The text with what looks like personal data replaced, and what was replaced. A text
    with none comes back as it was."""
    normal = unicodedata.normalize("NFKC", text)
    found = find_personal(normal)
    if not found:
        return text, []
    pieces, last = [], 0
    for start, end, _kind in found:
        pieces.append(normal[last:start] + "[…]")
        last = end
    pieces.append(normal[last:])
    return unicodedata.normalize("NFC", "".join(pieces)), sorted({kind for _s, _e, kind in found})
