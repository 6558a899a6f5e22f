"""BM.ST.VP.05 (Phiếu theo dõi xử lý hồ sơ) and BM.ST.VP.06 (quá trình xử lý) of one ticket."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from qmsctl.agency import Agency
from qmsctl.deadlines import DueReasoning, reason_due, working_days_late
from qmsctl.findings import UserError
from qmsctl.forms.common import DOTS, day_text, or_dots
from qmsctl.i18n import _
from qmsctl.records.models import Procedure, Ticket

OUTCOMES = {"done": "Đã giải quyết", "returned": "Trả lại, không xử lý", "withdrawn": "Rút hồ sơ"}
KINDS = {"dossier": "Hồ sơ thủ tục hành chính", "letter": "Văn bản đến"}


def _ticket(agency: Agency, ident: str | None, form: str) -> tuple[Ticket, Procedure]:
    if not ident:
        raise UserError("U025", _("{form} needs a ticket id").format(form=form))
    return agency.ticket_with_procedure(ident)


def _timeliness(agency: Agency, ticket: Ticket, reasoning: DueReasoning) -> str:
    due = reasoning.due
    if ticket.completed is None or due is None:
        return "Đang xử lý" if ticket.completed is None else DOTS
    if ticket.outcome in ("returned", "withdrawn"):
        return "Không tính (hồ sơ không xử lý)"
    if due.met_by(ticket.completed):
        return "Đúng hạn"
    days = working_days_late(due, ticket.completed, agency.calendar)
    if days == 0:  # late within the due day (a due that is a moment): say by how many hours
        seconds = agency.calendar.working_seconds(ticket.completed) - agency.calendar.working_seconds(due.deadline)
        return f"Trễ hạn {_hours(max(seconds, 0))} làm việc"
    return f"Trễ hạn {days} ngày làm việc"


def _common(agency: Agency, ticket: Ticket, procedure: Procedure) -> dict[str, Any]:
    reasoning = reason_due(ticket, procedure, agency.calendar)
    result = OUTCOMES.get(ticket.outcome or "", "Đang xử lý") if ticket.completed else "Đang xử lý"
    return {
        "agency": agency.profile.agency.name.upper() if agency.profile else DOTS,
        "ticket_id": ticket.id,
        "sender": or_dots(ticket.sender),
        "subject": or_dots(ticket.subject),
        "procedure": f"{procedure.code} — {procedure.name}",
        "received": day_text(ticket.received),
        "received_day": day_text(ticket.received.date()),
        "due": day_text(reasoning.due.at) if reasoning.due else DOTS,
        "completed": day_text(ticket.completed),
        "result": result,
        "timeliness": _timeliness(agency, ticket, reasoning),
        "kind": KINDS[ticket.kind],
        # The sender's own number and date (BM.ST.VP.05 "Số: … Ngày …"): not in the records.
        "sender_number": DOTS,
        "sender_date": "…… tháng …… năm ……",
    }


def _hours(seconds: int) -> str:
    return f"{seconds / 3600:.1f} giờ".replace(".", ",")


def slip_context(agency: Agency, ident: str | None) -> dict[str, Any]:
    ticket, procedure = _ticket(agency, ident, "BM.ST.VP.05")
    steps = []
    previous: datetime = ticket.received
    for step in ticket.steps:
        spent = max(agency.calendar.working_seconds(step.at) - agency.calendar.working_seconds(previous), 0)
        steps.append(
            {
                "by": step.by,
                "action": step.action,
                "elapsed": _hours(spent),
                "at": day_text(step.at),
                "error": step.error or "",
            }
        )
        previous = step.at
    errors = [s.error for s in ticket.steps if s.error]
    context = _common(agency, ticket, procedure)
    context.update(
        {
            "steps": steps,
            "remedy": DOTS if errors else "Không có lỗi phát sinh",
            "result": f"{context['result']} — {context['timeliness']}",
        }
    )
    return context


def trace_context(agency: Agency, ident: str | None) -> dict[str, Any]:
    ticket, procedure = _ticket(agency, ident, "BM.ST.VP.06")
    # As the seed writes it: "09:20 ngày 03/03/2025 Văn thư Nguyễn Văn A nhập công văn."
    events = [(s.at, f"{s.by} {s.action}.") for s in ticket.steps]
    for pause in ticket.pauses:
        events.append((pause.start, f"Tạm dừng: {pause.reason or 'yêu cầu bổ sung hồ sơ'}."))
        if pause.end:
            events.append((pause.end, "Tiếp tục xử lý."))
    log = [f"{at:%H:%M} ngày {at:%d/%m/%Y} {text}" for at, text in sorted(events, key=lambda e: e[0])]
    context = _common(agency, ticket, procedure)
    owner = ticket.unit or procedure.unit
    context["log"] = log or [DOTS]
    context["unit"] = agency.units[owner].name if owner in agency.units else or_dots(owner)
    context["dots"] = DOTS  # a field of the paper form the records do not hold: written by hand
    return context
