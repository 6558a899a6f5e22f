"""Personal data that never belongs in the records (Nghị định 13/2023/NĐ-CP on personal data
protection): citizen ID numbers, phone numbers, e-mail and home addresses.

Two guards use it: an import refuses a mapping that would bring such a column in, and
`qmsctl check` flags record text that looks like such data (P801).
"""

from __future__ import annotations

import re
import unicodedata

from qmsctl.i18n import _

# Column headers of personal data in one-stop system exports, compared without diacritics.
PERSONAL_HEADERS = {
    "citizen ID number": ("cccd", "cmnd", "can cuoc", "chung minh nhan dan", "so dinh danh", "ho chieu", "id number"),
    "phone number": ("dien thoai", "sdt", "so dt", "di dong", "phone", "mobile"),
    "e-mail": ("email", "e-mail", "thu dien tu", "mail"),
    "home address": ("dia chi", "noi cu tru", "thuong tru", "tam tru", "address", "que quan"),
}

# Text that looks like personal data. A CCCD has 12 digits; a CMND 9 digits, flagged only
# next to its name since 9 digits are also sums of money; Vietnamese mobile numbers have 10
# digits from 03, 05, 07, 08 or 09 (or +84 and 9 digits).
PERSONAL_TEXT = {
    "citizen ID number": re.compile(
        r"(?<!\d)(?<!\d[.,/-])\d{12}(?!\d|[.,/-]\d)|(?:CMND|CCCD|căn cước|định danh)\D{0,12}\d{9}(?!\d)", re.IGNORECASE
    ),
    "phone number": re.compile(
        r"(?<!\d)(?<!\d[.,/-])(?:\+84|0)[35789]\d{8}(?!\d|[.,/-]\d)|(?<!\d)0[35789]\d{2}[ .]\d{3}[ .]\d{3}(?!\d)"
    ),
    "e-mail": re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"),
}


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
    """What personal data a text seems to hold, or None."""
    for what, pattern in PERSONAL_TEXT.items():
        if pattern.search(text):
            return what
    return None


def redact(text: str) -> tuple[str, list[str]]:
    """The text with what looks like personal data replaced, and what was replaced."""
    found = []
    for what, pattern in PERSONAL_TEXT.items():
        text, count = pattern.subn("[…]", text)
        if count:
            found.append(what)
    return text, found
