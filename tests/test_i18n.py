"""The Vietnamese catalog is complete and compiled."""

from __future__ import annotations

import gettext
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from qmsctl import i18n

PACKAGE = Path(i18n.__file__).parent
PO = PACKAGE / "locale/vi/LC_MESSAGES/qmsctl.po"


def source_messages() -> set[str]:
    found = set()
    for _file, _line, message, _comments, _context in extract_from_dir(
        str(PACKAGE), keywords={"_": None, "ngettext": (1, 2)}, method_map=[("**.py", "python")]
    ):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_message_has_a_vietnamese_translation() -> None:
    catalog = read_po(PO.open("rb"), locale="vi")
    translated = {
        (m.id[0] if isinstance(m.id, tuple) else m.id)
        for m in catalog
        if m.id and m.string and all(m.string if isinstance(m.string, tuple) else [m.string]) and not m.fuzzy
    }
    missing = source_messages() - translated
    assert not missing, f"untranslated: {sorted(missing)}"


def test_the_compiled_catalog_matches_the_po() -> None:
    compiled = gettext.GNUTranslations((PO.parent / "qmsctl.mo").open("rb"))
    catalog = read_po(PO.open("rb"), locale="vi")
    for message in catalog:
        if message.id and not isinstance(message.id, tuple):
            assert compiled.gettext(message.id) == message.string, message.id


def test_language_choice(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv("QMSCTL_LANG")
    monkeypatch.setenv("LANG", "vi_VN.UTF-8")
    assert i18n.detect_language() == "vi"
    monkeypatch.setenv("QMSCTL_LANG", "en")
    assert i18n.detect_language() == "en"
    assert i18n.detect_language("vi") == "vi"


def test_a_worker_speaks_the_language_of_its_command() -> None:
    """A worker process started by spawning (Windows, macOS) does not inherit the language: it
    is handed over when the worker starts, so a finding made there is in the command's language."""
    import multiprocessing
    import os
    from concurrent.futures import ProcessPoolExecutor

    from qmsctl.records.load import _start_worker

    for spoken in ("en", "vi"):  # one of the two is not a fresh process's own
        with ProcessPoolExecutor(
            1, mp_context=multiprocessing.get_context("spawn"), initializer=_start_worker,
            initargs=(None, os.getpid(), spoken),
        ) as pool:  # fmt: skip
            assert pool.submit(i18n.language).result() == spoken


def test_no_message_is_marked_inside_an_f_string() -> None:
    """`f"{_('responses')}"`: the catalog's extractor does not look inside an f-string, so such a
    message is never translated and prints English under --lang vi."""
    import re
    from pathlib import Path

    package = Path(__file__).resolve().parents[1] / "qmsctl"
    found = [
        f"{path.relative_to(package.parent)}:{number}"
        for path in sorted(package.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\{_\(['\"]", line)
    ]
    assert found == []
