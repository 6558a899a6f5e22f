"""BM.ST.VP.05 (Phiếu theo dõi xử lý hồ sơ) and BM.ST.VP.06 (quá trình xử lý) of one ticket."""

from __future__ import annotations

import re
from datetime import date, datetime
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
        if seconds >= 360:  # a tenth of an hour, as printed
            return f"Trễ hạn {_hours(seconds)} làm việc"
        # Finished outside working hours after the due (a Saturday after a Friday's due): late
        # all the same, by no working time; the moments say it.
        return f"Trễ hạn (hoàn thành {day_text(ticket.completed)}, ngoài giờ làm việc, sau hạn {day_text(due.at)})"
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


# The roles a step may name (`ticket step --role`), as the seed's slip writes them: "Văn thư [Họ tên]".
ROLES = {"van-thu": "Văn thư", "lanh-dao": "Lãnh đạo", "chuyen-vien": "Chuyên viên", "mot-cua": "Bộ phận một cửa"}


def _by(step: Any) -> str:
    """Who took the step, with the role the seed's slip puts before the name."""
    role = ROLES.get(step.role or "", step.role or "")
    if role and not step.by.casefold().startswith(role.casefold()):
        return f"{role} {step.by}"
    return str(step.by)


def _working(agency: Agency, start: datetime, end: datetime) -> int:
    """Working seconds between two moments (none when the second is earlier)."""
    return max(agency.calendar.working_seconds(end) - agency.calendar.working_seconds(start), 0)


def _paused_within(agency: Agency, ticket: Ticket, start: datetime, end: datetime) -> int:
    """The working seconds of [start, end] the dossier spent paused (waiting for the citizen:
    not the office's time)."""
    paused = 0
    for pause in ticket.pauses:
        until = pause.end or end
        first, last = max(start, pause.start), min(end, until)
        if first < last:
            paused += _working(agency, first, last)
    return paused


def slip_context(agency: Agency, ident: str | None) -> dict[str, Any]:
    ticket, procedure = _ticket(agency, ident, "BM.ST.VP.05")
    rows: list[tuple[datetime, dict[str, Any]]] = []
    previous: datetime = ticket.received
    for step in ticket.steps:
        spent = _working(agency, previous, step.at) - _paused_within(agency, ticket, previous, step.at)
        row = {"by": _by(step), "action": step.action, "elapsed": _hours(max(spent, 0))}
        rows.append((step.at, {**row, "at": day_text(step.at), "error": step.error or ""}))
        previous = step.at
    for pause in ticket.pauses:  # the pauses in their place, their time not counted in the steps'
        events = [(pause.start, f"Tạm dừng: {pause.reason or 'yêu cầu bổ sung hồ sơ'}")]
        events += [(pause.end, "Tiếp tục xử lý")] if pause.end else []
        for at, action in events:
            rows.append((at, {"by": "", "action": action, "elapsed": "", "at": day_text(at), "error": ""}))
    errors = [s.error for s in ticket.steps if s.error]
    context = _common(agency, ticket, procedure)
    late = context["timeliness"].startswith("Trễ hạn")
    result, timeliness = context["result"], context["timeliness"]
    context.update(
        {
            "steps": [row for _at, row in sorted(rows, key=lambda r: r[0])],
            # A late dossier has a cause to write and a measure against it, if no step names it.
            "remedy": DOTS if errors or late else "Không có lỗi phát sinh",
            "result": result if timeliness == result else f"{result} — {timeliness}",
            "number_label": "Số hồ sơ" if ticket.kind == "dossier" else "Số văn bản đến",
        }
    )
    return context


def trace_context(agency: Agency, ident: str | None) -> dict[str, Any]:
    ticket, procedure = _ticket(agency, ident, "BM.ST.VP.06")
    # As the seed writes it: "09:20 ngày 03/03/2025 Văn thư Nguyễn Văn A nhập công văn."
    events = [(s.at, f"{_by(s)} {s.action}." + (f" Lỗi: {s.error}." if s.error else "")) for s in ticket.steps]
    for pause in ticket.pauses:
        events.append((pause.start, f"Tạm dừng: {pause.reason or 'yêu cầu bổ sung hồ sơ'}."))
        if pause.end:
            events.append((pause.end, "Tiếp tục xử lý."))
    context = _common(agency, ticket, procedure)
    if ticket.completed is not None:  # the outgoing letter's own log, as the seed ends it
        events.append((ticket.completed, f"Hoàn tất thủ tục phát hành ({context['result'].lower()})."))
    log = [f"{at:%H:%M} ngày {at:%d/%m/%Y} {text}" for at, text in sorted(events, key=lambda e: e[0])]
    written = " ".join(s.action.casefold() for s in ticket.steps)
    for done, line in (("phát hành văn bản", "Văn thư {dots} phát hành văn bản."),
                       ("lưu trữ", "Văn thư {dots} chuyển lưu trữ văn bản phát hành.")):  # fmt: skip
        if ticket.completed is not None and done not in written:  # to write by hand when it is done
            log.append(f"{DOTS} ngày {DOTS} " + line.format(dots=DOTS))
    owner = ticket.unit or procedure.unit
    context["log"] = log or [DOTS]
    context["unit"] = agency.units[owner].name if owner in agency.units else or_dots(owner)
    context["dots"] = DOTS  # a field of the paper form the records do not hold: written by hand
    return context


