"""Danh mục tài liệu HTQLCL (the document register), as DOCX and XLSX; and BM.ST.VP.01."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from qmsctl.agency import Agency
from qmsctl.forms.common import DOTS, day_text, letterhead, or_dots, require
from qmsctl.forms.ooxml import conform_xlsx
from qmsctl.forms.xlsx import box, merge, put

STATUS = {"draft": "Dự thảo", "effective": "Đang hiệu lực", "obsolete": "Hết hiệu lực"}


def register_rows(agency: Agency) -> list[dict[str, Any]]:
    documents = sorted((s.model for s in agency.records.documents), key=lambda d: d.code)
    return [
        {
            "number": n,
            "code": d.code,
            "title": d.title,
            "revision": f"{d.revision:02d}",
            "issued": day_text(d.issued) if d.issued else DOTS,
            "clauses": ", ".join(d.clauses) or "—",
            "status": STATUS[d.status],
        }
        for n, d in enumerate(documents, start=1)
    ]


def register_context(agency: Agency, on: date | None) -> dict[str, Any]:
    secretary = agency.profile.iso_secretary if agency.profile else None
    return {
        **letterhead(agency.profile, "DM", on, "Danh mục tài liệu"),
        "documents": register_rows(agency),
        "signer_name": or_dots(secretary.name if secretary else None),
    }


def write_register_xlsx(agency: Agency, path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Danh mục tài liệu"
    profile = agency.profile
    put(sheet, 1, 1, (profile.agency.name if profile else "").upper(), bold=True, align="center")
    merge(sheet, 1, 1, 1, 7)
    put(
        sheet,
        2,
        1,
        "DANH MỤC TÀI LIỆU HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG THEO TCVN ISO 9001:2015",
        size=13,
        bold=True,
        align="center",
    )
    merge(sheet, 2, 1, 2, 7)
    headers = [
        "STT",
        "Mã hiệu",
        "Tên tài liệu",
        "Lần ban hành",
        "Ngày ban hành",
        "Điều khoản TCVN ISO 9001:2015",
        "Tình trạng",
    ]
    for column, text in enumerate(headers, start=1):
        put(sheet, 4, column, text, bold=True, align="center", wrap=True, border=True)
    row = 5
    for item in register_rows(agency):
        for column, key in enumerate(["number", "code", "title", "revision", "issued", "clauses", "status"], start=1):
            put(
                sheet,
                row,
                column,
                item[key],
                wrap=key == "title",
                border=True,
                align="left" if key == "title" else "center",
            )
        row += 1
    box(sheet, 4, 1, max(row - 1, 4), 7)
    for letter, width in zip("ABCDEFG", [6, 14, 50, 10, 14, 22, 14], strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A5"
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_area = f"A1:G{max(row - 1, 5)}"
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
        head = {**head, "parent": "", "agency": profile.agency.parent.upper()}
    return {
        **head,
        "commitments": require(policy.commitments, "qms.yaml", "policy.commitments", "BM.ST.VP.01"),
        "signer_title": (signer.title or DOTS).upper(),
        "signer_name": signer.name,
    }
