"""MkDocs hook: the search finds Vietnamese words typed with or without diacritics ("hồ sơ" and
"ho so"). Each entry of the search index gets its text written once more without marks, the way
qmsctl's own `find` folds text (unidecode), so a query in either form matches."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any

from unidecode import unidecode


def folded(text: str) -> str:
    return unidecode(unicodedata.normalize("NFC", text))


def on_post_build(config: Any, **_kwargs: Any) -> None:
    index = Path(config["site_dir"]) / "search" / "search_index.json"
    if not index.is_file():
        return
    data = json.loads(index.read_text(encoding="utf-8"))
    for entry in data.get("docs", []):
        for key in ("title", "text"):
            text = entry.get(key) or ""
            plain = folded(text)
            if plain != text:
                entry[key] = f"{text} {plain}" if key == "text" else text
        title = entry.get("title") or ""
        if folded(title) != title:
            entry["text"] = f"{entry.get('text', '')} {folded(title)}"
    index.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
