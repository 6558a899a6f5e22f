"""One or two examples of each command, shown under "Ví dụ" / "Examples" at the end of its
`--help` (the demo folder's ids and codes; tests/test_cli.py parses every one)."""

from __future__ import annotations

EXAMPLES: dict[str, tuple[str, ...]] = {
    "due": ("qmsctl due 000.00.19.H13-261008-0001", "qmsctl due VBD-2026-00044 --full"),
    "stats": ("qmsctl stats --period 2026-03", "qmsctl stats --period 2026-Q3 --by unit --format csv"),
    "objectives": ("qmsctl objectives --period 2026",),
    "report": ("qmsctl report --period 2026-Q3 -o bao-cao.html",),
    "agenda": ("qmsctl agenda", "qmsctl agenda --days 14 --unit HCTC --format ics --output lich.ics"),
    "diff": ("qmsctl diff HEAD~1..HEAD --format markdown",),
    "history": ("qmsctl history QT.CTCL",),
    "check": ("qmsctl check", "qmsctl check --since HEAD --format github"),
    "summary": ("qmsctl summary",),
    "schema": ("qmsctl schema",),
    "find": ('qmsctl find "cap phep bien gioi"', 'qmsctl find "bổ sung" --kind ticket'),
    "normalize": ("qmsctl normalize",),
    "coverage": ("qmsctl coverage",),
    "render": (
        "qmsctl render BM.ST.VP.04 --period 2026-03 -o thong-ke.xlsx --pdf",
        "qmsctl render BM.CTCL.01 CAR-2026-004",
    ),
    "export": ("qmsctl export --period 2026 -o xuat",),
    "rollup": ("qmsctl rollup xuat/ --period 2026 --format xlsx -o tong-hop.xlsx",),
    "init": ("qmsctl init ho-so",),
    "action open": (
        'qmsctl action open --unit HCTC --source internal-audit --description "Thiếu bước xử lý" --by "Lê Thị Thu Hà"',
    ),
    "action accept": ('qmsctl action accept CAR-2026-004 --by "Trần Văn Bình"',),
    "action assign": ('qmsctl action assign CAR-2026-004 --to HCTC --by "Trần Văn Bình" --due 2026-12-31',),
    "action plan": (
        'qmsctl action plan CAR-2026-004 --cause "Chưa có hướng dẫn" --measure "Tập huấn văn thư" '
        '--approved-by "Trần Văn Bình"',
    ),
    "action progress": ('qmsctl action progress CAR-2026-004 --note "Đã tập huấn 12 người"',),
    "action verify": ('qmsctl action verify CAR-2026-004 --evidence "Kiểm tra 30 văn bản" --by "Lê Thị Thu Hà"',),
    "action close": ('qmsctl action close CAR-2026-004 --by "Trần Văn Bình"',),
    "audit plan": ('qmsctl audit plan 2027 --date 2027-05-10 --unit HCTC --auditor "Nguyễn Hoàng Nam"',),
    "audit record": (
        "qmsctl audit record DGNB-2026 --unit HCTC --clause 7.5.3 --kind nonconformity "
        '--description "Hồ sơ lưu chưa đủ"',
    ),
    "audit finding-to-action": ('qmsctl audit finding-to-action DGNB-2026 1 --by "Lê Thị Thu Hà"',),
    "doc new": ('qmsctl doc new HD.VP.07 --title "Hướng dẫn lưu trữ" --type instruction --drafted-by "Lê Thị Thu Hà"',),
    "doc revise": ('qmsctl doc revise QT.CTCL --change "Bổ sung bước 5.2.3"',),
    "doc submit": ("qmsctl doc submit QT.CTCL",),
    "doc review": ('qmsctl doc review QT.CTCL --by "Nguyễn Hoàng Nam"',),
    "doc approve": ('qmsctl doc approve QT.CTCL --by "Trần Văn Bình" --title "Chánh Văn phòng"',),
    "doc obsolete": ('qmsctl doc obsolete HD.VP.06 --reason "Sáp nhập vào HD.VP.05" --replaced-by HD.VP.05',),
    "objective add": (
        'qmsctl objective add --year 2027 --text "Hồ sơ liên thông đúng hạn" --target ">= 98%" '
        '--kind on_time_rate --group "lien thong"',
    ),
    "objective report": ('qmsctl objective report --year 2026 --number 1 --period 2026-03 --cause "…" --remedy "…"',),
    "objective approve": ('qmsctl objective approve --year 2027 --by "Trần Văn Bình"',),
    "import tickets": ("qmsctl import tickets xuat-mot-cua.xlsx --map motcua-xlsx --dry-run",),
    "risk add": (
        'qmsctl risk add 2026 --unit KT --process QT.KT.01 --description "Hồ sơ trễ hạn cuối năm" '
        "--likelihood 3 --impact 4",
    ),
    "risk assess": ("qmsctl risk assess RR-2026-02 --likelihood 2 --impact 3",),
    "risk respond": (
        'qmsctl risk respond RR-2026-02 --kind reduce --what "Bổ sung người tiếp nhận" --owner KT --due 2026-12-15',
    ),
    "risk review": (
        'qmsctl risk review RR-2026-02 --effective yes --by "Võ Thị Ngọc Lan"',
        'qmsctl risk review 2026 --by "Trần Văn Bình"',
    ),
    "risk list": ("qmsctl risk list --year 2026", "qmsctl risk list --level high --format json"),
    "survey new": ("qmsctl survey new KS-2026 --period 2026",),
    "survey import": ("qmsctl survey import KS-2025 docs/examples/phieu-khao-sat-2025.csv",),
    "survey stats": ("qmsctl survey stats KS-2025", "qmsctl survey stats KS-2025 --by unit --format json"),
    "analysis": ("qmsctl analysis --year 2025 -o phan-tich-2025.docx",),
    "review new": ("qmsctl review new --date 2026-12-18 --period 2026",),
    "review decide": ('qmsctl review decide XXLD-2025 --what "Nâng cấp máy chủ" --who TTTT --due 2026-06-30',),
    "review done": ("qmsctl review done XXLD-2025 2 --date 2026-06-20",),
    "unit add": ('qmsctl unit add TCKH --name "Phòng Tài chính - Kế hoạch" --block tham-muu',),
    "unit rename": ('qmsctl unit rename HCTC --name "Phòng Hành chính - Tổ chức" --head "Nguyễn Hoàng Nam"',),
    "procedure add": (
        'qmsctl procedure add QT.TP.05 --name "Chứng thực bản sao" --group "lien thong" --unit NC --working-days 2',
    ),
    "procedure edit": ("qmsctl procedure edit QT.NC.01 --working-days 4 --from 2027-01-01",),
    "calendar add": ("qmsctl calendar add 2027",),
    "policy set": ('qmsctl policy set --signer "Nguyễn Thực Hiện" --signer-title "Chủ tịch"',),
    "ticket add": (
        'qmsctl ticket add --procedure QT.NC.01 --received "2026-11-20 09:15" --subject "Đề nghị bổ nhiệm"',
    ),
    "ticket step": (
        'qmsctl ticket step 000.00.19.H13-261109-0001 --action "cho ý kiến" --by "Lê Văn A" --role chuyen-vien',
    ),
    "ticket pause": ('qmsctl ticket pause 000.00.19.H13-261109-0001 --reason "Bổ sung giấy ủy quyền"',),
    "ticket resume": ("qmsctl ticket resume 000.00.19.H13-261109-0001",),
    "ticket complete": ('qmsctl ticket complete 000.00.19.H13-261109-0001 --at "2026-11-20 10:00"',),
    "ticket reschedule": (
        "qmsctl ticket reschedule 000.00.19.H13-261109-0001 --to 2026-11-30 "
        '--reason "Chờ ý kiến của Sở" --by "Lê Thị Thu Hà"',
    ),
    "ticket return": ('qmsctl ticket return 000.00.19.H13-261109-0001 --reason "Không đủ điều kiện"',),
    "ticket accept": ("qmsctl ticket accept 000.00.19.H13-261109-0001",),
    "ticket extend": ('qmsctl ticket extend 000.00.19.H13-261109-0001 --to 2026-12-15 --basis "Văn bản số 12/UBND"',),
}
