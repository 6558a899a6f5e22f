"""The forms against Phụ lục I of Nghị định 30/2020/NĐ-CP, value by value from the one layout
module, and their pages as printed: LibreOffice turns long forms into PDF and `pdftotext` reads
each page back (a signer with the name, table headers on every page, the Quốc hiệu whole)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt
from typer.testing import CliRunner

from qmsctl.cli.main import app
from qmsctl.forms import layout as L
from qmsctl.forms.docx import SHIPPED
from tests.conftest import docx_paragraphs

runner = CliRunner()
TEMPLATES = sorted(SHIPPED.glob("*.docx"))


@pytest.mark.parametrize("template", TEMPLATES, ids=[t.stem for t in TEMPLATES])
def test_every_template_follows_the_layout_module(template: Path) -> None:
    document = Document(str(template))
    section = document.sections[0]
    assert abs(section.top_margin - Mm(L.MARGIN_TOP_MM)) < Mm(0.5)
    assert abs(section.bottom_margin - Mm(L.MARGIN_BOTTOM_MM)) < Mm(0.5)
    assert abs(section.left_margin - Mm(L.MARGIN_LEFT_MM)) < Mm(0.5)
    assert abs(section.right_margin - Mm(L.MARGIN_RIGHT_MM)) < Mm(0.5)
    normal = document.styles["Normal"]
    assert normal.font.name == L.FONT and normal.font.size == Pt(L.BODY_PT)
    assert normal.paragraph_format.space_after >= Pt(L.SPACING_AFTER_PT)
    if template.stem == "TAI-LIEU":  # a controlled document: the seed's header, "Trang: n", on every page
        assert "Trang: " in "".join(section.header._element.itertext())
        assert section.header._element.find(".//" + qn("w:fldSimple")) is not None
        return
    # Page numbers from page 2, centred in the top margin; page 1 carries no number.
    assert section.different_first_page_header_footer
    field = section.header._element.find(".//" + qn("w:fldSimple"))
    assert field is not None and field.get(qn("w:instr")).strip() == "PAGE"
    number_paragraph = next(p for p in section.header.paragraphs if p._p.find(qn("w:fldSimple")) is not None)
    assert number_paragraph.alignment == 1  # centred
    assert section.first_page_header._element.find(".//" + qn("w:fldSimple")) is None
    sizes = {r.get(qn("w:val")) for r in field.iter(qn("w:sz"))}
    assert sizes == {str(L.PAGE_NUMBER_PT * 2)}
    # The running text of the body: NĐ30's first-line indent, spacing at least 6 pt; fields
    # ("Trích yếu: …") start at the margin.
    for paragraph in document.paragraphs:
        indent = paragraph.paragraph_format.first_line_indent
        if indent is not None:
            assert indent == Cm(L.FIRST_LINE_INDENT_CM), paragraph.text
            assert paragraph.paragraph_format.space_after >= Pt(L.SPACING_AFTER_PT), paragraph.text
            assert paragraph.alignment == 3, paragraph.text  # justified


def test_running_text_is_indented() -> None:
    document = Document(str(SHIPPED / "BM.ST.VP.01.docx"))
    commitments = [p for p in document.paragraphs if "{{ c }}" in p.text]
    assert commitments and commitments[0].paragraph_format.first_line_indent == Cm(L.FIRST_LINE_INDENT_CM)
    slip = Document(str(SHIPPED / "BM.ST.VP.05.docx"))
    field = next(p for p in slip.paragraphs if p.text.startswith("Trích yếu"))
    assert field.paragraph_format.first_line_indent is None


LETTERHEADS = ["BM.ST.VP.01", "BM.ST.VP.02", "BM.ST.VP.03", "BM.CTCL.02", "PL3", "DANH-MUC"]


@pytest.mark.parametrize("name", LETTERHEADS)
def test_the_letterhead_sizes_and_rules(name: str) -> None:
    document = Document(str(SHIPPED / f"{name}.docx"))
    left, right = document.tables[0].cell(0, 0), document.tables[0].cell(0, 1)

    def size(paragraph: object) -> float:
        return paragraph.runs[0].font.size.pt  # type: ignore[attr-defined]

    texts = [p.text for p in left.paragraphs]
    parent, agency = left.paragraphs[texts.index("{{ parent }}")], left.paragraphs[texts.index("{{ agency }}")]
    assert size(parent) == L.PARENT_AGENCY_PT
    assert size(agency) == L.AGENCY_PT and agency.runs[0].bold
    assert size(right.paragraphs[0]) == L.QUOC_HIEU_PT and right.paragraphs[0].runs[0].bold
    assert size(right.paragraphs[1]) == L.TIEU_NGU_PT and right.paragraphs[1].runs[0].bold
    section = document.sections[0]
    columns = L.letterhead_cm(section.page_width > section.page_height)
    assert [round(c.width.cm, 2) for c in document.tables[0].rows[0].cells] == list(columns)
    for rule, cell_cm, rule_cm in (
        (left.paragraphs[texts.index("{{ agency }}") + 1], columns[0], L.AGENCY_RULE_CM),
        (right.paragraphs[2], columns[1], L.TIEU_NGU_RULE_CM),
    ):
        assert rule._p.pPr.find(qn("w:pBdr")) is not None
        length = cell_cm - 0.38 - 2 * rule.paragraph_format.left_indent.cm
        assert abs(length - rule_cm) < 0.05
    # The trích yếu is followed by its short rule.
    rules = [p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None]
    assert rules, "no rule under the trích yếu"


def _objectives(count: int) -> str:
    rows = "".join(
        f"  - text: Mục tiêu số {n} về việc giải quyết hồ sơ đúng hạn và đúng quy trình của cơ quan\n"
        f'    target: ">= 9{n % 10}%"\n    measures: Theo dõi hằng tháng trên phần mềm một cửa điện tử\n'
        for n in range(1, count + 1)
    )
    return "year: 2025\nowner: VPUB\napproved: {by: Trần Văn Bình, on: 2025-01-20}\nobjectives:\n" + rows


def pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return [page for page in text.split("\f") if page.strip()]


@pytest.mark.parametrize(("form", "header"), [("BM.ST.VP.02", "Mục tiêu chất lượng"), ("PL3", "Mục tiêu")])
def test_a_long_form_keeps_its_headers_and_its_signer(
    form: str, header: str, base_records: Path, tmp_path: Path
) -> None:
    (base_records / "objectives/2025.yaml").write_text(_objectives(40), encoding="utf-8")
    target = tmp_path / f"{form}.docx"
    result = runner.invoke(
        app, ["--records", str(base_records), "render", form, "-p", "2025", "-o", str(target), "--pdf"]
    )
    assert result.exit_code == 0, result.output
    printed = pages(target.with_suffix(".pdf"))
    assert len(printed) >= 3
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in printed[0]  # on one line
    for number, page in enumerate(printed, start=1):
        assert "STT" in page and header in page, f"page {number} has no table header"
        if number > 1:
            assert page.lstrip().startswith(str(number)), f"page {number} has no number at its top"
    last = printed[-1]
    assert "CHÁNH VĂN PHÒNG" in last and "Trần Văn Bình" in last  # the title and the name together
    assert "Mục tiêu số 40" in last  # with the last rows it signs


def test_a_target_of_all_is_printed_without_at_least() -> None:
    from qmsctl.targets import parse_target

    assert str(parse_target(">= 100%")) == "100%"
    assert str(parse_target(">= 97%")) == "≥ 97%"
    assert str(parse_target("<= 2")) == "≤ 2"
    assert str(parse_target(">= 97.5%")) == "≥ 97,5%"  # a Vietnamese decimal comma


def test_an_obsolete_document_says_so_on_every_page(base_records: Path, tmp_path: Path) -> None:
    import zipfile

    document = base_records / "documents/QT.CTCL.md"
    document.write_text(document.read_text(encoding="utf-8").replace("status: effective", "status: obsolete"), "utf-8")
    target = tmp_path / "QT.CTCL.docx"
    result = runner.invoke(app, ["--records", str(base_records), "render", "QT.CTCL", "-o", str(target)])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(target) as package:
        headers = [package.read(n).decode() for n in package.namelist() if n.startswith("word/header")]
    # The watermark sits in the header, which every page repeats.
    assert headers and all('string="HẾT HIỆU LỰC"' in h for h in headers)
    assert "HẾT HIỆU LỰC từ ngày ……………; lý do: ……………" in docx_paragraphs(Document(str(target)))
    withdrawn = "status: obsolete\nwithdrawal: {date: 2026-05-04, reason: Sáp nhập quy trình, replaced_by: QT.CTCL2}"
    document.write_text(document.read_text(encoding="utf-8").replace("status: obsolete", withdrawn), "utf-8")
    result = runner.invoke(app, ["--records", str(base_records), "render", "QT.CTCL", "-o", str(target)])
    assert result.exit_code == 0, result.output
    said = "HẾT HIỆU LỰC từ ngày 04/05/2026; lý do: Sáp nhập quy trình; thay thế bằng QT.CTCL2"
    assert said in docx_paragraphs(Document(str(target)))  # when, why and what replaces it
    document.write_text(document.read_text(encoding="utf-8").replace(withdrawn, "status: obsolete"), "utf-8")
    effective = tmp_path / "effective.docx"
    document.write_text(document.read_text(encoding="utf-8").replace("status: obsolete", "status: effective"), "utf-8")
    runner.invoke(app, ["--records", str(base_records), "render", "QT.CTCL", "-o", str(effective)])
    with zipfile.ZipFile(effective) as package:
        assert not any(
            "HẾT HIỆU LỰC" in package.read(n).decode() for n in package.namelist() if n.startswith("word/header")
        )


def test_the_register_lists_documents_procedures_and_forms(base_records: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    target = tmp_path / "dm.xlsx"
    assert runner.invoke(app, ["--records", str(base_records), "render", "DANH-MUC", "-o", str(target)]).exit_code == 0
    sheet = load_workbook(target).active
    header = next(c.row for c in sheet["A"] if c.value == "STT")
    rows = {(row[1], row[2]) for row in sheet.iter_rows(min_row=header + 1, values_only=True)}
    assert ("Quy trình", "QT.CTCL") in rows  # a document
    assert ("Quy trình", "QT.NC.01") in rows and ("Quy trình", "QT.HCTC.01") in rows  # procedures of dossiers
    assert ("Biểu mẫu", "BM.CTCL.01") in rows  # a form QT.CTCL attaches
    titles = {row[2]: row[3] for row in sheet.iter_rows(min_row=header + 1, values_only=True)}
    assert titles["BM.CTCL.01"].startswith("Phiếu yêu cầu hành động khắc phục")
    assert sheet.row_dimensions[header].height >= 45  # the header's wrapped text shows whole
    # As the DOCX: NĐ30's letterhead, the title, the secretary who signs.
    texts = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    for text in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "THƯ KÝ ISO",
        "(Ký, ghi rõ họ tên)",
    ):
        assert text in texts
    assert any(t.startswith("Hà Nội, ngày") or ", ngày" in t for t in texts)  # place and date


def test_the_minutes_give_time_place_and_outputs_grouped(tmp_path: Path) -> None:
    from tests.conftest import DEMO

    target = tmp_path / "c02.docx"
    assert runner.invoke(app, ["--records", str(DEMO), "render", "BM.CTCL.02", "-o", str(target)]).exit_code == 0
    document = Document(str(target))
    text = "\n".join(docx_paragraphs(document))
    assert "Thời gian: từ 08:00 đến 11:00 ngày 18/12/2025" in text
    assert "Địa điểm: Phòng họp số 1" in text and "kết thúc lúc 11:00" in text
    # The decisions, their last row in a table of its own with the signers (kept on one page).
    rows = [row for table in document.tables[-2:] for row in table.rows]
    groups = [row.cells[1].text for row in rows if row.cells[0].text.strip().isdigit()]
    assert groups == ["Nhu cầu thay đổi HTQLCL", "Nhu cầu về nguồn lực"]  # QT.CTCL 5.8.1.2's order


def test_a_long_statistics_workbook_keeps_its_evaluation_and_signers_together(
    base_records: Path, tmp_path: Path
) -> None:
    """BM.ST.VP.04 with 200 procedures: the header rows on every page, "Đánh giá" with both
    signers on one page."""
    tickets = []
    for n in range(200):
        code = f"QT.TEST.{n:03d}"
        (base_records / f"procedures/{code}.yaml").write_text(
            f"code: {code}\nname: Quy trình thử nghiệm số {n} về giải quyết hồ sơ của tổ chức, cá nhân\n"
            "group: lien-thong\nunit: NC\nduration: {working_days: 5}\ndocument: QT.CTCL\n",
            encoding="utf-8",
        )
        tickets.append(
            f"- {{id: T{n:03d}, procedure: {code}, received: '2025-03-03 09:00', completed: '2025-03-05 10:00',"
            " outcome: done}"
        )
    (base_records / "tickets/2025/2025-03-more.yaml").write_text("\n".join(tickets) + "\n", encoding="utf-8")
    target = tmp_path / "thong-ke.xlsx"
    result = runner.invoke(
        app, ["--records", str(base_records), "render", "BM.ST.VP.04", "-p", "2025-03", "-o", str(target), "--pdf"]
    )
    assert result.exit_code == 0, result.output
    from openpyxl import load_workbook

    sheet = load_workbook(target).worksheets[0]
    total = next(c.row for c in sheet["B"] if c.value == "Tổng cộng")
    assert [b.id for b in sheet.row_breaks.brk] in ([], [total - 1])  # a break only ever before the total
    printed = pages(target.with_suffix(".pdf"))
    statistics = [p for p in printed if "Tên quy trình" in p or "NGƯỜI TỔNG HỢP" in p]
    assert len(statistics) >= 3
    signers = [p for p in statistics if "NGƯỜI TỔNG HỢP" in p]
    assert len(signers) == 1 and "THƯ KÝ ISO" in signers[0] and "Đánh giá" in signers[0]
    assert "Tổng cộng" in signers[0]
    for page in statistics:
        assert "Tên quy trình" in page  # the header rows repeat


@pytest.mark.parametrize("period", ["2026-10", "2026-03", "2026-Q4", "2026"])
def test_the_demo_workbook_keeps_its_signers_together(period: str, tmp_path: Path) -> None:
    """The demo's month 2026-10 printed NGƯỜI TỔNG HỢP on page 1 and THƯ KÝ ISO on page 2; then
    an estimate of the page a fifth too short put both, with the rates, on a page 2 of their
    own under a repeated header. Each fits on page 1, the rates with decimal commas."""
    from tests.conftest import DEMO

    target = tmp_path / "v04.xlsx"
    command = ["render", "BM.ST.VP.04", "-p", period, "-o", str(target), "--pdf", "--as-of", "2026-11-23"]
    result = runner.invoke(app, ["--records", str(DEMO), *command])
    assert result.exit_code == 0, result.output
    printed = pages(target.with_suffix(".pdf"))
    first = printed[0]
    for text in ("Tổng cộng", "Đánh giá", "NGƯỜI TỔNG HỢP", "THƯ KÝ ISO", "Lê Thị Thu Hà"):
        assert text in first
    for page in (first, printed[-1]):  # the rates, and the chart's table: decimal commas
        assert re.search(r"\b\d{1,3},\d\d%", page) and not re.search(r"\b\d{1,3}\.\d\d\b", page)
    fonts = subprocess.run(["pdffonts", str(target.with_suffix(".pdf"))], capture_output=True, text=True).stdout
    assert "DejaVu" not in fonts  # the chart in the forms' font too


def test_a_long_agency_name_is_printed_whole_and_the_signers_keep_with_the_total(demo: Path, tmp_path: Path) -> None:
    """A 120-character agency name takes three lines of the letterhead (it lost its top line in
    a row of two); the block of rates and signers, pushed off page 1, takes the total with it
    and never stands under a repeated header alone."""
    import shutil

    root = tmp_path / "records"
    shutil.copytree(demo, root)
    profile = root / "qms.yaml"
    name = (
        "Văn phòng Ủy ban nhân dân thành phố Cần Thơ và Trung tâm Phục vụ hành chính công thành phố Cần Thơ, "
        "đơn vị trực thuộc"
    )
    assert len(name) >= 115
    text = profile.read_text(encoding="utf-8")
    profile.write_text(text.replace("Văn phòng Ủy ban nhân dân thành phố Cần Thơ", name, 1), encoding="utf-8")
    target = tmp_path / "v04.xlsx"
    command = ["render", "BM.ST.VP.04", "-p", "2026-Q4", "-o", str(target), "--pdf", "--as-of", "2026-11-23"]
    result = runner.invoke(app, ["--records", str(root), *command])
    assert result.exit_code == 0, result.output
    printed = pages(target.with_suffix(".pdf"))
    assert " ".join(name.upper().split()[:4]) in " ".join(printed[0].split())  # its first line is there
    assert name.upper().split()[-1] in printed[0]  # and its last word
    signers = [page for page in printed if "THƯ KÝ ISO" in page]
    assert len(signers) == 1 and "Tổng cộng" in signers[0] and "NGƯỜI TỔNG HỢP" in signers[0]


def test_a_procedures_steps_print_as_the_seeds_five_column_table(demo: Path, tmp_path: Path) -> None:
    """QT.CTCL section V: one row per step (TT, Hoạt động, Trách nhiệm, Yêu cầu, Biểu mẫu) from
    the step headings and their "Trách nhiệm" lines, its header on every page it spans."""
    target = tmp_path / "QT.CTCL.docx"
    result = runner.invoke(app, ["--records", str(demo), "render", "QT.CTCL", "-o", str(target), "--pdf"])
    assert result.exit_code == 0, result.output
    document = Document(str(target))
    steps = next(t for t in document.tables if [c.text for c in t.rows[0].cells][:2] == ["TT", "Hoạt động"])
    assert [c.text for c in steps.rows[0].cells] == ["TT", "Hoạt động", "Trách nhiệm", "Yêu cầu", "Biểu mẫu"]
    assert steps.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    rows = {row.cells[0].text: [c.text for c in row.cells] for row in steps.rows[1:]}
    assert rows["5.2.1"][1:3] == ["Mở phiếu yêu cầu", "Lãnh đạo đơn vị/Chuyên gia đánh giá/Cá nhân"]
    assert rows["5.2.1"][4] == "BM.CTCL.01"
    assert "ghi rõ nội dung yêu cầu vào ô thứ nhất" in rows["5.2.1"][3]
    assert rows["5.1"][1] == "Nhận biết và xử lý sản phẩm/dịch vụ KPH" and rows["5.1"][2] == ""
    assert rows["5.9"][4] == "Phụ lục 3 của STCL"
    # The text around the table is still the document's: no "Trách nhiệm:" line left in it.
    assert not any("Trách nhiệm:" in p.text for p in document.paragraphs)
    assert any(p.text.startswith("VI. BIỂU MẪU") for p in document.paragraphs)
    printed = pages(target.with_suffix(".pdf"))
    spanned = [n for n, page in enumerate(printed) if "5.1.1" in page or "5.9" in page]
    first, last = min(spanned), max(spanned)
    assert last > first  # the table does run over pages
    for page in printed[first : last + 1]:
        assert re.search(r"TT\s+Hoạt động\s+Trách nhiệm\s+Yêu cầu\s+Biểu mẫu", page), page[:400]


def test_an_apology_with_a_long_reason_starts_on_page_1(demo: Path, tmp_path: Path) -> None:
    """Every paragraph from "Số:" to the signer was kept with the next: a body that did not fit
    under the letterhead left page 1 holding the letterhead alone. Only the last paragraph keeps
    with the signer now."""
    import shutil

    from qmsctl.deadlines import RESCHEDULED_STEP

    root = tmp_path / "records"
    shutil.copytree(demo, root)
    month = root / "tickets/2026/2026-01.yaml"
    # 600 characters, twice: with the letterhead, more than a page
    reason = ("Hồ sơ cần lấy thêm ý kiến của các sở, ngành liên quan về quy hoạch, đất đai và môi trường; " * 14)[:1200]
    signed = "action: ký văn bản}\n"
    text = month.read_text(encoding="utf-8")
    start = text.index("id: 000.00.19.H13-260107-0003")
    at = text.index(signed, start) + len(signed)
    action = RESCHEDULED_STEP.format(day="28/01/2026", reason=reason.strip())
    step = f'    - {{at: 2026-01-21 09:00, by: Bộ phận một cửa, action: "{action}"}}\n'
    month.write_text(text[:at] + step + text[at:], encoding="utf-8")
    target = tmp_path / "xin-loi.docx"
    command = ["render", "PHIEU-XIN-LOI", "000.00.19.H13-260107-0003", "-o", str(target), "--pdf"]
    result = runner.invoke(app, ["--records", str(root), *command])
    assert result.exit_code == 0, result.output
    printed = pages(target.with_suffix(".pdf"))
    assert len(printed) == 2
    assert "Số:" in printed[0] and "Kính gửi" in printed[0] and reason[:40] in " ".join(printed[0].split())
    assert "(Ký, ghi rõ họ tên)" in printed[1] and "cảm ơn" in printed[1]  # the signer with the last paragraph


@pytest.mark.parametrize("ident", ["000.00.19.H13-260721-0002", "VBD-2026-00052", "000.00.19.H13-250124-0001"])
def test_the_trace_of_an_ordinary_ticket_is_one_page_with_its_errors_and_its_issue(ident: str, tmp_path: Path) -> None:
    """BM.ST.VP.06 spilled two to five lines onto page 2 for every ordinary ticket; a step's
    error (`ticket step --error`, for this form) never printed, nor "Tên người đang xem" and
    the outgoing letter's own log (the seed ends it: issued, archived)."""
    from tests.conftest import DEMO

    target = tmp_path / "v06.docx"
    result = runner.invoke(app, ["--records", str(DEMO), "render", "BM.ST.VP.06", ident, "-o", str(target), "--pdf"])
    assert result.exit_code == 0, result.output
    printed = pages(target.with_suffix(".pdf"))
    text = " ".join(" ".join(printed).split())
    assert "Tên người đang xem" in text and "phát hành văn bản." in text and "chuyển lưu trữ văn bản phát hành" in text
    if ident != "000.00.19.H13-260721-0002":
        assert len(printed) == 1
    else:  # five steps with their errors: a longer log, and the issued letter's section whole on page 2
        assert "Lỗi: Dự thảo sai thể thức văn bản." in text and "Lỗi: Trình thiếu hồ sơ kèm theo." in text
        assert len(printed) == 2 and printed[1].split("\n", 3)[2].strip() == "CÔNG VĂN PHÁT HÀNH"


