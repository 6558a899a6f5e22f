"""Deterministic generator of realistic tickets: the demo folder's and the benchmarks'.

    python bench/generate_tickets.py --records records                 # the demo tickets
    python bench/generate_tickets.py --records records --count 100000 \
        --start 2026-01-01 --end 2026-12-31 --out /tmp/big               # a benchmark folder

The same seed gives the same files, byte for byte. Tickets look like the
agency's: one-stop numbers, subjects, senders, the process log of
BM.ST.VP.06, some late, some paused for supplements, some returned.
"""

from __future__ import annotations

import argparse
import random
import shutil
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import holidays
import yaml

from qmsctl.records.ticket_text import dump_ticket, ticket_text

NOW = datetime(2026, 11, 20, 17, 0)  # the demo folder's "today": later completions are still in progress

SURNAMES = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Hoàng",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
    "Trương",
]
MIDDLE = ["Văn", "Thị", "Minh", "Thanh", "Hoàng", "Ngọc", "Quốc", "Thị Kim", "Hữu", "Bảo"]
GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hạnh",
    "Hùng",
    "Khoa",
    "Lan",
    "Mai",
    "Nam",
    "Oanh",
    "Phúc",
    "Quyên",
    "Sơn",
    "Tâm",
    "Thảo",
    "Trí",
    "Uyên",
    "Vy",
    "Xuân",
    "Yến",
]
AGENCIES = [
    "Sở Tư pháp",
    "Sở Tài chính",
    "Sở Xây dựng",
    "Sở Nông nghiệp và Môi trường",
    "Sở Giáo dục và Đào tạo",
    "Sở Nội vụ",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Công an thành phố",
    "UBND quận Ninh Kiều",
    "UBND quận Cái Răng",
    "UBND quận Bình Thủy",
    "UBND huyện Phong Điền",
    "Ban Quản lý các khu chế xuất và công nghiệp",
]
COMPANIES = [
    "Công ty TNHH Mekong Xanh",
    "Công ty Cổ phần Đầu tư Tây Đô",
    "Công ty TNHH Thủy sản Hậu Giang",
    "Công ty Cổ phần Xây dựng Cửu Long",
    "Hợp tác xã Nông nghiệp Phong Điền",
    "Công ty TNHH Gạo Ngọc Trời",
    "Trường THPT Châu Văn Liêm",
    "Trường Tiểu học Lê Quý Đôn",
    "Bệnh viện Đa khoa thành phố",
]
FIELDS = ["xây dựng", "tài chính", "văn hóa", "nông nghiệp", "giao thông vận tải", "y tế", "tài nguyên và môi trường"]
SUBJECTS = {
    "QT.NC.01": "Đề nghị bổ nhiệm giám định viên tư pháp lĩnh vực {field} đối với {person}",
    "QT.NC.02": "Đề nghị miễn nhiệm giám định viên tư pháp lĩnh vực {field} đối với {person}",
    "QT.NC.03": "Đề nghị cấp phép cho đoàn khách nước ngoài vào khu vực biên giới",
    "QT.KT.01": "Đề nghị quyết định chủ trương đầu tư dự án {project}",
    "QT.KT.02": "Đề nghị giao đất, cho thuê đất thực hiện dự án {project}",
    "QT.XDDT.01": "Trình thẩm định, phê duyệt đồ án quy hoạch chi tiết tỷ lệ 1/500 {project}",
    "QT.XDDT.02": "Đề nghị cấp giấy phép xây dựng công trình {project}",
    "QT.KGVX.01": "Đề nghị công nhận {school} đạt chuẩn quốc gia mức độ {level}",
    "QT.KGVX.02": "Đề nghị tặng Bằng khen của Chủ tịch UBND thành phố cho tập thể, cá nhân {org}",
    "QT.KSTT.01": "Phản ánh, kiến nghị về thủ tục {field} của {org}",
    "QT.BTCD.01": "Đơn kiến nghị của {person} về việc bồi thường, hỗ trợ tái định cư",
    "QT.HCTC.01": "Văn bản của {org} về việc báo cáo tình hình thực hiện nhiệm vụ {field}",
    "QT.HCTC.02": "Công văn hỏa tốc của {org} về phòng, chống thiên tai",
    "QT.HCTC.03": "Đề nghị cung cấp bản sao Quyết định lưu trữ năm {year} cho {org}",
    "QT.QTTV.04": "Đề nghị sửa chữa, bảo trì {asset} của Văn phòng",
    "QT.TH.01": "Dự thảo chương trình công tác tháng {month} của UBND thành phố",
    "QT.TTTT.01": "Đề nghị đăng tải thông tin {field} trên Cổng thông tin điện tử thành phố",
}
PROJECTS = [
    "Khu dân cư Nam Cần Thơ",
    "Khu đô thị mới Cồn Khương",
    "Nhà máy xử lý nước thải Cái Sơn",
    "Trung tâm thương mại Hưng Phú",
    "Cảng cá Thốt Nốt",
    "Khu tái định cư Thới Nhựt",
]
ASSETS = ["hệ thống điều hòa hội trường", "xe ô tô công vụ", "hệ thống camera", "máy chủ phòng họp trực tuyến"]
STEP_ROLES = [
    ("van-thu", "Văn thư", "nhập công văn"),
    ("lanh-dao", "Lãnh đạo", "phân chuyên viên xử lý"),
    ("chuyen-vien", "Chuyên viên", "cho ý kiến"),
    ("chuyen-vien", "Chuyên viên", "trình Lãnh đạo Văn phòng"),
    ("lanh-dao-van-phong", "Lãnh đạo Văn phòng", "trình Thường trực UB"),
    ("lanh-dao", "Lãnh đạo", "ký văn bản"),
]
STEP_ERRORS = ["Trình thiếu hồ sơ kèm theo", "Chuyển nhầm phòng xử lý", "Dự thảo sai thể thức văn bản"]
LETTER_PROCEDURES = {"noi-bo"}


