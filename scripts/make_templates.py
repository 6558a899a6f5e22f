"""Write the first version of the shipped .docx templates.

The templates are ordinary Word files with Jinja tags (docxtpl): an agency
edits wording, logo or spacing in Word or LibreOffice, and may put its own
copy of the same name in `records/templates/`. This script made the first
version of each; run it again only to start over:

    python scripts/make_templates.py

Layout (Nghị định 30/2020/NĐ-CP, Phụ lục I): A4; margins top and bottom 20 mm,
left 30 mm, right 15 mm; Times New Roman; body 13 pt; the two-column header
(parent agency, agency in bold with a short rule; Quốc hiệu, Tiêu ngữ with a
rule as long as its text); "Số:"; the place and date line in italics; the
title bold and centred; Nơi nhận; the signer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from qmsctl.forms import layout as L
from qmsctl.forms.ooxml import conform

TEMPLATE_DIR = Path(__file__).resolve().parents[1] / "qmsctl" / "templates"
FONT = L.FONT
BODY_PT = L.BODY_PT
CENTER, LEFT, RIGHT, JUSTIFY = (
    WD_ALIGN_PARAGRAPH.CENTER,
    WD_ALIGN_PARAGRAPH.LEFT,
    WD_ALIGN_PARAGRAPH.RIGHT,
    WD_ALIGN_PARAGRAPH.JUSTIFY,
)

Container = object  # a Document, a _Cell or a header: anything with add_paragraph


def new_document(landscape: bool = False) -> Document:
    document = Document()
    section = document.sections[0]
    short, long = (Mm(size) for size in L.PAGE_MM)
    section.page_width, section.page_height = (long, short) if landscape else (short, long)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.top_margin, section.bottom_margin = Mm(L.MARGIN_TOP_MM), Mm(L.MARGIN_BOTTOM_MM)
    section.left_margin, section.right_margin = Mm(L.MARGIN_LEFT_MM), Mm(L.MARGIN_RIGHT_MM)
    section.header_distance = section.footer_distance = Mm(L.HEADER_DISTANCE_MM)
    page_numbers(document)
    for style_name in ("Normal", "Table Grid"):
        style = document.styles[style_name]
        style.font.name = FONT
        style.font.size = Pt(BODY_PT)
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), FONT)
    normal = document.styles["Normal"].paragraph_format
    normal.space_before = Pt(0)
    normal.space_after = Pt(L.SPACING_AFTER_PT)
    normal.line_spacing = L.LINE_SPACING
    return document


def page_numbers(document: Document) -> None:
    """The page number from page 2, centred in the top margin (page 1 has the form's code)."""
    section = document.sections[0]
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]  # a new header holds one empty paragraph
    paragraph.alignment = CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    page_field(paragraph, L.PAGE_NUMBER_PT)


def page_field(paragraph: Paragraph, size: float) -> None:
    """A PAGE field at the end of the paragraph."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = paragraph.add_run("2")
    run.font.size = Pt(size)
    run.font.name = FONT
    paragraph._p.remove(run._r)
    field.append(run._r)
    paragraph._p.append(field)


def text_width_cm(document: Document) -> float:
    section = document.sections[0]
    return float((section.page_width - section.left_margin - section.right_margin) / Cm(1))


def para(
    where: Container,
    text: str = "",
    *,
    bold: bool = False,
    italic: bool = False,
    size: float = BODY_PT,
    align: int = LEFT,
    space_after: float = L.SPACING_AFTER_PT,
    upper: bool = False,
    tab_cm: float = 16.1,
    running: bool = False,
) -> Paragraph:
    """A paragraph of one run; `running` text (the body's sentences, not "label: value"
    fields) gets NĐ30's first-line indent."""
    paragraph = where.add_paragraph()  # type: ignore[attr-defined]
    paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(space_after)
    if "\t" in text:  # "field\tNgày: …": the second field at the right edge, never run into the first
        paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(tab_cm), WD_TAB_ALIGNMENT.RIGHT)
    if running:
        paragraph.paragraph_format.first_line_indent = Cm(L.FIRST_LINE_INDENT_CM)
    if text:
        run = paragraph.add_run(text.upper() if upper else text)  # one run: a Jinja tag stays whole
        run.bold, run.italic = bold, italic
        run.font.size = Pt(size)
        run.font.name = FONT
    return paragraph


def first_paragraph(cell: _Cell) -> _Cell:
    """Cells start with an empty paragraph: remove it so the cell holds only what is added."""
    cell._tc.remove(cell.paragraphs[0]._p)
    return cell


