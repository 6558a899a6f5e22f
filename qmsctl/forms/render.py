"""Which forms exist, what each needs, and rendering one or a period's whole pack."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from qmsctl.agency import Agency
from qmsctl.figures import Period, Status
from qmsctl.findings import UserError
from qmsctl.forms import (
    action_form,
    bm_st_vp_04,
    document_form,
    objective_forms,
    quality_forms,
    register,
    review_form,
    ticket_forms,
)
from qmsctl.forms.common import day_text
from qmsctl.forms.docx import render_docx
from qmsctl.i18n import _
from qmsctl.store import write_output


@dataclass(frozen=True)
class Form:
    code: str
    title: str
    needs: str  # "": nothing, "period", "id" (a ticket, action, review or document)
    template: str | None  # the .docx template; None for a workbook


FORMS = {
    f.code: f
    for f in (
        Form("BM.ST.VP.01", "Chính sách chất lượng", "", "BM.ST.VP.01"),
        Form("BM.ST.VP.02", "Mục tiêu chất lượng năm", "period", "BM.ST.VP.02"),
        Form("BM.ST.VP.03", "Báo cáo thực hiện mục tiêu chất lượng", "period", "BM.ST.VP.03"),
        Form("BM.ST.VP.04", "Thống kê các quy trình ISO có sản phẩm", "period", None),
        Form("BM.ST.VP.05", "Phiếu theo dõi xử lý hồ sơ", "id", "BM.ST.VP.05"),
        Form("BM.ST.VP.06", "Phiếu theo dõi quá trình xử lý hồ sơ", "id", "BM.ST.VP.06"),
        Form("BM.CTCL.01", "Phiếu yêu cầu hành động khắc phục/cải tiến", "id", "BM.CTCL.01"),
        Form("BM.CTCL.02", "Biên bản họp xem xét của lãnh đạo", "", "BM.CTCL.02"),
        Form("PL3", "Kế hoạch / Báo cáo thực hiện MTCL năm (Phụ lục 3)", "period", "PL3"),
        Form("DANH-MUC", "Danh mục tài liệu HTQLCL", "", "DANH-MUC"),
        Form("TAI-LIEU", "Tài liệu kiểm soát (documents/*.md)", "id", "TAI-LIEU"),
        Form("PHIEU-BO-SUNG", "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (TT 01/2018/TT-VPCP)", "id", "PHIEU-BO-SUNG"),
        Form("PHIEU-XIN-LOI", "Phiếu xin lỗi và hẹn lại ngày trả kết quả (TT 01/2018/TT-VPCP)", "id", "PHIEU-XIN-LOI"),
        Form("RUI-RO", "Sổ đăng ký rủi ro và cơ hội năm", "period", "RUI-RO"),
        Form("PHIEU-KHAO-SAT", "Phiếu thăm dò ý kiến (khảo sát sự hài lòng)", "id", "PHIEU-KHAO-SAT"),
        Form("KET-QUA-KHAO-SAT", "Báo cáo kết quả khảo sát sự hài lòng", "id", "KET-QUA-KHAO-SAT"),
        Form("PHAN-TICH", "Báo cáo phân tích dữ liệu năm (9.1.3)", "period", "PHAN-TICH"),
    )
}
# The forms that print figures of tickets: refused when records were left unread (docs/rules.md section 4).
WITH_FIGURES = ("BM.ST.VP.03", "BM.ST.VP.04", "BM.CTCL.02", "PL3")
ALIASES = {"PHỤ LỤC 3": "PL3", "PHU-LUC-3": "PL3", "DANH MỤC": "DANH-MUC", "DOCUMENT": "TAI-LIEU"}


def resolve(agency: Agency, name: str, ident: str | None) -> tuple[Form, str | None]:
    """The form named by the user; a document's code renders that controlled document."""
    key = ALIASES.get(name.upper(), name.upper())
    if key in FORMS:
        return FORMS[key], ident
    if any(s.model.code == name for s in agency.records.documents):
        return FORMS["TAI-LIEU"], name
    raise UserError(
        "U006",
        _("Unknown form {form}").format(form=name),
        hint=_("Forms: {forms}").format(forms=", ".join(FORMS)),
    )


def default_name(form: Form, ident: str | None, period: Period | None, suffix: str) -> str:
    parts = [form.code if form.code != "TAI-LIEU" else ident or "TAI-LIEU"]
    if form.needs == "id" and form.code != "TAI-LIEU" and ident:
        parts.append(re.sub(r"[^\w.-]+", "_", ident))
    if period is not None and form.needs == "period":
        parts.append(period.label.replace("..", "_"))
    return "_".join(parts) + suffix


