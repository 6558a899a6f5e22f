"""Text from the records put into Markdown (the agenda's checklist, the diff's pull-request
comment) as text and nothing else: no HTML, no comment that hides what follows, no image, link,
mention, heading or code span of its own. What a reviewer sees is all there is."""

from __future__ import annotations

import re

# What makes markup inside a line (the text never starts one: a heading, a list item or a
# number is markup only there): emphasis, code, links and images (no `[`, so no `](` nor `![`),
# strikethrough, and the backslash itself. `<` becomes an entity (no HTML, no comment, no
# autolink), and so does a `&` that would start one.
_MARKUP = re.compile(r"([\\`*_\[\]~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_BREAKS = re.compile(r"[\r\n\x0b\x0c\x85\u2028\u2029]+")


def md_text(text: str) -> str:
    """`text` as literal Markdown inline text, on one line."""
    text = _LINE_BREAKS.sub(" ", text)
    text = _ENTITY.sub("&amp;", text).replace("<", "&lt;")
    text = _MARKUP.sub(r"\\\1", text)
    return text.replace("@", "&#64;")  # a mention notifies someone: never made from the records


def md_code(text: str) -> str:
    """`text` as a code span, however many backticks it holds, on one line."""
    text = _LINE_BREAKS.sub(" ", text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if longest or text.startswith(" ") or text.endswith(" ") else f"`{text}`"