def rule(where: Container, width_cm: float, length_cm: float) -> None:
    """A short line of `length_cm`, centred under the paragraph above in a space `width_cm`
    wide: its own paragraph (a point high), so the text above keeps its whole width."""
    indent_cm = (width_cm - length_cm) / 2
    paragraph = para(where, "", size=1, align=CENTER, space_after=0)
    paragraph.paragraph_format.left_indent = Cm(indent_cm)
    paragraph.paragraph_format.right_indent = Cm(indent_cm)
    paragraph.paragraph_format.line_spacing = Pt(1)
    run = paragraph.add_run("")
    run.font.size = Pt(1)
    mark = paragraph._p.get_or_add_pPr().get_or_add_rPr() if hasattr(paragraph._p.get_or_add_pPr(), "get_or_add_rPr") else None
    if mark is not None:
        size = OxmlElement("w:sz")
        size.set(qn("w:val"), "2")
        mark.append(size)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def widths(table: Table, sizes_cm: list[float]) -> None:
    """Cell widths, and the same widths in the table's grid (LibreOffice lays a table out by its
    grid: a grid of equal columns under unequal cells wraps the header's lines)."""
    table.autofit = False
    for row in table.rows:
        for cell, size in zip(row.cells, sizes_cm, strict=False):
            cell.width = Cm(size)
    for column, size in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), sizes_cm, strict=False):
        column.set(qn("w:w"), str(Cm(size).twips))


def row_flags(table: Table, header_rows: int = 0) -> None:
    """No row splits across pages; the first `header_rows` repeat on each page."""
    for index, row in enumerate(table.rows):
        properties = row._tr.get_or_add_trPr()
        flags = ["w:cantSplit"] + (["w:tblHeader"] if index < header_rows else [])
        for flag in flags:
            properties.append(OxmlElement(flag))


def letterhead(document: Document, number: str | None = "Số: {{ number }}/{{ kind }}-{{ short }}") -> None:
    """The two-column header of Nghị định 30/2020/NĐ-CP."""
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    columns = L.letterhead_cm(document.sections[0].orientation == WD_ORIENT.LANDSCAPE)
    widths(table, list(columns))
    inner = [size - CELL_MARGINS_CM for size in columns]
    left, right = first_paragraph(table.cell(0, 0)), first_paragraph(table.cell(0, 1))
    para(left, "{%p if parent %}", space_after=0)  # no empty line when the agency has no parent
    para(left, "{{ parent }}", size=L.PARENT_AGENCY_PT, align=CENTER, space_after=0)
    para(left, "{%p endif %}", space_after=0)
    para(left, "{{ agency }}", bold=True, size=L.AGENCY_PT, align=CENTER, space_after=0)
    rule(left, inner[0], L.AGENCY_RULE_CM)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=L.QUOC_HIEU_PT, align=CENTER, space_after=0)
    para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=L.TIEU_NGU_PT, align=CENTER, space_after=0)
    rule(right, inner[1], L.TIEU_NGU_RULE_CM)
    below_left, below_right = first_paragraph(table.cell(1, 0)), first_paragraph(table.cell(1, 1))
    para(below_left, number or "", size=L.NUMBER_PT, align=CENTER)
    para(below_right, "{{ place_date }}", italic=True, size=L.PLACE_DATE_PT, align=CENTER)


CELL_MARGINS_CM = 0.38  # Word's default cell margins, 0.19 cm a side


def title(document: Document, *lines: str) -> None:
    """The kind of document and its trích yếu, with the short rule under them."""
    para(document, "", space_after=6)
    for index, line in enumerate(lines):
        para(document, line, bold=True, size=L.KIND_PT if index == 0 else L.SUMMARY_PT, align=CENTER, space_after=0)
    rule(document, text_width_cm(document), L.SUMMARY_RULE_CM)
    para(document, "", space_after=6)


def grid(document: Document, headers: list[str], cells: list[str], sizes_cm: list[float], loop: str) -> Table:
    """A bordered table: a header row, then one row per item of `loop` ("r in rows")."""
    table = document.add_table(rows=4, cols=len(headers))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, text in enumerate(headers):
        para(first_paragraph(table.cell(0, column)), text, bold=True, align=CENTER, size=L.TABLE_PT, space_after=2)
    para(first_paragraph(table.cell(1, 0)), "{%tr for " + loop + " %}", size=L.TABLE_PT)
    for column, text in enumerate(cells):
        cell = first_paragraph(table.cell(2, column))
        para(cell, text, size=L.TABLE_PT, align=CENTER if column == 0 else LEFT, space_after=2)
    para(first_paragraph(table.cell(3, 0)), "{%tr endfor %}", size=L.TABLE_PT)
    widths(table, sizes_cm)
    row_flags(table, header_rows=1)
    return table


def signature(document: Document, left_lines: list[str], title_tag: str, name_tag: str) -> None:
    """Nơi nhận on the left, the signer on the right, kept on one page with the line before."""
    para(document, "", space_after=6).paragraph_format.keep_with_next = True
    table = document.add_table(rows=1, cols=2)
    widths(table, [text_width_cm(document) - 9.0, 9.0])  # the signer at the right edge (NĐ30), landscape too
    row_flags(table)
    left, right = first_paragraph(table.cell(0, 0)), first_paragraph(table.cell(0, 1))
    if not left_lines:
        para(left, "", space_after=0)  # a cell holds at least one paragraph
    for index, line in enumerate(left_lines):
        size = L.RECIPIENTS_LABEL_PT if index == 0 else L.RECIPIENTS_PT
        para(left, line, bold=index == 0, italic=index == 0, size=size, space_after=0)
    para(right, title_tag, bold=True, size=L.SIGNER_TITLE_PT, align=CENTER, space_after=0)
    para(right, "(Ký, ghi rõ họ tên)", italic=True, size=12, align=CENTER, space_after=0)
    for _ in range(4):
        para(right, "", space_after=0)
    para(right, name_tag, bold=True, size=L.SIGNER_NAME_PT, align=CENTER)
    for paragraph in [*left.paragraphs, *right.paragraphs][:-1]:
        paragraph.paragraph_format.keep_with_next = True


