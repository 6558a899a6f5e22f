"""User-facing messages through gettext: English source, Vietnamese catalog.

The language is chosen by `--lang`, else `QMSCTL_LANG`, else the locale
(`LC_ALL`, `LC_MESSAGES`, `LANG`). Forms are always Vietnamese and do not go
through here.
"""

from __future__ import annotations

import gettext
import os
from pathlib import Path

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "qmsctl"
LANGUAGES = ("en", "vi")

_translations: gettext.NullTranslations = gettext.NullTranslations()
_language = "en"


def detect_language(explicit: str | None = None) -> str:
    """The language to speak: the explicit choice, QMSCTL_LANG, then the locale; Vietnamese
    unless one of them says English. Every user is a Vietnamese civil servant, and many
    machines have no locale set (C, POSIX: servers, containers, Git Bash on Windows): those
    speak Vietnamese; a person who chose an English locale, or `--lang en`, gets English."""
    for value in (explicit, os.environ.get("QMSCTL_LANG")):
        if value:
            return value.split("_")[0].split(".")[0].lower()
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            lang = value.split("_")[0].split(".")[0].lower()
            if lang in LANGUAGES:
                return lang
    return "vi"


def language() -> str:
    """The language messages are spoken in."""
    return _language


def set_language(lang: str) -> None:
    global _translations, _language
    _language = lang
    if lang == "en":
        _translations = gettext.NullTranslations()
        return
    _translations = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


def _(message: str) -> str:
    """Translate a message to the current language."""
    return _translations.gettext(message)


def N_(message: str) -> str:
    """A message for the catalog, translated where it is used."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translations.ngettext(singular, plural, n)