@pytest.mark.parametrize("action", ["CAR-2025-001", "CAR-2025-002", "CAR-2026-001", "CAR-2026-004"])
def test_an_action_request_is_one_page_with_its_signers_named(action: str, tmp_path: Path) -> None:
    """BM.CTCL.01 put box 3 and the signatures on page 2 always; the signers had titles and no
    names; an action closed by opening the next (QT.CTCL 5.7) said "Đóng phiếu: ……"."""
    from tests.conftest import DEMO

    target = tmp_path / "a.docx"
    result = runner.invoke(app, ["--records", str(DEMO), "render", "BM.CTCL.01", action, "-o", str(target), "--pdf"])
    assert result.exit_code == 0, result.output
    printed = pages(target.with_suffix(".pdf"))
    assert len(printed) == 1 and "3. KIỂM TRA XÁC NHẬN" in printed[0] and "BAN ISO" in printed[0]
    signers = printed[0].rsplit("(Ký, ghi rõ họ tên)", 1)[1]
    assert any(ch.isalpha() for ch in signers)  # a name under the room to sign
    if action == "CAR-2025-002":  # ineffective, reopened as CAR-2025-003: closed by that verification
        assert re.search(r"Đóng phiếu: Trần Văn Bình\s+Ngày: 01/12/2025", printed[0])
    if action == "CAR-2026-004":  # open: lines to write the cause and the measures by hand
        assert printed[0].count("……………") >= 25


