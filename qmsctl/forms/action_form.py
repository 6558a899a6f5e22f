"""BM.CTCL.01 — Phiếu yêu cầu hành động khắc phục/cải tiến: one action in the three boxes of QT.CTCL."""

from __future__ import annotations

from typing import Any

from qmsctl.agency import Agency
from qmsctl.findings import UserError
from qmsctl.forms.common import DOTS, day_text, or_dots
from qmsctl.i18n import _
from qmsctl.records.kinds import action_id

SOURCES = {
    "nonconforming-output": "Sản phẩm/dịch vụ không phù hợp",
    "customer-feedback": "Phản hồi của tổ chức, công dân",
    "internal-audit": "Đánh giá nội bộ",
    "management-review": "Xem xét của lãnh đạo",
    "objective": "Không đạt mục tiêu chất lượng",
    "risk": "Rủi ro, cơ hội",
    "other": "Khác",
}
LINES = " ".join([DOTS] * 10)  # two lines of dots to write on, broken where a line ends

STATES = {
    "open": "Mới mở phiếu",
    "accepted": "Đã xác định nhu cầu",
    "assigned": "Đã phân công",
    "planned": "Đã phê duyệt giải pháp, đang thực hiện",
    "verified": "Đã kiểm tra xác nhận",
    "closed": "Đã đóng phiếu",
}


def action_context(agency: Agency, ident: str | None) -> dict[str, Any]:
    if not ident:
        raise UserError("U025", _("{form} needs an action id").format(form="BM.CTCL.01"))
    found = agency.action(ident)
    a = found.model
    units = agency.units
    need, assignment, plan, verification = a.need, a.assignment, a.plan, a.verification
    if verification is None:
        verdict = DOTS
    elif verification.effective:
        verdict = "Hành động có hiệu lực"
    else:
        verdict = f"Hành động không hiệu lực — đã mở phiếu mới {or_dots(a.reopened_as)} (QT.CTCL 5.7)"
    reasons = need.reasons if need else None
    closed_by = verification if a.state.value == "closed" and a.closure is None else None
    return {
        "agency": agency.profile.agency.name.upper() if agency.profile else DOTS,
        "action_id": action_id(found),
        "state": STATES[a.state.value],
        "request": {
            "by": a.request.by,
            "date": day_text(a.request.on),
            "unit": units[a.request.unit].name if a.request.unit in units else a.request.unit,
            "source": SOURCES[a.request.source],
            "description": a.request.description,
        },
        "need": {
            "decision": DOTS if need is None else ("Cần thực hiện" if need.required else "Không cần thực hiện"),
            "reasons": or_dots("; ".join(reasons) if isinstance(reasons, list) else reasons),
            "by": or_dots(need.by if need else None),
            "date": day_text(need.on if need else None),
        },
        "assignment": {
            "to": or_dots(
                units[assignment.to].name if assignment and assignment.to in units else assignment and assignment.to
            ),
            "by": or_dots(assignment.by if assignment else None),
            "date": day_text(assignment.on if assignment else None),
            "due": day_text(assignment.due if assignment else None),
        },
        "plan": {
            # Room to write by hand while there is no plan: a cause and a measure take lines.
            "cause": plan.cause if plan else LINES,
            "actions": [{"what": x.what, "who": x.who, "due": day_text(x.due)} for x in plan.actions]
            if plan
            else [{"what": LINES, "who": DOTS, "due": DOTS}],
            "approved_by": or_dots(plan.approved_by if plan else None),
            "approved_on": day_text(plan.approved_on if plan else None),
        },
        "progress": [{"date": day_text(p.on), "note": p.note} for p in a.progress] or [{"date": DOTS, "note": DOTS}],
        "verification": {
            "by": or_dots(verification.by if verification else None),
            "date": day_text(verification.on if verification else None),
            "evidence": or_dots(verification.evidence if verification else None),
            "verdict": verdict,
        },
        # Closed by the verification that found it ineffective, once the next action is open (5.7).
        "closure": {
            "by": or_dots(a.closure.by if a.closure else closed_by.by if closed_by else None),
            "date": day_text(a.closure.on if a.closure else closed_by.on if closed_by else None),
        },
        "signers": [
            or_dots(a.request.by),
            or_dots(units[assignment.to].head if assignment and assignment.to in units else None),
            or_dots(a.closure.by if a.closure else verification.by if verification else None),
        ],
        # QT.CTCL 5.7: an action found ineffective is closed by opening the next one.
        "state_note": f"{STATES[a.state.value]} (không hiệu quả, chuyển sang phiếu {a.reopened_as})"
        if a.reopened_as and a.closure is None
        else STATES[a.state.value],
    }