def code_mark(document: Document, code: str) -> None:
    para(document.sections[0].first_page_header, code, italic=True, size=L.CODE_MARK_PT, align=RIGHT)


def policy() -> Document:
    document = new_document()
    code_mark(document, "BM.ST.VP.01")
    letterhead(document, number=None)
    title(document, "CHÍNH SÁCH CHẤT LƯỢNG")
    para(document, "Với phương châm: {{ motto }}", bold=True, align=CENTER, space_after=8)
    para(document, "Lãnh đạo {{ agency_name }} cam kết:", align=JUSTIFY, running=True)
    para(document, "{%p for c in commitments %}")
    para(document, "{{ loop.index }}. {{ c }}", align=JUSTIFY, running=True)
    para(document, "{%p endfor %}")
    signature(document, [], "{{ signer_title }}", "{{ signer_name }}")
    return document


def objectives_plan() -> Document:
    document = new_document()
    code_mark(document, "BM.ST.VP.02")
    letterhead(document, number=None)
    title(document, "MỤC TIÊU CHẤT LƯỢNG NĂM {{ year }}", "{{ owner_name }}")
    para(document, "Với phương châm:", align=CENTER, space_after=0)
    para(document, "{{ motto }}", bold=True, align=CENTER, space_after=8)
    grid(
        document,
        ["STT", "Mục tiêu chất lượng", "Chỉ tiêu", "Biện pháp và trách nhiệm", "Hồ sơ"],
        ["{{ r.number }}", "{{ r.text }}", "{{ r.target }}", "{{ r.measures }}", "{{ r.evidence }}"],
        [1.3, 5.5, 2.2, 4.5, 3.0],
        "r in rows",
    )
    signature(document, [], "{{ signer_title }}", "{{ signer_name }}")
    return document


def objectives_report() -> Document:
    document = new_document(landscape=True)
    code_mark(document, "BM.ST.VP.03")
    letterhead(document)
    title(document, "BÁO CÁO", "Thực hiện Mục tiêu chất lượng {{ period_phrase }}")
    grid(
        document,
        ["STT", "Mục tiêu", "Mức đo lường", "Thực tế đạt được", "Nguyên nhân do không đạt mục tiêu",
         "Hướng giải quyết trong thời gian tới"],
        ["{{ r.number }}", "{{ r.text }}", "{{ r.target }}", "{{ r.actual }}", "{{ r.cause }}", "{{ r.remedy }}"],
        [1.3, 7.0, 2.6, 2.8, 5.5, 5.5],
        "r in rows",
    )  # fmt: skip
    para(document, "(Đính kèm bảng thống kê kết quả thực hiện các quy trình có sản phẩm {{ period_phrase_lower }})",
         italic=True, size=12)  # fmt: skip
    signature(document, ["Nơi nhận:", "- {{ recipient }};", "- Lưu: VT."], "{{ signer_title }}", "{{ signer_name }}")
    return document


def tracking_slip() -> Document:
    document = new_document()
    code_mark(document, "BM.ST.VP.05")
    para(document, "{{ agency }}", bold=True, size=13, align=LEFT)
    title(document, "PHIẾU THEO DÕI HỒ SƠ")
    para(document, "Đơn vị gửi văn bản: {{ sender }}")
    para(document, "Số: {{ sender_number }}\tNgày {{ sender_date }}")
    para(document, "Trích yếu: {{ subject }}", align=JUSTIFY)
    para(document, "Thủ tục/quy trình: {{ procedure }}", align=JUSTIFY)
    para(document, "{{ number_label }}: {{ ticket_id }}\tHạn xử lý: {{ due }}", space_after=8)
    grid(
        document,
        ["Người xử lý", "Nội dung xử lý", "Thời gian", "Ngày giờ", "Lỗi, lý do"],
        ["{{ s.by }}", "{{ s.action }}", "{{ s.elapsed }}", "{{ s.at }}", "{{ s.error }}"],
        [4.0, 4.5, 2.3, 3.2, 2.5],
        "s in steps",
    )
    para(document, "", space_after=6)
    para(document, "Ngày hoàn thành: {{ completed }}")
    para(document, "Kết quả: {{ result }}", bold=True)
    para(document, "Biện pháp khắc phục lỗi: {{ remedy }}", align=JUSTIFY)
    return document


