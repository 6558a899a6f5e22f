"""Personal data (Nghị định 13/2023/NĐ-CP): a table of what must be caught and what must not,
in the forms people write them; the detection is linear in the text."""

from __future__ import annotations

import time
import unicodedata

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from qmsctl.personal import personal_text, redact
from tests.conftest import examples

PERSONAL = [
    ("079 012 345 678", "citizen ID number"),
    ("0790 1234 5678", "citizen ID number"),
    ("079.012.345.678", "citizen ID number"),
    ("079012345678", "citizen ID number"),
    ("CCCD số 079012345678", "citizen ID number"),
    ("chứng minh nhân dân số 123456789", "citizen ID number"),
    ("CMND: 123 456 789", "citizen ID number"),
    ("０７９０１２３４５６７８", "citizen ID number"),  # full-width digits
    ("+84 912 345 678", "phone number"),
    ("(+84) 912 345 678", "phone number"),
    ("84912345678", "phone number"),
    ("0912-345-678", "phone number"),
    ("091 234 5678", "phone number"),
    ("0912.345.678", "phone number"),
    ("0912345678", "phone number"),
    ("0292 3821 234", "phone number"),  # a landline with its area code
    ("a@gmail.com", "e-mail"),
    ("a @ gmail.com", "e-mail"),
    ("a[at]gmail.com", "e-mail"),
    ("a(at)gmail(dot)com", "e-mail"),
    ("a＠gmail.com", "e-mail"),  # a full-width at sign
    ("nguyen.van.a@cantho.gov.vn", "e-mail"),
    # Glued to letters on either side, and the other families of issue 31.
    ("CCCD:079012345678", "citizen ID number"),
    ("Số CM 123456789", "citizen ID number"),
    ("số CMT 123456789", "citizen ID number"),
    ("0084912345678", "phone number"),
    ("0084 912 345 678", "phone number"),
    ("+84912345678", "phone number"),
    ("+84 91 234 5678", "phone number"),
    ("84 912 345 678", "phone number"),
    ("admin@localhost", "e-mail"),
    ("nguyenvana@server1", "e-mail"),
]
# A number glued to letters: the number goes, the letters stay.
GLUED = [
    ("CCCD079012345678", "citizen ID number", "CCCD[…]"),
    ("so079012345678a", "citizen ID number", "so[…]a"),
    ("x079 012 345 678y", "citizen ID number", "x[…]y"),
    ("SĐT0912345678", "phone number", "SĐT[…]"),
    ("0912345678đ", "phone number", "[…]đ"),
    ("ĐT+84912345678,", "phone number", "ĐT[…],"),
]
NOT_PERSONAL = [
    "000.00.19.H13-250303-0001",  # a dossier number
    "VBD-2025-00001",
    "2025-03-04",
    "12/03/2025 10:00",
    "1.500.000.000 đồng",  # money
    "300.000.000",
    "123456789 đồng",  # nine digits without an identity paper's name
    "Quyết định số 123/QĐ-UBND",
    "QT.NC.01",
    "Tổng 250303 hồ sơ",
    "@mention",
    "a@b",
    "2503030001",
]


@pytest.mark.parametrize(("text", "kind"), PERSONAL)
def test_personal_data_is_caught_and_redacted(text: str, kind: str) -> None:
    sentence = f"Ông A, liên hệ {text}, đề nghị giải quyết."
    assert personal_text(sentence) == kind
    redacted, kinds = redact(sentence)
    assert kinds == [kind] and redacted.startswith("Ông A, liên hệ ") and redacted.endswith("[…], đề nghị giải quyết.")
    assert personal_text(redacted) is None and not any(c.isdigit() or c == "@" for c in redacted)


@pytest.mark.parametrize(("text", "kind", "left"), GLUED)
def test_a_number_glued_to_letters_is_caught(text: str, kind: str, left: str) -> None:
    sentence = f"Ông A, {text} đề nghị."
    assert personal_text(sentence) == kind
    assert redact(sentence) == (f"Ông A, {left} đề nghị.", [kind])


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_what_is_not_personal_is_left_alone(text: str) -> None:
    assert personal_text(text) is None
    assert redact(text) == (text, [])


@pytest.mark.parametrize(
    "text", ["a" * 200_000 + "@", "1 " * 100_000, "a@" * 100_000, "[at]" * 50_000, "0." * 100_000, "(+" * 100_000]
)
def test_the_detection_finishes_on_hostile_text(text: str) -> None:
    """Texts on which quadratic patterns ran for minutes: a hang is a failure, not a speed."""
    started = time.perf_counter()
    personal_text(text)
    redact(text)
    assert time.perf_counter() - started < 60


@settings(max_examples=examples(600), deadline=None)
@example("số CMND 123.456.789")
@example("a (AT) b [dot] vn")
@example("ĐT: (+84)) 912-345-678")
@given(st.text(alphabet=st.sampled_from("0123456789０９٣①⓵፩ .-+()@＠[]{}atATdo xđ\n"), max_size=60))
def test_the_quick_look_never_misses_what_the_scan_finds(text: str) -> None:
    """`personal_text` skips the scan of a text with no '@' and no nine digits: it must skip
    only texts where the scan finds nothing."""
    from qmsctl.personal import find_personal

    normal = unicodedata.normalize("NFKC", text)
    found = find_personal(normal)
    assert personal_text(text) == (found[0][2] if found else None)
