"""Danh mục tài liệu HTQLCL (the document register), as DOCX and XLSX; and BM.ST.VP.01."""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from qmsctl.agency import Agency
from qmsctl.forms.common import DOTS, day_text, letterhead, or_dots, require
from qmsctl.forms.ooxml import conform_xlsx
from qmsctl.forms.xlsx import box, letterhead_rules, merge, put

COLUMNS = ["number", "kind", "code", "title", "revision", "issued", "clauses", "status"]
STATUS = {"draft": "Dự thảo", "review": "Đang xem xét", "effective": "Đang hiệu lực", "obsolete": "Hết hiệu lực"}


KIND_NAMES = {
    "manual": "Sổ tay",
    "policy": "Chính sách",
    "objectives": "Mục tiêu",
    "procedure": "Quy trình",
    "instruction": "Hướng dẫn",
    "form": "Biểu mẫu",
    "record-list": "Danh mục hồ sơ",
    "external": "Tài liệu bên ngoài",
}


def register_rows(agency: Agency) -> list[dict[str, Any]]:
    """Every controlled document: the documents, then the procedures of dossiers that have no
    document of their own, then the forms the documents attach (with their document's issue)."""
    from qmsctl.forms.render import ALIASES, FORMS

    documents = sorted((s.model for s in agency.records.documents), key=lambda d: d.code)
    rows: list[dict[str, Any]] = [
        {
            "kind": KIND_NAMES[d.type],
            "code": d.code,
            "title": d.title,
            "revision": f"{d.revision:02d}",
            "issued": day_text(d.issued) if d.issued else DOTS,
            "clauses": ", ".join(d.clauses) or "—",
            "status": STATUS[d.status],
        }
        for d in documents
    ]
    listed = {d.code for d in documents}
    for procedure in sorted(agency.procedures.values(), key=lambda p: p.code):
        if procedure.code not in listed:
            rows.append(
                {
                    "kind": "Quy trình",
                    "code": procedure.code,
                    "title": procedure.name,
                    "revision": DOTS,
                    "issued": DOTS,
                    "clauses": "8.5.1",  # the provision of a service: the procedure of one dossier
                    "status": STATUS["effective"],
                }
            )
            listed.add(procedure.code)
    for d in documents:
        for code in d.forms:
            if code in listed:
                continue
            listed.add(code)
            known = FORMS.get(ALIASES.get(code.upper(), code))
            rows.append(
                {
                    "kind": "Biểu mẫu",
                    "code": code,
                    "title": f"{known.title if known else DOTS} (kèm {d.code})",
                    "revision": f"{d.revision:02d}",
                    "issued": day_text(d.issued) if d.issued else DOTS,
                    "clauses": ", ".join(d.clauses) or "—",
                    "status": STATUS[d.status],
                }
            )
    for number, row in enumerate(rows, start=1):
        row["number"] = number
    return rows


def register_context(agency: Agency, on: date | None) -> dict[str, Any]:
    secretary = agency.profile.iso_secretary if agency.profile else None
    return {
        **letterhead(agency.profile, "DM", on, "Danh mục tài liệu"),
        "documents": register_rows(agency),
        "signer_name": or_dots(secretary.name if secretary else None),
    }


def write_register_xlsx(agency: Agency, path: Path, on: date | None = None) -> None:
    """The register as a workbook laid out as the DOCX is: NĐ30's letterhead (agency | Quốc
    hiệu), place and date, the title, the table with its header on every page, the signer."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Danh mục tài liệu"
    head = register_context(agency, on)
    last = len(COLUMNS)
    if head["parent"]:
        put(sheet, 1, 1, head["parent"], align="center")
        merge(sheet, 1, 1, 1, 4)
    put(sheet, 2, 1, head["agency"], bold=True, align="center", wrap=True)
    merge(sheet, 2, 1, 2, 4)
    put(sheet, 1, 5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, align="center")
    merge(sheet, 1, 5, 1, last)
    put(sheet, 2, 5, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align="center")
    merge(sheet, 2, 5, 2, last)
    sheet.row_dimensions[2].height = 17 * max(1, math.ceil(len(head["agency"]) / 48))
    letterhead_rules(sheet, 3, agency=(1, 4), tieu_ngu=(5, last))
    put(sheet, 4, 5, head["place_date"], size=13, italic=True, align="center")
    merge(sheet, 4, 5, 4, last)
    put(sheet, 6, 1, "DANH MỤC TÀI LIỆU HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG", size=14, bold=True, align="center")
    merge(sheet, 6, 1, 6, last)
    put(sheet, 7, 1, "theo TCVN ISO 9001:2015", size=13, bold=True, align="center")
    merge(sheet, 7, 1, 7, last)
    headers = [
        "STT",
        "Loại",
        "Mã hiệu",
        "Tên tài liệu",
        "Lần ban hành",
        "Ngày ban hành",
        "Điều khoản TCVN ISO 9001:2015",
        "Tình trạng",
    ]
    top = 9
    for column, text in enumerate(headers, start=1):
        put(sheet, top, column, text, bold=True, align="center", wrap=True, border=True)
    row = top + 1
    for item in head["documents"]:
        for column, key in enumerate(COLUMNS, start=1):
            put(
                sheet,
                row,
                column,
                item[key],
                wrap=key in ("title", "clauses"),
                border=True,
                align="left" if key == "title" else "center",
            )
        row += 1
    box(sheet, top, 1, max(row - 1, top), last)
    signer = row + 1  # the secretary signs at the right, under the table
    put(sheet, signer, 6, "THƯ KÝ ISO", size=13, bold=True, align="center")
    merge(sheet, signer, 6, signer, last)
    put(sheet, signer + 1, 6, "(Ký, ghi rõ họ tên)", italic=True, align="center")
    merge(sheet, signer + 1, 6, signer + 1, last)
    put(sheet, signer + 5, 6, head["signer_name"], size=13, bold=True, align="center")
    merge(sheet, signer + 5, 6, signer + 5, last)
    for column, width in enumerate([6, 12, 14, 50, 10, 14, 22, 14], start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[top].height = 48  # the header's wrapped lines (three at most) all show
    sheet.freeze_panes = f"A{top + 1}"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_area = f"A1:{get_column_letter(last)}{signer + 5}"
    sheet.print_title_rows = f"{top}:{top}"
    workbook.save(path)
    conform_xlsx(path)  # fonts in schema order


def policy_context(agency: Agency, on: date | None) -> dict[str, Any]:
    profile = require(agency.profile, "qms.yaml", "agency", "BM.ST.VP.01")
    policy = require(profile.policy, "qms.yaml", "policy", "BM.ST.VP.01")
    signer = require(policy.signer, "qms.yaml", "policy.signer", "BM.ST.VP.01")
    head = letterhead(profile, "CS", on, "BM.ST.VP.01")
    if profile.agency.parent and (signer.title or "").casefold().startswith("chủ tịch"):
        # NĐ30: a document is issued by the authority whose head signs it. The Chủ tịch signs
        # for the Ủy ban (the parent), which then heads the form alone, as in the seed.
        # Its commitment is then the Ủy ban's leaders', as its letterhead and signer say.
        head = {**head, "parent": "", "agency": profile.agency.parent.upper(), "agency_name": profile.agency.parent}
    return {
        **head,
        "commitments": require(policy.commitments, "qms.yaml", "policy.commitments", "BM.ST.VP.01"),
        "signer_title": (signer.title or DOTS).upper(),
        "signer_name": signer.name,
    }