def fields(document: Document, rows: list[tuple[str, str | None]]) -> None:
    """"Label: value" fields two to a line, as the seed lays them out, in a table without
    borders so that a long value wraps in its own half and never runs into the next field;
    kept on one page with the heading before it (a section is not split over two pages)."""
    heading = document.paragraphs[-1] if document.paragraphs else None
    if heading is not None and heading.text.isupper():
        heading.paragraph_format.keep_with_next = True
    table = document.add_table(rows=len(rows), cols=2)
    widths(table, [8.25, 8.25])
    for index, (left, right) in enumerate(rows):
        first, second = table.cell(index, 0), table.cell(index, 1)
        if right is None:
            first = first.merge(second)
        para(first_paragraph(first), left, space_after=0, size=L.TABLE_PT)  # a table's text: a point smaller
        if right is not None:
            para(first_paragraph(second), right, space_after=0, size=L.TABLE_PT)
        if index < len(rows) - 1:
            for cell in (first, second) if right is not None else (first,):
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
    row_flags(table)


def process_trace() -> Document:
    """BM.ST.VP.06, with every field of the seed: what the records hold is filled, the rest
    is left dotted to be written by hand."""
    document = new_document()
    code_mark(document, "BM.ST.VP.06")
    para(document, "{{ agency }}", bold=True, size=13, align=LEFT)
    title(document, "PHIẾU THEO DÕI QUÁ TRÌNH XỬ LÝ HỒ SƠ")
    para(document, "TÓM TẮT CÔNG VĂN ĐẾN", bold=True, space_after=4)
    fields(
        document,
        [
            ("Cấp gửi: {{ dots }}", "Cơ quan: {{ sender }}"),
            ("Số ký hiệu: {{ dots }}", "Ngày ký: {{ dots }}"),
            ("Loại văn bản: {{ kind }}", "Vấn đề: {{ dots }}"),
            ("Trích yếu: {{ subject }}", None),
            ("Người ký: {{ dots }}", "Chức vụ: {{ dots }}"),
            ("Độ mật: {{ dots }}", "Độ khẩn: {{ dots }}"),
            ("Số đến: {{ ticket_id }}", "Ngày đến: {{ received }}"),
            ("Hạn trả lời: {{ due }}", "Nội dung văn bản kèm theo: {{ dots }}"),
        ],
    )
    para(document, "SOẠN CÔNG VĂN PHÁT HÀNH", bold=True, space_after=4)
    fields(
        document,
        [
            ("Tên người đang xem: {{ dots }} — ngày {{ dots }} giờ {{ dots }}", None),
            ("Văn bản ISO — tên quy trình: {{ procedure }}", None),
            ("Loại: {{ dots }}", "Vấn đề: {{ dots }}"),
            ("Đơn vị: {{ unit }}", "Chuyên viên soạn: {{ dots }}"),
            ("Trích yếu: {{ dots }}", None),
            ("Người ký: {{ dots }}", "Ngày ký: {{ dots }}"),
            ("Chọn Lãnh đạo Văn phòng: {{ dots }}", "Chọn Thường trực UB: {{ dots }}"),
        ],
    )
    para(document, "QUÁ TRÌNH XỬ LÝ", bold=True, space_after=4)
    para(document, "{%p for line in log %}")
    para(document, "{{ line }}", align=JUSTIFY, space_after=2)
    para(document, "{%p endfor %}")
    para(document, "CÔNG VĂN PHÁT HÀNH", bold=True, space_after=4)
    fields(
        document,
        [
            ("Loại văn bản: {{ dots }}", "Số ký hiệu: {{ dots }}"),
            ("Người ký: {{ dots }}", "Ngày ký: {{ dots }}"),
            ("Vấn đề: {{ dots }}", "Hình thức: {{ dots }}"),
            ("Trích yếu: {{ dots }}", None),
            ("Đơn vị: {{ unit }}", "Chuyên viên thảo: {{ dots }}"),
            ("Độ mật: {{ dots }}", "Độ khẩn: {{ dots }}"),
            ("Số đến: {{ dots }}", "Ngày phát hành: {{ completed }}"),
            ("Hạn phúc đáp: {{ dots }}", "Các đơn vị nhận: {{ dots }}"),
            ("Nội dung và văn bản kèm theo: {{ dots }}", None),
            ("Kết quả: {{ result }}", "Đánh giá thời hạn: {{ timeliness }}"),
        ],
    )
    return document


