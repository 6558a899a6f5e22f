"""A controlled document (documents/*.md) as Word: the header on every page, the Soạn thảo /
Xem xét / Phê duyệt table, Sửa đổi tài liệu from its history, and the Markdown body."""

from __future__ import annotations

from typing import Any

from qmsctl.agency import Agency
from qmsctl.findings import UserError
from qmsctl.forms.common import DOTS, day_text, or_dots
from qmsctl.forms.markdown import section_titles
from qmsctl.i18n import _
from qmsctl.records.load import Sourced
from qmsctl.records.models import Document, Person


def find_document(agency: Agency, code: str | None) -> Sourced[Document]:
    found = next((s for s in agency.records.documents if s.model.code == code), None)
    if found is None:
        raise UserError(
            "U010",
            _("There is no document {code}").format(code=code),
            hint=_("Documents: {codes}").format(codes=", ".join(s.model.code for s in agency.records.documents)),
        )
    return found


def _person(person: Person | None) -> dict[str, str]:
    return {"name": or_dots(person.name if person else None), "title": or_dots(person.title if person else None)}


def _withdrawn(document: Document) -> str:
    """The line an obsolete document carries under its cover: since when, why, replaced by what."""
    w = document.withdrawal
    if w is None:
        return f"HẾT HIỆU LỰC từ ngày {DOTS}; lý do: {DOTS}"
    replaced = f"; thay thế bằng {w.replaced_by}" if w.replaced_by else ""
    return f"HẾT HIỆU LỰC từ ngày {day_text(w.on)}; lý do: {w.reason}{replaced}"


def document_context(agency: Agency, code: str | None) -> tuple[dict[str, Any], str]:
    """The context and the Markdown body."""
    source = find_document(agency, code)
    d = source.model
    history = [{"revision": f"{h.revision:02d}", "date": day_text(h.on), "change": h.change} for h in d.history]
    context = {
        "agency": (agency.profile.agency.name if agency.profile else DOTS).upper(),
        "title": d.title.upper(),
        "code": d.code,
        "revision": f"{d.revision:02d}",
        "issued": day_text(d.issued) if d.issued else DOTS,
        "drafted": _person(d.drafted_by),
        "reviewed": _person(d.reviewed_by),
        "approved": _person(d.approved_by),
        "history": history or [{"revision": DOTS, "date": DOTS, "change": DOTS}],
        "watermark": "HẾT HIỆU LỰC" if d.status == "obsolete" else "",
        "withdrawn": _withdrawn(d) if d.status == "obsolete" else "",
        "contents": ["SỬA ĐỔI TÀI LIỆU", *section_titles(source.body)],
    }
    return context, source.body
