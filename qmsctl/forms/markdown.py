"""A controlled document's Markdown body as Word content: headings, numbered and
bulleted lists (nested), tables, bold and italic. Parsed by markdown-it-py (CommonMark
with tables), written with python-docx into a docxtpl sub-document."""

from __future__ import annotations

from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from markdown_it import MarkdownIt
from markdown_it.token import Token

FONT = "Times New Roman"
HEADING_PT = {1: 14, 2: 13, 3: 13, 4: 13, 5: 13, 6: 13}


def _runs(paragraph: Any, inline: Token, bold: bool = False, size: float | None = None) -> None:
    strong = emphasis = 0
    for child in inline.children or []:
        if child.type == "strong_open":
            strong += 1
        elif child.type == "strong_close":
            strong -= 1
        elif child.type == "em_open":
            emphasis += 1
        elif child.type == "em_close":
            emphasis -= 1
        elif child.type in ("text", "code_inline", "html_inline"):
            run = paragraph.add_run(child.content)
            run.bold = bold or strong > 0
            run.italic = emphasis > 0
            run.font.name = FONT
            if size:
                run.font.size = Pt(size)
        elif child.type in ("softbreak", "hardbreak"):
            paragraph.add_run(" " if child.type == "softbreak" else "\n")


def write_markdown(document: Any, text: str) -> None:
    """Append the Markdown `text` to a python-docx document (or docxtpl sub-document)."""
    tokens = MarkdownIt("commonmark").enable("table").parse(text)
    lists: list[dict[str, Any]] = []  # the open lists: ordered or not, and their counter
    table: list[list[Token]] = []
    row: list[Token] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.type == "heading_open":
            level = int(token.tag[1])
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.space_before = Pt(8)
            paragraph.paragraph_format.space_after = Pt(4)
            paragraph.paragraph_format.keep_with_next = True
            _runs(paragraph, tokens[index + 1], bold=True, size=HEADING_PT[level])
            index += 3
            continue
        if token.type in ("bullet_list_open", "ordered_list_open"):
            start = int(token.attrs.get("start", 1) or 1) if token.attrs else 1
            lists.append({"ordered": token.type == "ordered_list_open", "next": start})
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "paragraph_open" and not token.hidden and not lists:
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            _runs(paragraph, tokens[index + 1])
            index += 3
            continue
        elif token.type == "paragraph_open" and lists:
            current = lists[-1]
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            depth = len(lists)
            paragraph.paragraph_format.left_indent = Cm(0.75 * depth)
            paragraph.paragraph_format.first_line_indent = Cm(-0.5)
            if current["ordered"]:
                marker = f"{current['next']}. "
                current["next"] += 1
            else:
                marker = "- " if depth == 1 else "+ "
            paragraph.add_run(marker).font.name = FONT
            _runs(paragraph, tokens[index + 1])
            index += 3
            continue
        elif token.type == "tr_open":
            row = []
        elif token.type in ("th_open", "td_open"):
            row.append(tokens[index + 1])
        elif token.type == "tr_close":
            table.append(row)
        elif token.type == "table_close":
            _table(document, table)
            table = []
        index += 1


def _table(document: Any, rows: list[list[Token]]) -> None:
    if not rows:
        return
    columns = max(len(r) for r in rows)
    grid = document.add_table(rows=len(rows), cols=columns)
    grid.style = "Table Grid"
    for r, cells in enumerate(rows):
        for c, inline in enumerate(cells):
            paragraph = grid.cell(r, c).paragraphs[0]
            _runs(paragraph, inline, bold=r == 0, size=12)
    document.add_paragraph()