def supplement_request() -> Document:
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Thông tư 01/2018/TT-VPCP, Mẫu số 02)."""
    document = new_document()
    letterhead(document, number="Số: {{ number }}/PYCBS")
    title(document, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", "Hồ sơ số: {{ ticket_id }}")
    for line in (
        "Hồ sơ của: {{ sender }}",
        "Nội dung yêu cầu giải quyết: {{ subject }}",
        "Thủ tục: {{ procedure }}",
        "Ngày tiếp nhận: {{ received }}",
        "Địa chỉ: {{ dots }}",
        "Số điện thoại: {{ dots }}\tEmail: {{ dots }}",
    ):
        para(document, line, align=JUSTIFY)
    para(document, "Yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:", bold=True)
    para(document, "{%p for item in requests %}")
    para(document, "{{ loop.index }}. {{ item }}", align=JUSTIFY, running=True)
    para(document, "{%p endfor %}")
    para(document, "Lý do: {{ reason }}", align=JUSTIFY)
    para(
        document,
        "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, {{ you_lower }} liên hệ với {{ unit }}, số điện thoại {{ dots }}"
        " để được hướng dẫn./.",
        align=JUSTIFY,
        running=True,
    )
    signature(document, [], "NGƯỜI HƯỚNG DẪN", "{{ receiver }}")
    return document


def apology_notice() -> Document:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả (Thông tư 01/2018/TT-VPCP, Mẫu số 04)."""
    document = new_document()
    letterhead(document, number="Số: {{ number }}/PXL")
    title(document, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ")
    para(document, "Kính gửi: {{ sender }}", align=CENTER)
    for line in (
        "{{ agency_name }} tiếp nhận hồ sơ số {{ ticket_id }} của: {{ sender }}",
        "Nội dung yêu cầu giải quyết: {{ subject }} ({{ procedure }}).",
        "Thời gian hẹn trả kết quả giải quyết hồ sơ: {{ due }}.",
        "Tuy nhiên đến nay, {{ agency_name }} chưa trả kết quả giải quyết hồ sơ của {{ you }}.",
        "Lý do: {{ reason }}",
        "Sự chậm trễ này đã gây phiền hà cho {{ you }}. {{ agency_name }} xin lỗi {{ you }} và sẽ trả kết quả giải quyết"
        " hồ sơ cho {{ you }} vào {{ new_due }}.",
        "Xin trân trọng cảm ơn sự hợp tác của {{ you }}./.",
    ):
        para(document, line, align=JUSTIFY, running=True)
    signature(document, [], "{{ signer_title }}", "{{ signer_name }}")
    return document


def action_request() -> Document:
    document = new_document()
    code_mark(document, "BM.CTCL.01")
    para(document, "{{ agency }}", bold=True, size=13, align=LEFT)
    title(document, "PHIẾU YÊU CẦU HÀNH ĐỘNG KHẮC PHỤC/CẢI TIẾN", "Số phiếu: {{ action_id }}")
    table = document.add_table(rows=3, cols=1)
    table.style = document.styles["Table Grid"]
    widths(table, [16.5])
    box1, box2, box3 = (first_paragraph(table.cell(i, 0)) for i in range(3))

    def line(box: _Cell, text: str, **options: Any) -> None:  # a table's text: a point smaller, close set
        para(box, text, size=L.TABLE_PT, space_after=2, **options)

    line(box1, "1. NỘI DUNG YÊU CẦU (người phát hiện/lãnh đạo đơn vị ghi)", bold=True)
    for text in (
        "Người yêu cầu: {{ request.by }}\tNgày: {{ request.date }}",
        "Đơn vị: {{ request.unit }}",
        "Nguồn: {{ request.source }}",
        "Nội dung sự không phù hợp/đề xuất cải tiến: {{ request.description }}",
        "Xác định nhu cầu (QT.CTCL 5.2.2): {{ need.decision }}",
        "Lý do: {{ need.reasons }}",
        "Người xác định: {{ need.by }}\tNgày: {{ need.date }}",
    ):
        line(box1, text, align=JUSTIFY)
    line(box2, "2. NGUYÊN NHÂN VÀ BIỆN PHÁP KHẮC PHỤC/CẢI TIẾN (đơn vị được phân công ghi)", bold=True)
    for text in (
        "Phân công (QT.CTCL 5.3): {{ assignment.to }}, do {{ assignment.by }} giao ngày {{ assignment.date }};"
        " thời hạn: {{ assignment.due }}",
        "Nguyên nhân: {{ plan.cause }}",
        "Biện pháp:",
    ):
        line(box2, text, align=JUSTIFY)
    line(box2, "{%p for a in plan.actions %}")
    line(box2, "{{ loop.index }}. {{ a.what }} — {{ a.who }} — hạn {{ a.due }}", align=JUSTIFY)
    line(box2, "{%p endfor %}")
    line(box2, "Phê duyệt giải pháp: {{ plan.approved_by }}\tNgày: {{ plan.approved_on }}")
    line(box2, "Theo dõi thực hiện (QT.CTCL 5.5):")
    line(box2, "{%p for p in progress %}")
    line(box2, "- {{ p.date }}: {{ p.note }}", align=JUSTIFY)
    line(box2, "{%p endfor %}")
    line(box3, "3. KIỂM TRA XÁC NHẬN VÀ ĐÓNG PHIẾU (Ban ISO/lãnh đạo cơ quan ghi)", bold=True)
    for text in (
        "Người kiểm tra: {{ verification.by }}\tNgày: {{ verification.date }}",
        "Bằng chứng kết quả thực hiện: {{ verification.evidence }}",
        "Kết luận: {{ verification.verdict }}",
        "Đóng phiếu: {{ closure.by }}\tNgày: {{ closure.date }}",
        "Tình trạng phiếu: {{ state_note }}",
    ):
        line(box3, text, align=JUSTIFY)
    signers = document.add_table(rows=1, cols=3)  # where each box's author signs
    widths(signers, [5.5, 5.5, 5.5])
    row_flags(signers)
    for column, who in enumerate(("NGƯỜI YÊU CẦU", "ĐƠN VỊ THỰC HIỆN", "BAN ISO")):
        cell = first_paragraph(signers.cell(0, column))
        para(cell, who, bold=True, size=L.SIGNER_TITLE_PT, align=CENTER, space_after=0)
        para(cell, "(Ký, ghi rõ họ tên)", italic=True, size=12, align=CENTER, space_after=48)  # room to sign
        para(cell, f"{{{{ signers[{column}] }}}}", bold=True, size=L.SIGNER_NAME_PT, align=CENTER, space_after=0)
    return document


def review_minutes() -> Document:
    document = new_document()
    code_mark(document, "BM.CTCL.02")
    letterhead(document)
    title(document, "BIÊN BẢN HỌP XEM XÉT CỦA LÃNH ĐẠO", "Về Hệ thống quản lý chất lượng {{ period_phrase }}")
    for line in (
        "Thời gian: {{ time }}",
        "Địa điểm: {{ place }}",
        "Chủ trì: {{ chair }}",
        "Thư ký: {{ secretary }}",
        "Thành phần tham dự: {{ attendees }}",
    ):
        para(document, line, align=JUSTIFY)
    para(document, "I. ĐẦU VÀO CỦA CUỘC HỌP (QT.CTCL 5.8.1.1)", bold=True, space_after=4)
    para(document, "{%p for s in inputs %}")
    para(document, "{{ s.title }}", bold=True, align=JUSTIFY)
    para(document, "{%p for line in s.lines %}")
    para(document, "{{ line }}", align=JUSTIFY, running=True)
    para(document, "{%p endfor %}")
    para(document, "{%p endfor %}")
    para(document, "Tỷ lệ hồ sơ xử lý đúng hạn theo tháng:", bold=True, align=JUSTIFY)
    grid(
        document,
        ["Tháng", "Đã xử lý", "Đúng hạn", "Trễ hạn", "Tỷ lệ đúng hạn (%)"],
        ["{{ m.month }}", "{{ m.processed }}", "{{ m.on_time }}", "{{ m.late }}", "{{ m.rate }}"],
        [3.0, 3.0, 3.0, 3.0, 4.0],
        "m in trend",
    )
    para(document, "", space_after=4)
    para(document, "II. ĐẦU RA CỦA CUỘC HỌP (QT.CTCL 5.8.1.2)", bold=True, space_after=4)
    grid(
        document,
        ["STT", "Về", "Quyết định, hành động", "Người/đơn vị thực hiện", "Thời hạn"],
        ["{{ d.number }}", "{{ d.about }}", "{{ d.what }}", "{{ d.who }}", "{{ d.due }}"],
        [1.2, 3.0, 6.3, 3.2, 2.8],
        "d in decisions",
    )
    para(
        document,
        "Cuộc họp kết thúc lúc {{ end }} cùng ngày; biên bản đã được thông qua.",
        italic=True,
        align=JUSTIFY,
        running=True,
    )
    table = document.add_table(rows=1, cols=2)
    widths(table, [8.2, 8.2])
    row_flags(table)  # the two signers on one page, with the lines before them
    for cell, role, name in (
        (table.cell(0, 0), "THƯ KÝ", "{{ secretary_name }}"),
        (table.cell(0, 1), "CHỦ TRÌ", "{{ chair_name }}"),
    ):
        cell = first_paragraph(cell)
        para(cell, role, bold=True, size=L.SIGNER_TITLE_PT, align=CENTER, space_after=0)
        para(cell, "(Ký, ghi rõ họ tên)", italic=True, size=12, align=CENTER, space_after=0)
        for _ in range(4):
            para(cell, "", space_after=0)
        para(cell, name, bold=True, size=L.SIGNER_NAME_PT, align=CENTER)
    return document


def appendix_3() -> Document:
    document = new_document(landscape=True)
    code_mark(document, "Phụ lục 3")
    letterhead(document, number=None)
    title(document, "KẾ HOẠCH VÀ BÁO CÁO THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG NĂM {{ year }}", "{{ owner_name }}")
    grid(
        document,
        ["STT", "Mục tiêu chất lượng", "Chỉ tiêu", "Biện pháp thực hiện", "Trách nhiệm", "Kết quả thực hiện",
         "Đánh giá"],
        ["{{ r.number }}", "{{ r.text }}", "{{ r.target }}", "{{ r.measures }}", "{{ r.responsible }}",
         "{{ r.actual }}", "{{ r.verdict }}"],
        [1.3, 6.5, 2.2, 5.0, 4.0, 2.8, 2.6],
        "r in rows",
    )  # fmt: skip
    signature(document, [], "{{ signer_title }}", "{{ signer_name }}")
    return document


def document_register() -> Document:
    document = new_document(landscape=True)
    letterhead(document, number=None)
    title(document, "DANH MỤC TÀI LIỆU HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG", "theo TCVN ISO 9001:2015")
    grid(
        document,
        ["STT", "Loại", "Mã hiệu", "Tên tài liệu", "Lần ban hành", "Ngày ban hành",
         "Điều khoản TCVN ISO 9001:2015", "Tình trạng"],
        ["{{ d.number }}", "{{ d.kind }}", "{{ d.code }}", "{{ d.title }}", "{{ d.revision }}", "{{ d.issued }}",
         "{{ d.clauses }}", "{{ d.status }}"],
        [1.2, 2.4, 3.0, 7.8, 2.0, 2.6, 3.5, 2.2],
        "d in documents",
    )  # fmt: skip
    signature(document, [], "THƯ KÝ ISO", "{{ signer_name }}")
    return document


def controlled_document() -> Document:
    document = new_document()
    header = document.sections[0].header
    header.paragraphs[0]._p.getparent().remove(header.paragraphs[0]._p)
    table = header.add_table(rows=1, cols=3, width=Cm(16.5))
    table.style = document.styles["Table Grid"]
    widths(table, [4.5, 7.0, 5.0])
    para(first_paragraph(table.cell(0, 0)), "{{ agency }}", bold=True, size=11, align=CENTER)
    para(first_paragraph(table.cell(0, 1)), "{{ title }}", bold=True, size=12, align=CENTER)
    right = first_paragraph(table.cell(0, 2))
    for line in ("Mã hiệu: {{ code }}", "Lần ban hành: {{ revision }}", "Ngày ban hành: {{ issued }}"):
        para(right, line, size=11, space_after=0)
    page_field(para(right, "Trang: ", size=11, space_after=0), 11)  # the seed's header, on every page
    document.sections[0].different_first_page_header_footer = False
    para(header, "", space_after=0)
    para(document, "", space_after=12)
    cover = document.add_table(rows=4, cols=4)
    cover.style = document.styles["Table Grid"]
    rows = (
        ("Trách nhiệm", "Soạn thảo", "Xem xét", "Phê duyệt"),
        ("Họ tên", "{{ drafted.name }}", "{{ reviewed.name }}", "{{ approved.name }}"),
        ("Chữ ký", "", "", ""),
        ("Chức vụ", "{{ drafted.title }}", "{{ reviewed.title }}", "{{ approved.title }}"),
    )
    for r, values in enumerate(rows):
        for c, value in enumerate(values):
            para(first_paragraph(cover.cell(r, c)), value, bold=r == 0 or c == 0, align=CENTER, size=12)
    cover.rows[2].height = Cm(1.8)
    widths(cover, [3.0, 4.5, 4.5, 4.5])
    para(document, "{%p if withdrawn %}", space_after=0)  # an obsolete document says when, why, what replaces it
    para(document, "", space_after=6)
    para(document, "{{ withdrawn }}", bold=True, align=CENTER, space_after=0)
    para(document, "{%p endif %}", space_after=0)
    para(document, "", space_after=12)
    para(document, "MỤC LỤC", bold=True, align=CENTER, space_after=6)  # the seed's cover lists the sections
    para(document, "{%p for c in contents %}", space_after=0)
    para(document, "{{ c }}", space_after=2)
    para(document, "{%p endfor %}", space_after=0)
    para(document, "", space_after=12)
    para(document, "SỬA ĐỔI TÀI LIỆU", bold=True, align=CENTER, space_after=6)
    grid(
        document,
        ["Lần ban hành", "Ngày", "Nội dung sửa đổi"],
        ["{{ h.revision }}", "{{ h.date }}", "{{ h.change }}"],
        [3.0, 3.0, 10.5],
        "h in history",
    )
    para(document, "", space_after=12)
    para(document, "{{p body }}")
    return document


def risk_register() -> Document:
    document = new_document(landscape=True)
    letterhead(document, number=None)
    title(document, "SỔ ĐĂNG KÝ RỦI RO VÀ CƠ HỘI NĂM {{ year }}", "(Hướng dẫn nhận diện và xử lý các rủi ro và cơ hội)")
    para(document, "{{ scale }}", italic=True, size=12, align=JUSTIFY, space_after=0)
    para(document, "{{ reviewed }}", italic=True, size=12, align=JUSTIFY)
    grid(
        document,
        ["STT", "Mã", "Loại", "Đơn vị, quá trình", "Nội dung", "Nguyên nhân", "Khả năng × Tác động (mức)",
         "Biện pháp xử lý", "Người thực hiện, thời hạn", "Hiệu lực"],
        ["{{ r.number }}", "{{ r.id }}", "{{ r.type }}", "{{ r.where }}", "{{ r.description }}", "{{ r.cause }}",
         "{{ r.level }}", "{{ r.response }}", "{{ r.owner }}", "{{ r.effect }}"],
        [1.2, 2.1, 1.3, 2.6, 4.0, 2.8, 2.0, 3.8, 2.2, 3.2],
        "r in rows",
    )  # fmt: skip
    signature(document, [], "{{ signer_title }}", "{{ signer_name }}")
    return document


def survey_questionnaire() -> Document:
    document = new_document()
    letterhead(document, number=None)
    title(document, "PHIẾU THĂM DÒ Ý KIẾN", "{{ title }}")
    para(document, "Để không ngừng nâng cao chất lượng phục vụ, {{ agency_name }} kính mời Ông/Bà cho biết ý kiến "
         "về việc giải quyết hồ sơ của mình. Phiếu không ghi họ tên, số điện thoại hay địa chỉ của người trả lời.",
         align=JUSTIFY, running=True)  # fmt: skip
    para(document, "Thủ tục, lĩnh vực đã thực hiện: " + "…" * 20)
    para(document, "Đơn vị giải quyết: " + "…" * 16 + " Ngày: ……/……/{{ year }}")
    para(document, "Xin Ông/Bà đánh dấu (X) vào một ô cho mỗi câu hỏi:", italic=True, align=JUSTIFY)
    table = document.add_table(rows=4, cols=3)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for column, text in enumerate(["STT", "Nội dung", "Mức độ hài lòng"]):
        para(first_paragraph(table.cell(0, column)), text, bold=True, align=CENTER, size=L.TABLE_PT, space_after=2)
    para(first_paragraph(table.cell(1, 0)), "{%tr for q in questions %}", size=L.TABLE_PT)
    para(first_paragraph(table.cell(2, 0)), "{{ q.number }}", size=L.TABLE_PT, align=CENTER, space_after=2)
    para(first_paragraph(table.cell(2, 1)), "{{ q.text }}", size=L.TABLE_PT, align=JUSTIFY, space_after=2)
    choices = first_paragraph(table.cell(2, 2))
    para(choices, "{%p for c in q.choices %}", size=L.TABLE_PT, space_after=0)
    para(choices, "☐ {{ c }}", size=L.TABLE_PT, space_after=0)
    para(choices, "{%p endfor %}", size=L.TABLE_PT, space_after=0)
    para(first_paragraph(table.cell(3, 0)), "{%tr endfor %}", size=L.TABLE_PT)
    widths(table, [1.2, 9.3, 6.0])
    row_flags(table, header_rows=1)
    para(document, "", space_after=4)
    para(document, "Ý kiến góp ý khác của Ông/Bà:", bold=True)
    for _ in range(2):
        para(document, "…" * 35, space_after=4)
    para(document, "Xin trân trọng cảm ơn Ông/Bà!", italic=True, align=CENTER)
    return document


def survey_report() -> Document:
    document = new_document()
    letterhead(document)
    title(document, "BÁO CÁO", "Kết quả khảo sát sự hài lòng của tổ chức, cá nhân", "{{ period_phrase }}")
    for line in ("{{ intro }}", "{{ rule }}"):
        para(document, line, align=JUSTIFY, running=True)
    para(document, "1. Kết quả theo câu hỏi", bold=True)
    grid(
        document,
        ["STT", "Câu hỏi", "Số phiếu trả lời", "Hài lòng", "Tỷ lệ hài lòng (%)"],
        ["{{ q.number }}", "{{ q.text }}", "{{ q.answered }}", "{{ q.satisfied }}", "{{ q.share }}"],
        [1.2, 7.8, 2.5, 2.2, 2.8],
        "q in questions",
    )
    para(document, "", space_after=4)
    para(document, "2. Kết quả theo đơn vị", bold=True)
    grid(
        document,
        ["STT", "Đơn vị", "Số phiếu", "Tỷ lệ hài lòng (%)"],
        ["{{ u.number }}", "{{ u.name }}", "{{ u.responses }}", "{{ u.share }}"],
        [1.2, 9.5, 2.5, 3.3],
        "u in units",
    )
    para(document, "", space_after=4)
    para(document, "3. Ý kiến góp ý", bold=True)
    para(document, "{%p for c in comments %}")
    para(document, "- {{ c }}", align=JUSTIFY)
    para(document, "{%p endfor %}")
    signature(document, ["Nơi nhận:", "- Ban Chỉ đạo ISO;", "- Lãnh đạo {{ short }};", "- Lưu: VT."],
              "{{ signer_title }}", "{{ signer_name }}")  # fmt: skip
    return document


def data_analysis() -> Document:
    document = new_document()
    letterhead(document)
    title(document, "BÁO CÁO", "Phân tích dữ liệu năm {{ year }}", "(Mục 9.1.3 Sổ tay chất lượng)")
    para(document, "{{p body }}")
    signature(document, ["Nơi nhận:", "- Ban Chỉ đạo ISO;", "- Lãnh đạo {{ short }};", "- Lưu: VT."],
              "THƯ KÝ ISO", "{{ signer_name }}")  # fmt: skip
    return document


TEMPLATES = {
    "BM.ST.VP.01": policy,
    "BM.ST.VP.02": objectives_plan,
    "BM.ST.VP.03": objectives_report,
    "BM.ST.VP.05": tracking_slip,
    "BM.ST.VP.06": process_trace,
    "BM.CTCL.01": action_request,
    "BM.CTCL.02": review_minutes,
    "PL3": appendix_3,
    "DANH-MUC": document_register,
    "TAI-LIEU": controlled_document,
    "PHIEU-BO-SUNG": supplement_request,
    "PHIEU-XIN-LOI": apology_notice,
    "RUI-RO": risk_register,
    "PHIEU-KHAO-SAT": survey_questionnaire,
    "KET-QUA-KHAO-SAT": survey_report,
    "PHAN-TICH": data_analysis,
}


def main() -> None:
    for name, build in TEMPLATES.items():
        document = build()
        conform(document)
        document.save(TEMPLATE_DIR / f"{name}.docx")
        print(f"qmsctl/templates/{name}.docx")


if __name__ == "__main__":
    main()