# The first words of an organisation's name: it is addressed as one, not as "Ông/Bà".
_ORGANISATION = re.compile(
    r"^(sở|phòng|ban|ủy ban|uỷ ban|ubnd|hđnd|văn phòng|trung tâm|trường|bệnh viện|công ty|tổng công ty|"
    r"ngân hàng|hợp tác xã|htx|hội|cục|chi cục|tổng cục|bộ|viện|đài|báo|quỹ|doanh nghiệp|tập đoàn|"
    r"chi nhánh|cơ quan|đơn vị|tổ chức|liên đoàn|đoàn|công an|bộ chỉ huy|kho bạc|thanh tra|tòa án|"
    r"viện kiểm sát|nhà máy|xí nghiệp|ban quản lý)\b",
    re.IGNORECASE,
)


def addressed(sender: str | None) -> str:
    """How a notice addresses its sender: "Quý cơ quan" for an organisation, else "Ông/Bà"."""
    return "Quý cơ quan" if sender and _ORGANISATION.match(sender.strip()) else "Ông/Bà"


def _notice(agency: Agency, ticket: Ticket, procedure: Procedure, on: date | None) -> dict[str, Any]:
    """What both citizen notices share; `on` is the day the notice is given."""
    from qmsctl.forms.common import letterhead

    context = _common(agency, ticket, procedure)
    owner = ticket.unit or procedure.unit
    head = agency.profile.head if agency.profile else None
    you = addressed(ticket.sender)
    context.update(
        {
            **letterhead(agency.profile, "", on, "notice"),
            "you": you,
            "you_lower": you.lower(),
            "unit": agency.units[owner].name if owner in agency.units else or_dots(owner),
            "dots": DOTS,
            "signer_title": head.title.upper() if head and head.title else "THỦ TRƯỞNG CƠ QUAN",
            "signer_name": or_dots(head.name if head else None),
        }
    )
    return context


def supplement_context(agency: Agency, ident: str | None) -> dict[str, Any]:
    """Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ: for a dossier paused for supplements (its last
    pause says what is asked)."""
    ticket, procedure = _ticket(agency, ident, "PHIEU-BO-SUNG")
    if not ticket.pauses:
        raise UserError(
            "U030",
            _("Ticket {id} was never paused for supplements").format(id=ticket.id),
            hint=_("Record the request first: qmsctl ticket pause {id} --reason ...").format(id=ticket.id),
        )
    pause = max(ticket.pauses, key=lambda p: p.start)
    context = _notice(agency, ticket, procedure, pause.start.date())
    # What is asked, an item a line (the reason `ticket pause` wrote, split at its semicolons);
    # signed by who received the dossier (its log's first step), when the log says it.
    items = [item.strip(" .") for item in re.split(r"[;\n]", pause.reason or "") if item.strip(" .")]
    receiver = _by(ticket.steps[0]) if ticket.steps else None
    context.update(
        {
            "requests": items or [DOTS],
            "receiver": or_dots(receiver),
            "reason": "Hồ sơ chưa đầy đủ, hợp lệ theo quy định của thủ tục",
            "received": day_text(ticket.received),
            "paused": day_text(pause.start),
        }
    )
    return context


def apology_context(agency: Agency, ident: str | None) -> dict[str, Any]:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả: for a dossier rescheduled (qmsctl ticket
    reschedule), with the reason its process log gives."""
    from qmsctl.deadlines import reschedule_note

    ticket, procedure = _ticket(agency, ident, "PHIEU-XIN-LOI")
    if ticket.rescheduled is None:
        raise UserError(
            "U030",
            _("Ticket {id} has no new appointment").format(id=ticket.id),
            hint=_("Record it first: qmsctl ticket reschedule {id} --to DATE --reason ...").format(id=ticket.id),
        )
    note = reschedule_note(ticket.steps)
    reason = (note[1] if note else None) or DOTS
    context = _notice(agency, ticket, procedure, note[0].date() if note else None)
    context.update({"reason": reason, "new_due": "ngày " + day_text(ticket.rescheduled.due)})
    return context