def _person(rng: random.Random) -> str:
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


class WorkingDays:
    """Weekdays that are not statutory holidays: enough to make realistic times."""

    def __init__(self, start: date, end: date) -> None:
        self.holidays = holidays.country_holidays("VN", years=range(start.year, end.year + 2))

    def is_working(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.holidays

    def add(self, day: date, n: int) -> date:
        while n > 0:
            day += timedelta(days=1)
            n -= self.is_working(day)
        return day


def _nominal_due(proc: dict[str, Any], received: datetime, days: WorkingDays) -> datetime:
    duration = proc["duration"]
    if "working_days" in duration:
        return datetime.combine(days.add(received.date(), duration["working_days"]), time(17, 0))
    if "calendar_days" in duration:
        return datetime.combine(received.date() + timedelta(days=duration["calendar_days"]), time(17, 0))
    return received + timedelta(hours=duration["working_hours"] + (16 if duration["working_hours"] >= 8 else 2))


def _subject(rng: random.Random, code: str, received: datetime) -> str:
    return SUBJECTS.get(code, "Hồ sơ {field}").format(
        field=rng.choice(FIELDS),
        person=("ông " if rng.random() < 0.5 else "bà ") + _person(rng),
        project=rng.choice(PROJECTS),
        school=rng.choice(COMPANIES[6:8]),
        level=rng.choice(["1", "2"]),
        org=rng.choice(AGENCIES),
        year=rng.randint(2005, 2020),
        asset=rng.choice(ASSETS),
        month=f"{received.month % 12 + 1:02d}/{received.year}",
    )


def _steps(rng: random.Random, start: datetime, end: datetime, late: bool) -> list[dict[str, Any]]:
    count = rng.randint(3, len(STEP_ROLES))
    chosen = STEP_ROLES[: count - 1] + [STEP_ROLES[-1]]
    span = max((end - start).total_seconds(), 600.0)
    moments = []
    for _ in chosen:
        at = start + timedelta(seconds=rng.uniform(0, span))
        if not time(7, 0) <= at.time() <= time(17, 0):  # people work in office hours
            at = datetime.combine(at.date(), time(rng.randint(7, 16), rng.randint(0, 59)))
        moments.append(min(max(at, start), end))
    steps = []
    for (role, title, action), at in zip(chosen, sorted(moments), strict=True):
        step: dict[str, Any] = {"at": at, "by": f"{title} {_person(rng)}", "role": role, "action": action}
        if late and role == "chuyen-vien" and rng.random() < 0.5:
            step["error"] = rng.choice(STEP_ERRORS)
        steps.append(step)
    return steps


def _working_moment(rng: random.Random, day: date) -> datetime:
    minutes = rng.randint(7 * 60 + 15, 16 * 60 + 50)
    if 11 * 60 + 30 <= minutes < 13 * 60 + 30:
        minutes += 120
    return datetime.combine(day, time(minutes // 60, minutes % 60))


def generate(
    procedures: list[dict[str, Any]], count: int, start: date, end: date, seed: int = 2025
) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    days = WorkingDays(start, end)
    working = [d for d in (start + timedelta(n) for n in range((end - start).days + 1)) if days.is_working(d)]
    weights = [3 if p["group"] == "lien-thong" else 2 for p in procedures]
    received_days = sorted(rng.choice(working) for _ in range(count))
    sequence: dict[str, int] = defaultdict(int)
    tickets = []
    for day in received_days:
        proc = rng.choices(procedures, weights)[0]
        received = _working_moment(rng, day)
        roll = rng.random()
        if roll < 0.02:  # submitted online on a Saturday
            received = datetime.combine(
                day + timedelta(days=(5 - day.weekday()) % 7), time(rng.randint(8, 20), rng.choice([0, 15, 30, 45]))
            )
        elif roll < 0.05:  # after office hours
            received = datetime.combine(day, time(17, rng.randint(5, 55)))
        letter = proc["group"] in LETTER_PROCEDURES
        if letter:
            sequence[str(received.year)] += 1
            ident = f"VBD-{received.year}-{sequence[str(received.year)]:05d}"
        else:
            key = received.strftime("%y%m%d")
            sequence[key] += 1
            ident = f"000.00.19.H13-{key}-{sequence[key]:04d}"
        due = _nominal_due(proc, received, days)
        ticket: dict[str, Any] = {
            "id": ident,
            "kind": "letter" if letter else "dossier",
            "procedure": proc["code"],
            "received": received,
        }
        pause_length = timedelta(0)
        if not letter and rng.random() < 0.08:
            pause_start = _working_moment(rng, days.add(received.date(), 1))
            resume = _working_moment(rng, days.add(pause_start.date(), rng.randint(2, 5)))
            ticket["pauses"] = [{"from": pause_start, "to": resume, "reason": "Yêu cầu bổ sung giấy tờ"}]
            pause_length = resume - pause_start
            if pause_start > NOW:  # nothing is recorded after the folder's today
                del ticket["pauses"]
            elif resume > NOW:  # not resumed on the folder's today: the pause is still open
                del ticket["pauses"][0]["to"]
        fate = rng.random()
        late = fate < 0.06
        if late:
            completed = _working_moment(rng, days.add(due.date(), rng.randint(1, 4))) + pause_length
        else:
            spread = max((due - received).total_seconds(), 1800.0)
            completed = received + timedelta(seconds=rng.uniform(0.2, 0.95) * spread) + pause_length
            if completed.time() > time(17, 0) or completed.time() < time(7, 0):
                completed = datetime.combine(completed.date(), time(16, rng.randint(0, 55)))
        outcome = "returned" if 0.96 < fate < 0.99 else "withdrawn" if fate >= 0.99 else "done"
        if outcome != "done":
            completed = received + (completed - received) / 3
        completed = max(completed, received + timedelta(minutes=30))
        if "pauses" in ticket:
            completed = max(completed, pause_start + pause_length + timedelta(hours=2))
        if completed <= NOW:
            ticket["completed"] = completed
            ticket["outcome"] = outcome
            if late and not letter and rng.random() < 0.5:
                ticket["rescheduled"] = {"date": days.add(due.date(), 5), "apology": True}
        ticket["subject"] = _subject(rng, proc["code"], received)
        ticket["sender"] = (
            rng.choice(AGENCIES if letter else AGENCIES + COMPANIES)
            if rng.random() < 0.8
            else ("Ông " if rng.random() < 0.5 else "Bà ") + _person(rng)
        )
        steps = _steps(rng, received, min(completed, NOW), late)
        if received <= NOW:  # nothing is done yet on a later receipt
            ticket["steps"] = steps
        tickets.append(ticket)
    return tickets


def write_tickets(tickets: list[dict[str, Any]], folder: Path, layout: str = "month", schema: str | None = None) -> int:
    """Write tickets as one file a month (a list) or one file a ticket; returns the file count."""
    if folder.exists():
        shutil.rmtree(folder)
    groups: dict[Path, list[dict[str, Any]]] = defaultdict(list)
    for ticket in tickets:
        received = ticket["received"]
        if layout == "month":
            groups[folder / f"{received:%Y}" / f"{received:%Y-%m}.yaml"].append(ticket)
        else:
            groups[folder / f"{received:%Y}" / f"{received:%m}" / f"{ticket['id']}.yaml"].append(ticket)
    for path, items in groups.items():
        items = [_to_the_minute(t) for t in items]
        path.parent.mkdir(parents=True, exist_ok=True)
        head = [f"# yaml-language-server: $schema={schema}"] if schema else []
        if layout == "month":
            body = [ticket_text(t).rstrip("\n") for t in items]
        else:
            body = dump_ticket(items[0], "")
        path.write_text("\n".join(head + body) + "\n", encoding="utf-8")
    return len(groups)


def _to_the_minute(value: Any) -> Any:
    """Moments as people write them, to the minute."""
    if isinstance(value, datetime):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, dict):
        return {k: _to_the_minute(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_the_minute(v) for v in value]
    return value


def load_procedures(records: Path) -> list[dict[str, Any]]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((records / "procedures").glob("*.yaml"))]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--records", type=Path, default=Path("records"), help="folder whose procedures are used")
    parser.add_argument("--count", type=int, default=1800)
    parser.add_argument("--start", type=date.fromisoformat, default=date(2025, 1, 2))
    parser.add_argument("--end", type=date.fromisoformat, default=date(2026, 11, 20))
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--layout", choices=["month", "ticket"], default="month")
    parser.add_argument("--out", type=Path, help="write a whole copy of --records with these tickets here")
    args = parser.parse_args(argv)
    target = args.records
    if args.out:
        if args.out.exists():
            shutil.rmtree(args.out)
        shutil.copytree(args.records, args.out, ignore=shutil.ignore_patterns("tickets"))
        target = args.out
    tickets = generate(load_procedures(args.records), args.count, args.start, args.end, args.seed)
    depth = "../../.." if args.layout == "ticket" else "../.."
    files = write_tickets(tickets, target / "tickets", args.layout, f"{depth}/.schemas/ticket.schema.json")
    print(f"{len(tickets)} tickets in {files} files under {target / 'tickets'}")


if __name__ == "__main__":
    main()
