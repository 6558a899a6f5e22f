"""A one-stop system's export, as agencies receive it, for the import tests and benchmark.

    python bench/generate_export.py OUT.xlsx|OUT.csv [--count 1000] [--start 2026-03-01] [--end 2026-03-31]

Dossiers come from the demo generator; each row is written as the two shipped
mappings expect (records/imports/motcua-xlsx.yaml: Vietnamese headers, a personal-data
section the import must leave out, dates as real cells, text or Excel serial numbers;
dichvucong-csv.yaml: columns by letter, status words that carry the verdict). The
export's on-time verdict is the one qmsctl computes, except on rows whose verdict is
flipped on purpose (`flip`), as a system out of sync would show.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))
import generate_tickets  # noqa: E402

from qmsctl.agency import open_agency  # noqa: E402
from qmsctl.deadlines import due_of  # noqa: E402
from qmsctl.records.models import Ticket  # noqa: E402

XLSX_HEADERS = [
    "STT", "Mã hồ sơ", "Tên thủ tục", "Chủ hồ sơ", "Số CCCD", "Số điện thoại", "Ngày tiếp nhận",
    "Ngày hẹn trả", "Ngày có kết quả", "Trạng thái", "Đơn vị xử lý", "Tình trạng xử lý",
]  # fmt: skip
CSV_HEADERS = [
    "Số hồ sơ", "Thủ tục", "Người nộp", "Ngày nhận", "Hạn xử lý", "Ngày hoàn thành", "Tình trạng", "Phòng",
    "Trích yếu",
]  # fmt: skip
STATUS = {"done": "Đã trả kết quả", "returned": "Trả lại hồ sơ", "withdrawn": "Rút hồ sơ", None: "Đang xử lý"}


def dossiers(records: Path, count: int, start: date, end: date, seed: int) -> list[dict[str, Any]]:
    procedures = generate_tickets.load_procedures(records)
    return [t for t in generate_tickets.generate(procedures, count, start, end, seed) if t["kind"] == "dossier"]


FLIP_EVERY = 40  # every 40th finished dossier's verdict is wrong on purpose


def verdicts(records: Path, tickets: list[dict[str, Any]]) -> dict[str, bool]:
    """On time or late for each finished dossier, as qmsctl computes it from what the export
    holds (the export has no pauses), except every FLIP_EVERY-th, flipped."""
    agency = open_agency(records)
    found = {}
    exported = ("id", "kind", "procedure", "received", "completed", "outcome")
    for t in tickets:
        if t.get("outcome") == "done":
            ticket = Ticket.model_validate({k: t[k] for k in exported})
            due = due_of(ticket, agency.procedures[ticket.procedure], agency.calendar)
            assert ticket.completed is not None
            found[ticket.id] = due is None or due.met_by(ticket.completed)
            if len(found) % FLIP_EVERY == 0:
                found[ticket.id] = not found[ticket.id]
    return found


def _cell_date(value: datetime, rng: random.Random) -> Any:
    """A date as exports write them: a real date cell, text, or a bare Excel serial number."""
    value = value.replace(second=0, microsecond=0)  # one-stop systems keep minutes
    roll = rng.random()
    if roll < 0.5:
        return value
    if roll < 0.8:
        return value.strftime("%d/%m/%Y %H:%M")
    return (value - datetime(1899, 12, 30)).total_seconds() / 86400


def xlsx_rows(
    tickets: list[dict[str, Any]], on_time: dict[str, bool], names: dict[str, str], seed: int
) -> list[list[Any]]:
    rng = random.Random(seed)
    rows = []
    for number, t in enumerate(tickets, 1):
        verdict = on_time.get(t["id"])
        rows.append(
            [
                number,
                t["id"],
                names[t["procedure"]].upper() if number % 7 == 0 else names[t["procedure"]],  # typed loosely
                t.get("sender", ""),
                f"0{rng.randint(10**10, 10**11 - 1)}",  # CCCD: 12 digits
                f"09{rng.randint(10**7, 10**8 - 1)}",
                _cell_date(t["received"], rng),
                "",
                _cell_date(t["completed"], rng) if t.get("completed") else "",
                STATUS[t.get("outcome")],
                "",
                "" if verdict is None else ("Đúng hạn" if verdict else "Trễ hạn"),
            ]
        )
    return rows


def write_xlsx(path: Path, rows: list[list[Any]]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Danh sách hồ sơ")
    sheet.append(["DANH SÁCH HỒ SƠ THỦ TỤC HÀNH CHÍNH"])
    sheet.append([])
    sheet.append(XLSX_HEADERS)
    for row in rows:
        sheet.append(row)
    workbook.save(path)


def csv_rows(tickets: list[dict[str, Any]], on_time: dict[str, bool]) -> list[list[str]]:
    rows = []
    for t in tickets:
        verdict = on_time.get(t["id"])
        if t.get("outcome") == "done":
            status = "Hoàn thành đúng hạn" if verdict else "Hoàn thành trễ hạn"
        else:
            status = {"returned": "Trả lại", "withdrawn": "Rút hồ sơ", None: "Đang giải quyết"}[t.get("outcome")]
        rows.append(
            [
                t["id"],
                t["procedure"],
                t.get("sender", ""),
                t["received"].strftime("%d/%m/%Y %H:%M"),
                "",
                t["completed"].strftime("%Y-%m-%d %H:%M") if t.get("completed") else "",
                status,
                "",
                t.get("subject", ""),
            ]
        )
    return rows


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(CSV_HEADERS)
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("out", type=Path)
    parser.add_argument("--records", type=Path, default=HERE.parent / "records")
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--start", type=date.fromisoformat, default=date(2026, 3, 1))
    parser.add_argument("--end", type=date.fromisoformat, default=date(2026, 3, 31))
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    tickets = dossiers(args.records, args.count, args.start, args.end, args.seed)
    on_time = verdicts(args.records, tickets)
    if args.out.suffix == ".csv":
        write_csv(args.out, csv_rows(tickets, on_time))
    else:
        names = {p["code"]: p["name"] for p in generate_tickets.load_procedures(args.records)}
        write_xlsx(args.out, xlsx_rows(tickets, on_time, names, args.seed))
    print(f"{len(tickets)} dossiers written to {args.out}")


if __name__ == "__main__":
    main()
