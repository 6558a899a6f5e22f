"""Every DOCX form rendered from the demo records, checked for the layout of Nghị định
30/2020/NĐ-CP with python-docx, and converted to PDF by LibreOffice."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from typer.testing import CliRunner

from qmsctl.cli.main import app
from tests.conftest import DEMO, docx_paragraphs

runner = CliRunner()

FORMS = {
    "BM.ST.VP.01": ([], "CHÍNH SÁCH CHẤT LƯỢNG"),
    "BM.ST.VP.02": (["-p", "2026"], "MỤC TIÊU CHẤT LƯỢNG NĂM 2026"),
    "BM.ST.VP.03": (["-p", "2026-03"], "Thực hiện Mục tiêu chất lượng tháng 03 năm 2026"),
    "BM.ST.VP.05": (["VBD-2025-00001"], "PHIẾU THEO DÕI HỒ SƠ"),  # a letter, as the seed's (Số văn bản đến)
    "BM.ST.VP.06": (["000.00.19.H13-250124-0001"], "PHIẾU THEO DÕI QUÁ TRÌNH XỬ LÝ HỒ SƠ"),
    "BM.CTCL.01": (["CAR-2025-002"], "PHIẾU YÊU CẦU HÀNH ĐỘNG KHẮC PHỤC/CẢI TIẾN"),
    "BM.CTCL.02": ([], "BIÊN BẢN HỌP XEM XÉT CỦA LÃNH ĐẠO"),
    "PL3": (["-p", "2025"], "KẾ HOẠCH VÀ BÁO CÁO THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG NĂM 2025"),
    "DANH-MUC": ([], "DANH MỤC TÀI LIỆU HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG"),
    "QT.CTCL": ([], "QUY TRÌNH CẢI TIẾN HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG"),
    "PHIEU-BO-SUNG": (["000.00.19.H13-260310-0002"], "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
    "PHIEU-XIN-LOI": (["000.00.19.H13-260107-0003"], "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"),
    "RUI-RO": (["-p", "2026"], "SỔ ĐĂNG KÝ RỦI RO VÀ CƠ HỘI NĂM 2026"),
    "PHIEU-KHAO-SAT": (["KS-2025"], "PHIẾU THĂM DÒ Ý KIẾN"),
    "KET-QUA-KHAO-SAT": (["KS-2025"], "Kết quả khảo sát sự hài lòng của tổ chức, cá nhân"),
    "PHAN-TICH": (["-p", "2025"], "Phân tích dữ liệu năm 2025"),
}
WITH_LETTERHEAD = {
    "BM.ST.VP.01", "BM.ST.VP.02", "BM.ST.VP.03", "BM.CTCL.02", "PL3", "DANH-MUC", "RUI-RO", "PHIEU-KHAO-SAT",
    "KET-QUA-KHAO-SAT", "PHAN-TICH",
}  # fmt: skip
NOTICES = {"PHIEU-BO-SUNG", "PHIEU-XIN-LOI"}  # dated the day they are given, not --date


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("forms")
    paths = {}
    for form, (args, _title) in FORMS.items():
        target = folder / f"{form}.docx"
        result = runner.invoke(
            app, ["--records", str(DEMO), "render", form, *args, "-o", str(target), "--date", "2026-02-05"]
        )
        assert result.exit_code == 0, (form, result.output)
        paths[form] = target
    return paths


def all_text(document: Document) -> str:
    parts = docx_paragraphs(document)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
        for table in section.header.tables:
            parts.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(parts)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_layout(form: str, rendered: dict[str, Path]) -> None:
    document = Document(str(rendered[form]))
    section = document.sections[0]
    short, long = sorted((section.page_width, section.page_height))
    assert abs(short - Mm(210)) < Mm(1) and abs(long - Mm(297)) < Mm(1)  # A4
    assert abs(section.top_margin - Mm(20)) < Mm(1) and abs(section.bottom_margin - Mm(20)) < Mm(1)
    assert abs(section.left_margin - Mm(30)) < Mm(1) and abs(section.right_margin - Mm(15)) < Mm(1)
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Normal"].font.size.pt == 13
    fonts = {run.font.name for p in document.paragraphs for run in p.runs if run.font.name}
    assert fonts <= {"Times New Roman"}
    text = all_text(document)
    assert FORMS[form][1] in text
    assert "{{" not in text and "{%" not in text
    if form in WITH_LETTERHEAD:
        header = document.tables[0]
        left, right = header.cell(0, 0), header.cell(0, 1)
        if form == "BM.ST.VP.01":  # signed by the Chủ tịch: issued by the Ủy ban itself, as in the seed
            assert left.paragraphs[0].text == "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ" and left.paragraphs[0].runs[0].bold
        else:
            assert left.paragraphs[0].text == "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ"
            assert left.paragraphs[1].text == "VĂN PHÒNG ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ"
            assert left.paragraphs[1].runs[0].bold
        name = 0 if form == "BM.ST.VP.01" else 1  # the line of the agency's name
        for cell, above in ((left, name), (right, 1)):  # the short rules: their own paragraph under the text
            rule = cell.paragraphs[above + 1]
            assert rule.text == "" and rule._p.pPr.find(qn("w:pBdr")) is not None
            assert cell.paragraphs[above]._p.pPr.find(qn("w:pBdr")) is None
        assert right.paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and right.paragraphs[0].runs[0].bold
        assert right.paragraphs[1].text == "Độc lập - Tự do - Hạnh phúc" and right.paragraphs[1].runs[0].bold
        place = header.cell(1, 1).paragraphs[0]
        # Minutes carry the meeting's date; other forms the date asked for.
        expected = "ngày 18 tháng 12 năm 2025" if form == "BM.CTCL.02" else "ngày 05 tháng 02 năm 2026"
        assert place.text == f"Cần Thơ, {expected}" and place.runs[0].italic


def test_the_controlled_document_has_its_header_cover_history_and_body(rendered: dict[str, Path]) -> None:
    document = Document(str(rendered["QT.CTCL"]))
    header = all_text(document)
    assert "Mã hiệu: QT.CTCL" in header and "Lần ban hành: 01" in header and "Ngày ban hành: 01/11/2025" in header
    cover = document.tables[0]
    assert [c.text for c in cover.rows[0].cells] == ["Trách nhiệm", "Soạn thảo", "Xem xét", "Phê duyệt"]
    texts = [p.text for p in document.paragraphs]
    assert "SỬA ĐỔI TÀI LIỆU" in texts and "V. NỘI DUNG" in texts
    assert any(t.startswith("- Tiêu chuẩn quốc gia: TCVN ISO 9001:2015") for t in texts)
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "Sự không phù hợp" in bold


def test_the_slip_writes_the_process_log_as_the_seed(rendered: dict[str, Path]) -> None:
    text = all_text(Document(str(rendered["BM.ST.VP.06"])))
    assert " ngày 2" in text and "nhập công văn." in text


def test_missing_required_field_names_record_and_field(base_records: Path, tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["--records", str(base_records), "render", "BM.ST.VP.01", "-o", str(tmp_path / "x.docx")]
    )
    assert result.exit_code == 2
    assert "qms.yaml" in result.output and "policy" in result.output
    assert not (tmp_path / "x.docx").exists()


def test_missing_optional_field_prints_dots(base_records: Path, tmp_path: Path) -> None:
    target = tmp_path / "slip.docx"
    result = runner.invoke(
        app, ["--records", str(base_records), "render", "BM.ST.VP.05", "VBD-2025-00001", "-o", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert "Đơn vị gửi văn bản: ……………" in all_text(Document(str(target)))


def _override(base: Path, text: str) -> None:
    document = Document()
    document.add_paragraph(text)
    (base / "templates").mkdir()
    document.save(str(base / "templates" / "DANH-MUC.docx"))


def test_an_agency_template_overrides_the_shipped_one(base_records: Path, tmp_path: Path) -> None:
    _override(base_records, "Danh mục của {{ agency_name }}: A & B <x>")
    target = tmp_path / "dm.docx"
    assert runner.invoke(app, ["--records", str(base_records), "render", "DANH-MUC", "-o", str(target)]).exit_code == 0
    assert (
        Document(str(target)).paragraphs[0].text
        == "Danh mục của Văn phòng Ủy ban nhân dân thành phố Cần Thơ: A & B <x>"
    )


def test_a_template_cannot_reach_python_internals(base_records: Path, tmp_path: Path) -> None:
    _override(base_records, "{{ ''.__class__.__mro__ }}")
    result = runner.invoke(app, ["--records", str(base_records), "render", "DANH-MUC", "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2 and "not allowed" in result.output


def test_a_template_syntax_error_names_the_template(base_records: Path, tmp_path: Path) -> None:
    _override(base_records, "{% if %}")
    result = runner.invoke(app, ["--records", str(base_records), "render", "DANH-MUC", "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2 and "DANH-MUC.docx" in result.output


def test_pack_writes_the_period_set(tmp_path: Path) -> None:
    result = runner.invoke(app, ["--records", str(DEMO), "render", "pack", "-p", "2026-03", "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    names = {p.name for p in tmp_path.iterdir()}
    assert {
        "BM.ST.VP.03_2026-03.docx",
        "BM.ST.VP.04_2026-03.xlsx",
        "BM.ST.VP.02_2026-03.docx",
        "PL3_2026-03.docx",
    } <= names
    assert any((tmp_path / "phieu-tre-han").iterdir())


def test_every_form_converts_to_pdf_with_diacritics_intact(rendered: dict[str, Path], tmp_path: Path) -> None:
    assert shutil.which("soffice"), "the test command installs LibreOffice (make system-deps)"
    sources = [str(p) for p in rendered.values()]
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(tmp_path), *sources],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    for form, (_args, title) in FORMS.items():
        pdf = tmp_path / f"{form}.pdf"
        assert pdf.is_file(), form
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert " ".join(title.split()) in " ".join(text.split()), form


# Findings of the validator that the schema itself does not support, each with its ground.
ACCEPTED = {
    # ECMA-376 Part 1, 18.18.11 ST_CellType lists "inlineStr" and 18.3.1.53 defines the inline
    # string `is`: a cell may hold its text inline. Excel reads it and moves it to the shared
    # strings when it next saves (a rewrite on save, not a repair). openpyxl writes strings so.
    "inline-string cell(s)",
}


def audit(path: Path) -> list[str]:
    """openxml-audit's errors and warnings on a file, less the accepted ones."""
    import json

    done = subprocess.run(
        [
            str(Path(shutil.which("openxml-audit") or Path(__import__("sys").executable).parent / "openxml-audit")),
            "-o",
            "json",
            "-m",
            "0",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(done.stdout)[0]
    return [
        f"{e['severity']}: {e['description']} ({e['part_uri']} {e['path']})"
        for e in report["errors"]
        if not any(accepted in e["description"] for accepted in ACCEPTED)
    ]


def test_every_form_passes_the_schema_validator(rendered: dict[str, Path], tmp_path: Path) -> None:
    workbooks = []
    for form, args in (("BM.ST.VP.04", ["-p", "2026-03"]), ("DANH-MUC", [])):
        target = tmp_path / f"{form}.xlsx"
        result = runner.invoke(app, ["--records", str(DEMO), "render", form, *args, "-o", str(target)])
        assert result.exit_code == 0, result.output
        workbooks.append(target)
    for path in [*rendered.values(), *workbooks]:
        assert audit(path) == [], path.name


def test_table_grids_match_their_cells(rendered: dict[str, Path]) -> None:
    """LibreOffice lays a table out by its grid: the grid's columns are the cells' widths."""
    for form, path in rendered.items():
        for table in Document(str(path)).tables:
            grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
            first = table.rows[0]._tr.findall(qn("w:tc"))
            cells = [int(tc.tcPr.tcW.get(qn("w:w"))) for tc in first if tc.tcPr is not None and tc.tcPr.tcW is not None]
            if len(cells) == len(grid):
                assert all(abs(g - c) <= 2 for g, c in zip(grid, cells, strict=True)), (form, grid, cells)


@pytest.mark.parametrize(
    "tag",
    [
        "{% include 'x.docx' %}",
        "{% extends 'x.docx' %}",
        "{% for i in range(1e9) %}x{% endfor %}",
        "{% for i in range(99999) %}{% for j in range(99999) %}x{% endfor %}{% endfor %}",
        "{{ 1 // 0 }}",
    ],
)
def test_a_hostile_template_is_refused_with_its_name(tag: str, base_records: Path, tmp_path: Path) -> None:
    _override(base_records, tag)
    result = runner.invoke(app, ["--records", str(base_records), "render", "DANH-MUC", "-o", str(tmp_path / "x.docx")])
    assert result.exit_code == 2 and "DANH-MUC.docx" in result.output, result.output
    assert not (tmp_path / "x.docx").exists()


SEEDS = Path(__file__).parent / "data" / "seeds"  # the two source documents, as extracted
# Each form's fields as the seed prints them (the quality manual's forms, and the procedure's
# cover); the test finds each in the seed's text first, so a label here is the seed's own.
SEED_FIELDS = {
    "BM.ST.VP.01": ("000", ["CHÍNH SÁCH CHẤT LƯỢNG", "Với phương châm:", "Độc lập - Tự do - Hạnh phúc", "CHỦ TỊCH"]),
    "BM.ST.VP.02": (
        "000",
        ["MỤC TIÊU CHẤT LƯỢNG NĂM", "Với phương châm:", "STT", "Mục tiêu chất lượng", "Biện pháp và trách nhiệm",
         "Hồ sơ", "Độc lập - Tự do - Hạnh phúc"],
    ),
    "BM.ST.VP.03": (
        "000",
        ["BÁO CÁO", "Thực hiện Mục tiêu chất lượng tháng", "Số:", "/BC-VPUB", "STT", "Mục tiêu", "Mức đo lường",
         "Thực tế đạt được", "Nguyên nhân do không đạt mục tiêu", "Hướng giải quyết trong thời gian tới",
         "Đính kèm bảng thống kê kết quả thực hiện các quy trình có sản phẩm trong tháng", "Nơi nhận:",
         "Lưu: VT"],  # "VP UBND TP" was the seed's own recipient: the agency's parent now
    ),
    "BM.ST.VP.05": (
        "000",
        ["PHIẾU THEO DÕI HỒ SƠ", "Đơn vị gửi văn bản:", "Số:", "Ngày", "Trích yếu:", "Số văn bản đến:",
         "Hạn xử lý:", "Người xử lý", "Nội dung xử lý", "Thời gian", "Ngày giờ", "Lỗi, lý do",
         "Biện pháp khắc phục lỗi:"],
    ),
    "BM.ST.VP.06": (
        "000",
        ["TÓM TẮT CÔNG VĂN ĐẾN", "Cấp gửi:", "Cơ quan:", "Số ký hiệu:", "Ngày ký:", "Loại văn bản:", "Vấn đề:",
         "Trích yếu:", "Người ký:", "Chức vụ:", "Độ mật:", "Độ khẩn:", "Số đến:", "Ngày đến:", "Hạn trả lời:",
         "Văn bản ISO", "Tên quy trình", "Loại:", "Đơn vị:", "Chuyên viên soạn:", "Chọn Lãnh đạo Văn phòng:",
         "Chọn Thường trực UB:", "Nội dung văn bản kèm theo", "Quá trình xử lý", "CÔNG VĂN PHÁT HÀNH",
         "Hình thức:", "Chuyên viên thảo:", "Ngày phát hành:", "Hạn phúc đáp:", "Các đơn vị nhận",
         "Nội dung và văn bản kèm theo", "nhập công văn", "ký văn bản"],
    ),
    "QT.CTCL": (
        "004",
        ["Mã hiệu: QT.CTCL", "Lần ban hành", "Ngày ban hành: 01/11/2025", "Trách nhiệm", "Soạn thảo", "Xem xét",
         "Phê duyệt", "SỬA ĐỔI TÀI LIỆU", "I. MỤC ĐÍCH", "III. TÀI LIỆU VIỆN DẪN", "IV. ĐỊNH NGHĨA/VIẾT TẮT",
         "V. NỘI DUNG", "Hoạt động", "Yêu cầu", "Biểu mẫu", "VI. BIỂU MẪU", "Ký hiệu biểu mẫu", "Tên biểu mẫu",
         "VII. HỒ SƠ LƯU", "Tên hồ sơ", "Trách nhiệm lưu", "Thời gian lưu", "03 năm"],
    ),
}  # fmt: skip


def _folded(text: str) -> str:
    return " ".join(text.split()).casefold()


@pytest.mark.parametrize("form", sorted(SEED_FIELDS))
def test_every_field_of_the_seed_is_on_the_form(form: str, rendered: dict[str, Path]) -> None:
    """Side by side with the seed: each of its labels is found in the seed, then on the form."""
    seed_prefix, labels = SEED_FIELDS[form]
    seed = _folded(next(SEEDS.glob(f"{seed_prefix}_*.txt")).read_text(encoding="utf-8"))
    printed = _folded(all_text(Document(str(rendered[form]))))
    assert [label for label in labels if _folded(label) not in seed] == []  # the seed's own words
    assert [label for label in labels if _folded(label) not in printed] == []


@pytest.mark.parametrize(
    ("ident", "present", "absent"),
    [
        # Finished on a Saturday after a Friday's due: late by no working time, and late all the same.
        (
            "000.00.19.H13-261008-0001",
            # Paused from 09/10 to 14/10: the pause in its place, its time not counted in the steps'.
            [
                "Trễ hạn (hoàn thành 17/10/2026",
                "sau hạn 16/10/2026",
                "Số hồ sơ: 000.00.19.H13-261008-0001",
                "Tạm dừng: Yêu cầu bổ sung giấy tờ",
                "phân chuyên viên xử lý 0,0 giờ",
                "Tiếp tục xử lý",
                # By hand, hours 07:00-11:30 and 13:30-17:00: signed 15/10 10:01 after the step of 13/10
                # 10:53, paused until 14/10 13:31: 14/10 13:31-17:00 (3 h 29) + 15/10 07:00-10:01 (3 h 01).
                "ký văn bản 6,5 giờ",
            ],
            ["Trễ hạn 0,0 giờ", "Không có lỗi phát sinh"],
        ),  # fmt: skip
        ("000.00.19.H13-261109-0001", ["Kết quả: Đang xử lý"], ["Đang xử lý — Đang xử lý"]),  # still open
    ],
)
def test_a_slip_says_how_late_and_leaves_the_remedy_of_a_late_dossier_to_write(
    ident: str, present: list[str], absent: list[str], tmp_path: Path
) -> None:
    target = tmp_path / "slip.docx"
    command = ["render", "BM.ST.VP.05", ident, "-o", str(target), "--as-of", "2026-11-23"]
    result = runner.invoke(app, ["--records", str(DEMO), *command])
    assert result.exit_code == 0, result.output
    text = " ".join(all_text(Document(str(target))).split())
    for words in present:
        assert words in text
    for words in absent:
        assert words not in text


@pytest.mark.parametrize(("form", "name"), [("BM.ST.VP.04", "thong-ke.docx"), ("BM.ST.VP.01", "chinh-sach.xlsx")])
def test_a_form_is_not_written_under_another_kinds_name(form: str, name: str, tmp_path: Path) -> None:
    """A workbook under a .docx name opened in neither program, and was written silently."""
    target = tmp_path / name
    result = runner.invoke(app, ["--records", str(DEMO), "render", form, "-p", "2026-03", "-o", str(target)])
    assert result.exit_code == 2, result.output
    assert f"{form} is written as" in result.output and Path(name).suffix in result.output
    assert not target.exists() and not list(tmp_path.iterdir())


def test_a_document_says_who_made_it_and_when(rendered: dict[str, Path]) -> None:
    """A template passed on python-docx's own properties: creator "python-docx", 2013-12-23."""
    from datetime import datetime, timedelta

    properties = Document(str(rendered["BM.ST.VP.01"])).core_properties
    assert properties.author == "Ủy ban nhân dân thành phố Cần Thơ"  # the authority that issues the policy
    assert properties.title == "BM.ST.VP.01" and "python-docx" not in (properties.comments or "")
    assert properties.created is not None
    assert datetime.now() - properties.created.replace(tzinfo=None) < timedelta(days=2)


@pytest.mark.parametrize(
    "form", sorted(set(FORMS) - {"BM.ST.VP.05", "BM.ST.VP.06", "QT.CTCL", "PHIEU-KHAO-SAT"})
)  # the signed ones (a questionnaire is not signed)
def test_the_signer_stands_at_the_right_edge(form: str, rendered: dict[str, Path]) -> None:
    """NĐ30 puts the signer right; on a landscape page a signature table as wide as a portrait
    page's text left it in the middle (BM.ST.VP.03, PL3, DANH-MUC)."""
    document = Document(str(rendered[form]))
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    tables = document.element.body.iter(qn("w:tbl"))  # the signature may stand in a cell of the table it signs
    signatures = [t for t in tables if "(Ký, ghi rõ họ tên)" in "".join(t.find(qn("w:tr")).itertext())]
    grid = signatures[-1].find(qn("w:tblGrid"))
    columns = [int(c.get(qn("w:w"))) * 635 for c in grid.findall(qn("w:gridCol"))]  # twips to EMU
    assert abs(sum(columns) - text_width) < Mm(2)


def test_the_objectives_report_is_sent_to_the_agencys_parent(rendered: dict[str, Path]) -> None:
    """ "Nơi nhận: VP UBND TP" was the seed agency's own, printed for every agency."""
    text = all_text(Document(str(rendered["BM.ST.VP.03"])))
    assert "- Ủy ban nhân dân thành phố Cần Thơ;" in text and "VP UBND TP" not in text


def test_a_step_is_signed_with_its_role_as_the_seed_writes_it() -> None:
    """ "Văn thư [Họ tên]" in the seed's slip: the role a step names comes before the name, once."""
    from datetime import datetime

    from qmsctl.forms.ticket_forms import _by
    from qmsctl.records.models import Step

    at = datetime(2026, 3, 3, 9, 0)
    assert _by(Step(at=at, by="Nguyễn Văn A", role="van-thu", action="nhập")) == "Văn thư Nguyễn Văn A"
    assert _by(Step(at=at, by="Văn thư Nguyễn Văn A", role="van-thu", action="nhập")) == "Văn thư Nguyễn Văn A"
    assert _by(Step(at=at, by="Trần B", role="Tổ trưởng", action="xem")) == "Tổ trưởng Trần B"
    assert _by(Step(at=at, by="Trần B", action="xem")) == "Trần B"


def test_a_units_plan_is_under_the_units_letterhead_and_dated_its_approval(tmp_path: Path) -> None:
    """BM.ST.VP.02 left the date dotted though `approved.on` was recorded, and with --owner HCTC
    printed the agency's letterhead, not the unit's."""
    target = tmp_path / "v02.docx"
    command = ["render", "BM.ST.VP.02", "-p", "2026", "--owner", "HCTC", "-o", str(target)]
    result = runner.invoke(app, ["--records", str(DEMO), *command])
    assert result.exit_code == 0, result.output
    head = [cell.text for row in Document(str(target)).tables[0].rows for cell in row.cells]
    assert head[0].split("\n")[:2] == ["VĂN PHÒNG ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ", "PHÒNG HÀNH CHÍNH - TỔ CHỨC"]
    assert head[3].endswith("ngày 25 tháng 01 năm 2026")  # objectives/2026-HCTC.yaml: approved on 2026-01-25


def test_the_policy_commits_the_authority_that_issues_and_signs_it(rendered: dict[str, Path]) -> None:
    """Issued under the Ủy ban's letterhead and signed by its Chủ tịch, the policy said "Lãnh
    đạo Văn phòng … cam kết"."""
    text = all_text(Document(str(rendered["BM.ST.VP.01"])))
    assert "Lãnh đạo Ủy ban nhân dân thành phố Cần Thơ cam kết:" in text and "CHỦ TỊCH" in text


@pytest.mark.parametrize(
    ("sender", "you"),
    [("Công ty TNHH Thủy sản Hậu Giang", "Quý cơ quan"), ("Sở Nội vụ", "Quý cơ quan"),
     ("Trường Tiểu học Lê Quý Đôn", "Quý cơ quan"), ("UBND phường An Hòa", "Quý cơ quan"),
     ("Nguyễn Văn Sở", "Ông/Bà"), ("Bà Trần Thị Hội", "Ông/Bà"), (None, "Ông/Bà")],
)  # fmt: skip
def test_a_notice_addresses_an_organisation_as_one(sender: str | None, you: str) -> None:
    from qmsctl.forms.ticket_forms import addressed

    assert addressed(sender) == you


def test_a_supplement_request_lists_what_is_asked_and_is_signed(base_records: Path, tmp_path: Path) -> None:
    """The requested items printed as the bare reason, the signer's name dotted."""
    reason = "Bản sao giấy chứng nhận đăng ký doanh nghiệp; Bản vẽ thiết kế có đóng dấu; Giấy ủy quyền"
    result = runner.invoke(
        app,
        ["--records", str(base_records), "ticket", "add", "--procedure", "QT.NC.01", "--received",
         "2025-03-10 09:00", "--subject", "Đề nghị cấp phép", "--sender", "Nguyễn Văn An", "--id", "HS-250310-0001"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    for command in (
        ["ticket", "step", "HS-250310-0001", "--at", "2025-03-10 09:05", "--by", "Lê Thị B", "--role", "van-thu",
         "--action", "tiếp nhận"],
        ["ticket", "pause", "HS-250310-0001", "--at", "2025-03-10 10:00", "--reason", reason],
    ):  # fmt: skip
        result = runner.invoke(app, ["--records", str(base_records), *command])
        assert result.exit_code == 0, result.output
    target = tmp_path / "bo-sung.docx"
    result = runner.invoke(app, ["--records", str(base_records), "render", "PHIEU-BO-SUNG", "HS-250310-0001", "-o",
                                 str(target)])  # fmt: skip
    assert result.exit_code == 0, result.output
    text = docx_paragraphs(Document(str(target)))
    assert "1. Bản sao giấy chứng nhận đăng ký doanh nghiệp" in text and "3. Giấy ủy quyền" in text
    assert "Văn thư Lê Thị B" in text  # who received it signs
    assert any("ông/bà liên hệ với" in line for line in text)  # a person, addressed as one


def test_the_register_holds_every_form_the_manual_attaches(rendered: dict[str, Path]) -> None:
    """The manual attaches BM.ST.VP.01 to 06; 05 and 06 were missing from the register."""
    text = all_text(Document(str(rendered["DANH-MUC"])))
    assert all(f"BM.ST.VP.0{n}" in text for n in range(1, 7))


def test_a_controlled_document_lists_its_sections_and_its_tables_fill_the_width(rendered: dict[str, Path]) -> None:
    """The seed's cover has a MỤC LỤC; its tables VI and VII were narrow with equal columns."""
    document = Document(str(rendered["QT.CTCL"]))
    text = docx_paragraphs(document)
    contents = text.index("MỤC LỤC")
    assert text[contents + 1 : contents + 3] == ["SỬA ĐỔI TÀI LIỆU", "I. MỤC ĐÍCH"] and "VII. HỒ SƠ LƯU" in text
    records = next(t for t in document.tables if t.rows[0].cells[1].text == "Tên hồ sơ")
    columns = [int(c.get(qn("w:w"))) for c in records._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert abs(sum(columns) - Mm(165).twips) < 30  # the text's width
    assert columns[1] > 2 * columns[0] and len(set(columns)) > 1  # the name wide, the number narrow


@pytest.mark.parametrize("mask", [0o022, 0o027])
def test_a_workbook_is_written_with_the_mode_a_document_is(mask: int, tmp_path: Path) -> None:
    """Every XLSX was written 0600 whatever the umask (a temporary file renamed), a DOCX 0644."""
    import os
    import stat

    old = os.umask(mask)
    try:
        modes = {}
        for form, name, args in (("BM.ST.VP.04", "v04.xlsx", ["-p", "2026-03"]), ("BM.ST.VP.01", "v01.docx", []),
                                 ("DANH-MUC", "dm.xlsx", [])):  # fmt: skip
            target = tmp_path / name
            result = runner.invoke(app, ["--records", str(DEMO), "render", form, *args, "-o", str(target)])
            assert result.exit_code == 0, result.output
            modes[name] = stat.S_IMODE(target.stat().st_mode)
    finally:
        os.umask(old)
    assert set(modes.values()) == {0o666 & ~mask}, modes