@pytest.mark.parametrize("count", [38, 40, 43])
@pytest.mark.parametrize("form", ["BM.ST.VP.02", "PL3"])
def test_forty_objectives_never_leave_the_signer_alone(form: str, count: int, tmp_path: Path) -> None:
    """With 40 objectives BM.ST.VP.02 page 7 and Phụ lục 3 page 9 held the signature alone: the
    signer keeps with the table's last row, whatever the count."""
    import shutil

    from tests.conftest import DEMO

    root = tmp_path / "records"
    shutil.copytree(DEMO, root)
    objective = (
        "  - text: Mục tiêu thử nghiệm số {n} về chất lượng giải quyết hồ sơ của tổ chức, cá nhân trên địa bàn\n"
        '    target: ">= 95%"\n    metric: {{kind: on_time_rate, group: all}}\n'
        "    measures: Theo dõi trên phần mềm quản lý văn bản và hệ thống một cửa điện tử\n"
        "    responsible: Các phòng, bộ phận\n    evidence: Phần mềm\n"
    )
    text = "year: 2026\nowner: VPUB\napproved: {by: Trần Văn Bình, on: 2026-01-22}\nobjectives:\n"
    (root / "objectives/2026.yaml").write_text(
        text + "".join(objective.format(n=n) for n in range(1, count + 1)), encoding="utf-8"
    )
    target = tmp_path / "form.docx"
    command = ["render", form, "-p", "2026", "-o", str(target), "--pdf", "--as-of", "2026-11-23"]
    result = runner.invoke(app, ["--records", str(root), *command])
    assert result.exit_code == 0, result.output
    printed = pages(target.with_suffix(".pdf"))
    last = printed[-1]
    assert "(Ký, ghi rõ họ tên)" in last and f"{count:02d}" in last  # the last objective signed on its page


