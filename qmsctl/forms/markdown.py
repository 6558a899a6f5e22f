"""A controlled document's Markdown body as Word content: headings, numbered and
bulleted lists (nested), tables, bold and italic. Parsed by markdown-it-py (CommonMark
with tables), written with python-docx into a docxtpl sub-document.

A procedure's steps are written in Markdown as headings ("#### 5.2.1 Mở phiếu yêu cầu")
each opened by a line "*Trách nhiệm:* … *Biểu mẫu:* …"; a section of such steps is printed
as the seed's five-column table (TT | Hoạt động | Trách nhiệm | Yêu cầu | Biểu mẫu), one row
per step, the step's text in its "Yêu cầu" cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from markdown_it import MarkdownIt
from markdown_it.token import Token

from qmsctl.forms import layout as L

FONT = L.FONT
HEADING_PT = {1: 14, 2: 13, 3: 13, 4: 13, 5: 13, 6: 13}
STEP_HEADER = ("TT", "Hoạt động", "Trách nhiệm", "Yêu cầu", "Biểu mẫu")
TEXT_WIDTH_CM = (L.PAGE_MM[0] - L.MARGIN_LEFT_MM - L.MARGIN_RIGHT_MM) / 10  # a portrait page's: 16.5 cm
STEP_COLUMNS_CM = (1.6, 2.9, 2.9, 6.0, 3.1)  # within the portrait page's 16.5 cm
# "*Trách nhiệm:* Ban ISO. *Biểu mẫu:* BM.CTCL.01." (the forms part may be absent)
STEP_LINE = re.compile(r"^\*Trách nhiệm:\*\s*(?P<who>.*?)(?:\s*\*Biểu mẫu:\*\s*(?P<forms>.*?))?\s*$")
STEP_TITLE = re.compile(r"^(?P<number>\d+(?:\.\d+)*)\.?\s+(?P<title>.+)$")


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


@dataclass
class _Step:
    number: str
    title: str
    who: str = ""
    forms: str = ""
    text: list[str] = field(default_factory=list)


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def section_titles(text: str) -> list[str]:
    """The titles of the body's sections (its first- and second-level headings), for MỤC LỤC."""
    tokens = _parser().parse(text)
    return [
        tokens[index + 1].content
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and int(token.tag[1]) <= 2
    ]


def write_markdown(document: Any, text: str) -> None:
    """Append the Markdown `text` to a python-docx document (or docxtpl sub-document); each
    second-level section made of steps is printed as the steps' table."""
    lines = text.splitlines()
    headings = [
        (token.map[0], int(token.tag[1]), tokens[index + 1].content)
        for tokens in [_parser().parse(text)]
        for index, token in enumerate(tokens)
        if token.type == "heading_open" and token.map
    ]
    sections = [line for line, level, _title in headings if level <= 2] + [len(lines)]
    start = 0
    for begin, end in zip(sections, sections[1:], strict=False):
        steps = _steps(lines, [h for h in headings if begin < h[0] < end], end)
        if steps is None:
            continue
        _write_blocks(document, "\n".join(lines[start : steps[0]]))
        _steps_table(document, steps[1])
        start = end
    _write_blocks(document, "\n".join(lines[start:]))


def _steps(lines: list[str], headings: list[tuple[int, int, str]], end: int) -> tuple[int, list[_Step]] | None:
    """The section's steps and the line they begin at, when its sub-headings are steps
    (numbered, and at least one opened by its "Trách nhiệm" line)."""
    steps: list[_Step] = []
    bounds = [h[0] for h in headings] + [end]
    for (line, _level, title), after in zip(headings, bounds[1:], strict=False):
        numbered = STEP_TITLE.match(title)
        if numbered is None:
            return None
        step = _Step(numbered["number"], numbered["title"])
        body = lines[line + 1 : after]
        first = next((i for i, text in enumerate(body) if text.strip()), None)
        opening = STEP_LINE.match(body[first].strip()) if first is not None else None
        if opening is not None and first is not None:
            step.who = opening["who"].rstrip(". ")
            step.forms = (opening["forms"] or "").rstrip(". ")
            body = body[first + 1 :]
        step.text = body
        steps.append(step)
    if not any(step.who for step in steps):
        return None
    return headings[0][0], steps


