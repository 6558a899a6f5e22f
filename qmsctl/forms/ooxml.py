"""What makes a DOCX one that Word opens without "repairing" it, applied to every form we write
(and to an agency's own template): elements in the order the OOXML schema requires, and no
legacy part that disagrees with the styles.

ECMA-376 Part 1, 17.3.1.26 (CT_PPrBase) and 17.3.2.28 (CT_RPr) give the order of a paragraph's
and a run's properties; a template edited by hand or by python-docx may hold them out of order
(a border after the spacing), which Word may refuse.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


def qn(name: str) -> str:
    """`w:pPr` -> `{namespace}pPr` (WordprocessingML)."""
    return "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}" + name.split(":", 1)[1]


# CT_PPr: CT_PPrBase's sequence, then rPr, sectPr, pPrChange.
PARAGRAPH_ORDER = [
    qn(f"w:{name}")
    for name in (
        "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
        "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
        "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc "
        "textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
    ).split()
]
# CT_TrPr's elements form a choice (any order); CT_TcPr and CT_TblPr are sequences.
CELL_ORDER = [
    qn(f"w:{name}")
    for name in (
        "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText vAlign "
        "hideMark headers cellIns cellDel cellMerge tcPrChange"
    ).split()
]
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def _reorder(element: Any, order: list[str]) -> None:
    rank = {tag: index for index, tag in enumerate(order)}
    children = list(element)
    ordered = sorted(children, key=lambda child: rank.get(child.tag, len(order)))
    if ordered != children:
        for child in children:
            element.remove(child)
        element.extend(ordered)


SIGNATURE_MARK = "(Ký, ghi rõ họ tên)"


def keep_signature_with_last_rows(document: Any) -> None:
    """The signature block on the page of what it signs (a signer's name alone on a page signs
    nothing): kept whole, with the last paragraph of text before it. After a table (only
    paragraphs between), the table's last row and the block are one small table of their own:
    the row, then one row spanning it that holds the paragraphs and the signature table; its
    first row's paragraphs keep with the next, which Word honours and LibreOffice reads as a
    table not to split (LibreOffice ignores a row's keep-with-next inside a longer table, and a
    whole table kept with what follows moves it off its first page). The text before flows: a
    notice whose body does not fit under its letterhead starts on page 1 all the same."""
    body = document.element.body
    blocks = [child for child in body if child.tag in (qn("w:p"), qn("w:tbl"))]
    for index, block in enumerate(blocks):
        if block.tag != qn("w:tbl") or SIGNATURE_MARK not in "".join(block.itertext()):
            continue
        before, texts = index - 1, 0
        while before >= 0 and blocks[before].tag == qn("w:p") and texts < 1:
            texts += bool("".join(blocks[before].itertext()).strip())
            before -= 1
        table = blocks[before] if before >= 0 else None
        rows = table.findall(qn("w:tr")) if table is not None and table.tag == qn("w:tbl") else []
        if len(rows) > 1 and SIGNATURE_MARK not in "".join(table.itertext()):  # type: ignore[union-attr]
            _with_the_last_row(body, table, rows[-1], blocks[before + 1 : index], block)
            continue
        for paragraph in blocks[before + 1 : index]:  # the paragraphs before it, with the last text
            _keep_next(paragraph)


def _with_the_last_row(body: Any, table: Any, last: Any, between: list[Any], signature: Any) -> None:
    """`last` (the table's last row) and the signature, with the paragraphs `between`, made
    one table of two rows put after `table` (see `keep_signature_with_last_rows`)."""
    from copy import deepcopy

    tail = table.makeelement(qn("w:tbl"), {})
    properties = table.find(qn("w:tblPr"))
    grid = table.find(qn("w:tblGrid"))
    for part in (properties, grid):
        if part is not None:
            tail.append(deepcopy(part))
    table.remove(last)
    tail.append(last)
    for paragraph in last.iter(qn("w:p")):
        _keep_next(paragraph)
    row = tail.makeelement(qn("w:tr"), {})
    row_properties = row.makeelement(qn("w:trPr"), {})
    row_properties.append(row.makeelement(qn("w:cantSplit"), {}))
    row.append(row_properties)
    cell = row.makeelement(qn("w:tc"), {})
    cell_properties = cell.makeelement(qn("w:tcPr"), {})
    columns = len(grid.findall(qn("w:gridCol"))) if grid is not None else 1
    if columns > 1:
        cell_properties.append(cell.makeelement(qn("w:gridSpan"), {qn("w:val"): str(columns)}))
    borders = cell.makeelement(qn("w:tcBorders"), {})
    for side in ("left", "bottom", "right"):  # the row's top is the last row's bottom border
        borders.append(cell.makeelement(qn(f"w:{side}"), {qn("w:val"): "nil"}))
    cell_properties.append(borders)
    cell.append(cell_properties)
    for element in [*between, signature]:
        body.remove(element)
        cell.append(element)
    closing = cell.makeelement(qn("w:p"), {})  # a cell ends with a paragraph
    closing_properties = closing.makeelement(qn("w:pPr"), {})
    closing_properties.append(closing.makeelement(qn("w:spacing"), {qn("w:before"): "0", qn("w:after"): "0"}))
    closing.append(closing_properties)
    cell.append(closing)
    row.append(cell)
    tail.append(row)
    # A paragraph between the two tables, a point high: Word would join adjacent tables into one.
    gap = table.makeelement(qn("w:p"), {})
    gap_properties = gap.makeelement(qn("w:pPr"), {})
    spacing = {qn("w:before"): "0", qn("w:after"): "0", qn("w:line"): "20", qn("w:lineRule"): "exact"}
    gap_properties.append(gap.makeelement(qn("w:spacing"), spacing))
    gap.append(gap_properties)
    table.addnext(gap)
    gap.addnext(tail)


def _keep_next(paragraph: Any) -> None:
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = paragraph.makeelement(qn("w:pPr"), {})
        paragraph.insert(0, properties)
    if properties.find(qn("w:keepNext")) is None:
        properties.append(properties.makeelement(qn("w:keepNext"), {}))
        _reorder(properties, PARAGRAPH_ORDER)


_WATERMARK = """<w:p xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"
 xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"><w:r><w:pict>
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800" path="m@7,l@8,m@5,21600l@6,21600e">
<v:path textpathok="t" o:connecttype="custom"/><v:textpath on="t" fitshape="t"/></v:shapetype>
<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136"
 style="position:absolute;margin-left:0;margin-top:0;width:430pt;height:90pt;rotation:315;z-index:-251657216;mso-position-horizontal:center;
mso-position-horizontal-relative:margin;mso-position-vertical:center;mso-position-vertical-relative:margin"
 o:allowincell="f" fillcolor="#c00000" stroked="f"><v:fill opacity=".35"/>
<v:textpath style="font-family:&quot;Times New Roman&quot;;font-size:1pt;font-weight:bold" string="{text}"/>
</v:shape></w:pict></w:r></w:p>"""


def stamp_every_page(document: Any, text: str) -> None:
    """`text` across every page, diagonally behind the text (a watermark in each header): how
    an obsolete controlled document is marked (HẾT HIỆU LỰC). The headers are reached through
    the document's relationships, where the template engine put the parts it rendered."""
    from xml.sax.saxutils import quoteattr

    from docx.oxml import parse_xml

    for rel in document.part.rels.values():
        if rel.reltype.endswith("/header"):
            rel.target_part.element.append(parse_xml(_WATERMARK.replace('"{text}"', quoteattr(text))))


def conform(document: Any) -> None:
    """Put a python-docx Document's properties in schema order and drop stylesWithEffects (a
    Word 2010 copy of the styles that python-docx never updates, so it disagrees with them)."""
    parts = [document.part, *(rel.target_part for rel in document.part.rels.values() if not rel.is_external)]
    for part in parts:
        root = getattr(part, "element", None)
        if root is None:
            continue
        for properties in root.iter(qn("w:pPr")):
            _reorder(properties, PARAGRAPH_ORDER)
        for properties in root.iter(qn("w:tcPr")):
            _reorder(properties, CELL_ORDER)
    for rel_id, rel in list(document.part.rels.items()):
        if rel.reltype == STYLES_WITH_EFFECTS:
            document.part.drop_rel(rel_id)


# SpreadsheetML CT_Font, in the order of the Open XML SDK's schema (a sequence there). openpyxl
# writes `name` first, which Excel's validator reports; this order satisfies both readings.
SPREADSHEET = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
FONT_ORDER = [
    SPREADSHEET + name
    for name in "b i strike condense extend outline shadow u vertAlign sz color name family charset scheme".split()
]


def conform_xlsx(path: Path) -> None:
    """Rewrite a saved workbook's styles with each font's children in schema order."""
    import os
    import tempfile
    import zipfile

    from lxml import etree

    with zipfile.ZipFile(path) as source:
        entries = [(info, source.read(info.filename)) for info in source.infolist()]
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    try:
        os.chmod(temporary, os.stat(path).st_mode & 0o7777)  # the mode the workbook was given (the umask's)
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as target:
            for info, data in entries:
                if info.filename == "xl/styles.xml":
                    root = etree.fromstring(data)
                    for font in root.iter(SPREADSHEET + "font"):
                        _reorder(font, FONT_ORDER)
                    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
                target.writestr(info, data)
        os.replace(temporary, path)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