STRESS_TICKET = "000.00.19.H13-261102-0999"
LONG_AGENCY = (
    "Văn phòng Ủy ban nhân dân thành phố Cần Thơ và Trung tâm Phục vụ hành chính công thành phố Cần Thơ, "
    "đơn vị trực thuộc"
)


@pytest.fixture(scope="module")
def stressed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with the stress cases of the forms: a 120-character agency name, 40 objectives,
    a dossier of 30 steps and a 600-character trích yếu."""
    import shutil

    from tests.conftest import DEMO

    root = tmp_path_factory.mktemp("stress") / "records"
    shutil.copytree(DEMO, root)
    profile = root / "qms.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(
        text.replace("name: Văn phòng Ủy ban nhân dân thành phố Cần Thơ", f"name: {LONG_AGENCY}", 1), "utf-8"
    )
    objectives = "".join(
        f"  - text: Mục tiêu thử nghiệm số {n} về chất lượng giải quyết hồ sơ của tổ chức, cá nhân\n"
        '    target: ">= 95%"\n    metric: {kind: on_time_rate, group: all}\n'
        "    measures: Theo dõi trên phần mềm quản lý văn bản\n    responsible: Các phòng, bộ phận\n"
        for n in range(1, 41)
    )
    (root / "objectives/2026.yaml").write_text(
        "year: 2026\nowner: VPUB\napproved: {by: Trần Văn Bình, on: 2026-01-22}\nobjectives:\n" + objectives, "utf-8"
    )
    subject = ("Đề nghị cấp phép cho đoàn khách nước ngoài vào khu vực biên giới để khảo sát, đầu tư dự án; " * 7)[:600]
    steps = "".join(
        f"    - {{at: 2026-11-{2 + n // 8:02d} {8 + n % 8:02d}:30, by: Chuyên viên Nguyễn Văn {n}, role: chuyen-vien,"
        f" action: xử lý bước {n}}}\n"
        for n in range(30)
    )
    (root / "tickets/2026/stress.yaml").write_text(
        f"- id: {STRESS_TICKET}\n  kind: dossier\n  procedure: QT.NC.03\n  received: 2026-11-02 08:00\n"
        f'  completed: 2026-11-06 16:00\n  outcome: done\n  subject: "{subject.strip()}"\n'
        f"  sender: Công ty TNHH Thương mại Dịch vụ Cần Thơ\n  steps:\n{steps}",
        "utf-8",
    )
    result = runner.invoke(app, ["--records", str(root), "check"])
    assert result.exit_code == 0, result.output
    return root


STRESS_FORMS = {
    "BM.ST.VP.01": [], "BM.ST.VP.02": ["-p", "2026"], "BM.ST.VP.03": ["-p", "2026-Q3"], "PL3": ["-p", "2026"],
    "BM.ST.VP.05": [STRESS_TICKET], "BM.ST.VP.06": [STRESS_TICKET], "BM.CTCL.01": ["CAR-2026-004"],
    "BM.CTCL.02": [], "PHIEU-BO-SUNG": ["000.00.19.H13-261008-0001"], "PHIEU-XIN-LOI": ["000.00.19.H13-260107-0003"],
    "DANH-MUC": [], "QT.CTCL": [], "BM.ST.VP.04": ["-p", "2026-Q4"],
}  # fmt: skip


@pytest.mark.parametrize("form", sorted(STRESS_FORMS))
def test_no_page_holds_only_a_letterhead_or_only_a_signature(form: str, stressed: Path, tmp_path: Path) -> None:
    target = tmp_path / ("form.xlsx" if form == "BM.ST.VP.04" else "form.docx")
    command = ["render", form, *STRESS_FORMS[form], "-o", str(target), "--pdf", "--as-of", "2026-11-23"]
    result = runner.invoke(app, ["--records", str(stressed), *command])
    assert result.exit_code == 0, result.output
    printed = pages(target.with_suffix(".pdf"))
    for number, page in enumerate(printed, start=1):
        lines = [line for line in page.splitlines() if line.strip() and line.strip() != str(number)]
        if "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and len(printed) > 1:
            assert len(" ".join(lines).split()) > 80, f"page {number} holds its letterhead alone"
        marks = [i for i, line in enumerate(lines) if "(Ký, ghi rõ họ tên)" in line]
        if marks:
            before = " ".join(lines[: max(marks[0] - 1, 0)]).split()
            assert len(before) >= 10, f"page {number} holds a signature alone"