def _steps_table(document: Any, steps: list[_Step]) -> None:
    grid = document.add_table(rows=1 + len(steps), cols=len(STEP_HEADER))
    grid.style = "Table Grid"
    grid.autofit = False
    for column, size in zip(grid._tbl.tblGrid.findall(qn("w:gridCol")), STEP_COLUMNS_CM, strict=True):
        column.set(qn("w:w"), str(Cm(size).twips))
    header = grid.rows[0]
    header._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on every page
    for cell, text in zip(header.cells, STEP_HEADER, strict=True):
        _cell_text(cell, text, bold=True, centred=True)
    for row, step in zip(grid.rows[1:], steps, strict=True):
        number, activity, who, needs, forms = row.cells
        _cell_text(number, step.number, centred=True)
        _cell_text(activity, step.title, bold=step.number.count(".") < 2)
        _cell_text(who, step.who)
        _cell_text(forms, step.forms, centred=True)
        paragraph = needs.paragraphs[0]
        needs._tc.remove(paragraph._p)
        _write_blocks(needs, "\n".join(step.text), size=L.TABLE_PT, cell=True)
        if not needs.paragraphs:
            needs.add_paragraph()
    for row in grid.rows:
        for cell, size in zip(row.cells, STEP_COLUMNS_CM, strict=True):
            cell.width = Cm(size)
    document.add_paragraph()


def _cell_text(cell: Any, text: str, bold: bool = False, centred: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(3)
    if centred:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    tokens = _parser().parseInline(text)
    _runs(paragraph, tokens[0], bold=bold, size=L.TABLE_PT)


def _write_blocks(document: Any, text: str, size: float | None = None, cell: bool = False) -> None:
    tokens = _parser().parse(text)
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
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if cell else WD_ALIGN_PARAGRAPH.JUSTIFY
            if cell:
                paragraph.paragraph_format.space_after = Pt(3)
            else:  # running text: NĐ30's first-line indent
                paragraph.paragraph_format.first_line_indent = Cm(L.FIRST_LINE_INDENT_CM)
            _runs(paragraph, tokens[index + 1], size=size)
            index += 3
            continue
        elif token.type == "paragraph_open" and lists:
            current = lists[-1]
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT if cell else WD_ALIGN_PARAGRAPH.JUSTIFY
            depth = len(lists)
            if cell:
                paragraph.paragraph_format.space_after = Pt(3)
            paragraph.paragraph_format.left_indent = Cm((0.4 if cell else 0.75) * depth)
            paragraph.paragraph_format.first_line_indent = Cm(-0.5)
            if current["ordered"]:
                marker = f"{current['next']}. "
                current["next"] += 1
            else:
                marker = "- " if depth == 1 else "+ "
            mark = paragraph.add_run(marker)
            mark.font.name = FONT
            if size:
                mark.font.size = Pt(size)
            _runs(paragraph, tokens[index + 1], size=size)
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
    grid.autofit = False
    grid.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))  # repeated on every page
    for r, cells in enumerate(rows):
        for c, inline in enumerate(cells):
            paragraph = grid.cell(r, c).paragraphs[0]
            _runs(paragraph, inline, bold=r == 0, size=12)
    # The text's width, shared by how much each column holds (its longest cell, within bounds):
    # a name column wide, a number narrow, where equal columns made every column narrow.
    longest = [max((len(row[c].content) for row in rows if c < len(row)), default=0) for c in range(columns)]
    weights = [min(max(length, 6), 45) for length in longest]
    sizes = [TEXT_WIDTH_CM * weight / sum(weights) for weight in weights]
    for column, size in zip(grid._tbl.tblGrid.findall(qn("w:gridCol")), sizes, strict=True):
        column.set(qn("w:w"), str(Cm(size).twips))
    for row in grid.rows:
        for cell, size in zip(row.cells, sizes, strict=True):
            cell.width = Cm(size)
    document.add_paragraph()