def _check_suffix(form: Form, target: Path) -> None:
    """A workbook is not written under a .docx name, nor a document under a .xlsx one: the
    file would open in neither program."""
    made = [".xlsx"] if form.template is None else [".docx", ".xlsx"] if form.code == "DANH-MUC" else [".docx"]
    if target.name not in ("", ".", "..") and target.suffix.lower() not in made:  # (no name: write_output says)
        raise UserError(
            "U057",
            _("{form} is written as {kinds}, not {suffix}").format(
                form=form.code, kinds=" / ".join(made), suffix=target.suffix or _("a name without a suffix")
            ),
            hint=_("Name the file {name}.").format(name=target.with_suffix(made[0]).name),
        )


def render(
    agency: Agency,
    form: Form,
    target: Path,
    *,
    ident: str | None = None,
    period: Period | None = None,
    on: date | None = None,
    owner: str | None = None,
    revisions: list[dict[str, str]] | None = None,
    analysis: tuple[str | None, str] | None = None,
) -> Path:
    """Render one form to `target` (written atomically) and return it; `analysis` (who, the
    Markdown) prints PHAN-TICH from an analysis just made, not from the folder's record."""
    if form.needs == "period" and period is None:
        raise UserError("U007", _("{form} needs --period").format(form=form.code))
    _check_suffix(form, target)
    root = agency.records.root
    if form.code == "BM.ST.VP.04":
        assert period is not None
        content = bm_st_vp_04.build(agency, period)
        write_output(target, lambda path: bm_st_vp_04.write_workbook(content, path))
        return target
    if form.code == "DANH-MUC" and target.suffix.lower() == ".xlsx":
        write_output(target, lambda path: register.write_register_xlsx(agency, path, on))
        return target
    body: str | None = None
    if form.code == "BM.ST.VP.01":
        context = register.policy_context(agency, on)
    elif form.code == "BM.ST.VP.02":
        assert period is not None
        context = objective_forms.plan_context(agency, period.start.year, owner, on)
    elif form.code == "BM.ST.VP.03":
        assert period is not None
        context = objective_forms.report_context(agency, period, owner, on)
    elif form.code == "PL3":
        assert period is not None
        context = objective_forms.appendix_context(agency, period.start.year, owner, on)
    elif form.code == "BM.ST.VP.05":
        context = ticket_forms.slip_context(agency, ident)
    elif form.code == "BM.ST.VP.06":
        context = ticket_forms.trace_context(agency, ident)
    elif form.code == "BM.CTCL.01":
        context = action_form.action_context(agency, ident)
    elif form.code == "BM.CTCL.02":
        context = review_form.review_context(agency, ident)
    elif form.code == "PHIEU-BO-SUNG":
        context = ticket_forms.supplement_context(agency, ident)
    elif form.code == "PHIEU-XIN-LOI":
        context = ticket_forms.apology_context(agency, ident)
    elif form.code == "DANH-MUC":
        context = register.register_context(agency, on)
    elif form.code == "RUI-RO":
        assert period is not None
        context = quality_forms.risk_register_context(agency, period.start.year, on)
    elif form.code == "PHIEU-KHAO-SAT":
        context = quality_forms.questionnaire_context(agency, ident, on)
    elif form.code == "KET-QUA-KHAO-SAT":
        context = quality_forms.survey_report_context(agency, ident, on)
    elif form.code == "PHAN-TICH":
        assert period is not None
        context, body = quality_forms.analysis_context(agency, period.start.year, on, analysis)
    else:
        context, text = document_form.document_context(agency, ident)
        if revisions:  # Sửa đổi tài liệu as git recorded it
            context["history"] = [
                {"revision": r["revision"], "date": day_text(date.fromisoformat(r["date"])), "change": r["change"]}
                for r in revisions
            ]
        body = text
    template = form.template or form.code
    write_output(target, lambda path: render_docx(template, context, path, root, body))
    return target


def pack_plan(agency: Agency, period: Period) -> list[tuple[Form, str | None]]:
    """The period's set: BM.ST.VP.03 and its BM.ST.VP.04, the objectives (BM.ST.VP.02 and
    Phụ lục 3) and a BM.ST.VP.05 slip for each dossier late or overdue in the period."""
    plan: list[tuple[Form, str | None]] = [
        (FORMS["BM.ST.VP.03"], None),
        (FORMS["BM.ST.VP.04"], None),
        (FORMS["BM.ST.VP.02"], None),
        (FORMS["PL3"], None),
    ]
    figures = agency.figures(period)
    late = [p.ticket.id for p in figures.placed if p.status in (Status.PROCESSED_LATE, Status.IN_PROGRESS_LATE)]
    plan.extend((FORMS["BM.ST.VP.05"], ident) for ident in sorted(late))
    return plan


def pack_target(folder: Path, form: Form, ident: str | None, period: Period) -> Path:
    suffix = ".xlsx" if form.template is None else ".docx"
    sub = folder / "phieu-tre-han" if form.code == "BM.ST.VP.05" else folder
    return sub / default_name(form, ident, period, suffix)
