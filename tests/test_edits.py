"""Commands that change records: every state of QT.CTCL, refusals that write nothing,
minimal git diffs, crash safety and concurrent writers."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from qmsctl.check import check_folder
from qmsctl.cli.main import app
from qmsctl.records.load import load_records
from qmsctl.records.models import ActionState
from qmsctl.store import folder_lock
from tests.conftest import git, snapshot

runner = CliRunner()
TODAY = "2026-11-22"


@pytest.fixture
def repo(base_records: Path) -> Path:
    git(base_records, "init", "-q")
    git(base_records, "add", "-A")
    git(base_records, "commit", "-qm", "records")
    return base_records


def qmsctl(root: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--records", str(root), *args])
    return result.exit_code, result.output


def changed_lines(root: Path) -> tuple[int, int]:
    """(added, removed) lines of the working tree against the last commit, new files included."""
    git(root, "add", "-A")
    added = removed = 0
    for line in git(root, "diff", "--cached", "--numstat").splitlines():
        a, r, _name = line.split("\t")
        added, removed = added + int(a), removed + int(r)
    git(root, "commit", "-qm", "step")
    return added, removed


def errors(root: Path) -> list[str]:
    return [f"{f.code} {f.file}: {f.message}" for f in check_folder(root).findings if f.severity.value == "error"]


def state(root: Path, action_id: str) -> ActionState:
    return next(s.model.state for s in load_records(root).actions if s.model.id == action_id)


WALKTHROUGH = [
    # (command, state after, lines added, lines removed)
    (
        [
            "action", "open", "--unit", "NC", "--source", "nonconforming-output",
            "--description", "Hồ sơ bổ nhiệm giám định viên trả kết quả trễ hạn", "--by", "Lê Thị Thu Hà",
            "--date", "2026-03-10",
        ],
        ActionState.OPEN, 8, 0,
    ),
    (
        ["action", "accept", "CAR-2026-001", "--by", "Lý Quốc Hưng", "--date", "2026-03-11",
         "--reasons", "Trễ hạn lặp lại"],
        ActionState.ACCEPTED, 1, 0,
    ),
    (
        ["action", "assign", "CAR-2026-001", "--by", "Trần Văn Bình", "--to", "NC", "--due", "2026-04-30",
         "--date", "2026-03-12"],
        ActionState.ASSIGNED, 1, 0,
    ),
    (
        [
            "action", "plan", "CAR-2026-001", "--cause", "Chưa theo dõi hạn trên phần mềm",
            "--measure", "Nhắc hạn trước 2 ngày làm việc | Phòng Nội chính | 2026-04-15",
            "--measure", "Tập huấn chuyên viên | Phòng Nội chính",
            "--approved-by", "Trần Văn Bình", "--date", "2026-03-13",
        ],
        ActionState.PLANNED, 7, 0,
    ),
    (["action", "progress", "CAR-2026-001", "--note", "Đã bật nhắc hạn", "--date", "2026-04-15"],
     ActionState.PLANNED, 2, 0),
    (["action", "progress", "CAR-2026-001", "--note", "Đã tập huấn", "--date", "2026-04-28"],
     ActionState.PLANNED, 1, 0),
    (
        ["action", "verify", "CAR-2026-001", "--by", "Trần Văn Bình", "--evidence", "Tháng 5 không có hồ sơ trễ hạn",
         "--date", "2026-06-01"],
        ActionState.VERIFIED, 1, 0,
    ),
    (["action", "close", "CAR-2026-001", "--by", "Lê Thị Thu Hà", "--date", "2026-06-03"], ActionState.CLOSED, 1, 0),
]  # fmt: skip


def test_corrective_action_walkthrough_keeps_check_clean_and_diffs_minimal(repo: Path) -> None:
    for command, expected_state, added, removed in WALKTHROUGH:
        code, output = qmsctl(repo, *command)
        assert code == 0, output
        assert errors(repo) == [], command
        assert state(repo, "CAR-2026-001") is expected_state
        assert changed_lines(repo) == (added, removed), command
    text = (repo / "actions/CAR-2026-001.yaml").read_text(encoding="utf-8")
    assert "closure: {date: 2026-06-03, by: Lê Thị Thu Hà}" in text
    assert "- {what: Nhắc hạn trước 2 ngày làm việc, who: Phòng Nội chính, due: 2026-04-15}" in text


def test_ineffective_verification_closes_and_opens_a_linked_action(repo: Path) -> None:
    for command, *_rest in WALKTHROUGH[:4]:
        assert qmsctl(repo, *command)[0] == 0
    code, output = qmsctl(
        repo, "action", "verify", "CAR-2026-001", "--by", "Trần Văn Bình", "--evidence", "Vẫn còn 2 hồ sơ trễ",
        "--ineffective", "--date", "2026-06-01",
    )  # fmt: skip
    assert code == 0, output
    records = load_records(repo)
    old = next(s.model for s in records.actions if s.model.id == "CAR-2026-001")
    new = next(s.model for s in records.actions if s.model.id == "CAR-2026-002")
    assert old.state is ActionState.CLOSED and old.reopened_as == "CAR-2026-002"
    assert new.state is ActionState.OPEN
    assert new.request.unit == "NC" and new.request.description.startswith("Mở mới từ CAR-2026-001 (QT.CTCL 5.7)")
    assert errors(repo) == []


FORBIDDEN = [
    # (steps of the walkthrough done first, the forbidden command, words of the message)
    (1, ["action", "assign", "CAR-2026-001", "--by", "A", "--to", "NC"], "is open: 'assign'"),
    (1, ["action", "plan", "CAR-2026-001", "--cause", "c", "--measure", "m | w", "--approved-by", "A"], "is open"),
    (2, ["action", "verify", "CAR-2026-001", "--by", "A", "--evidence", "e"], "is accepted: 'verify'"),
    (3, ["action", "progress", "CAR-2026-001", "--note", "n"], "is assigned: 'progress'"),
    (4, ["action", "close", "CAR-2026-001", "--by", "A"], "is planned: 'close'"),
    (4, ["action", "accept", "CAR-2026-001", "--by", "A"], "is planned: 'accept'"),
    (6, ["action", "verify", "CAR-2026-001", "--by", "A", "--evidence", "e"], "is closed: 'verify'"),
    (6, ["action", "progress", "CAR-2026-001", "--note", "n"], "is closed"),
]
DONE_FIRST = [WALKTHROUGH[i][0] for i in (0, 1, 2, 3, 6, 7)]


@pytest.mark.parametrize(("done", "command", "words"), FORBIDDEN)
def test_forbidden_transition_is_refused_and_writes_nothing(
    repo: Path, done: int, command: list[str], words: str
) -> None:
    for step in DONE_FIRST[:done]:
        assert qmsctl(repo, *step)[0] == 0
    before = snapshot(repo)
    code, output = qmsctl(repo, *command)
    assert code == 1
    assert words in output
    assert snapshot(repo) == before


def test_not_required_need_cannot_be_assigned(repo: Path) -> None:
    assert qmsctl(repo, *WALKTHROUGH[0][0])[0] == 0
    assert (
        qmsctl(repo, "action", "accept", "CAR-2026-001", "--by", "A", "--not-required", "--date", "2026-03-11")[0] == 0
    )
    code, output = qmsctl(repo, "action", "assign", "CAR-2026-001", "--by", "B", "--to", "NC", "--date", "2026-03-12")
    assert code == 1 and "not required" in output


def test_change_that_would_fail_check_writes_nothing(repo: Path) -> None:
    before = snapshot(repo)
    code, output = qmsctl(repo, "ticket", "add", "--procedure", "QT.KHONG.CO", "--received", "2025-03-10 09:00")
    assert code == 2 and "QT.NC.01 (" in output  # an unknown procedure is named with the known ones
    code, output = qmsctl(
        repo, "ticket", "add", "--id", "000.00.19.H13-250303-0001", "--procedure", "QT.NC.01", "--received",
        "2025-03-10 09:00",
    )  # fmt: skip
    assert code == 1
    assert "Nothing was written" in output and "R301" in output
    assert snapshot(repo) == before
    # A step dated before the request (D404) is refused the same way.
    assert qmsctl(repo, *WALKTHROUGH[0][0])[0] == 0
    before = snapshot(repo)
    code, output = qmsctl(repo, "action", "accept", "CAR-2026-001", "--by", "A", "--date", "2026-03-01")
    assert code == 1 and "D404" in output
    assert snapshot(repo) == before


def test_dry_run_shows_the_diff_and_writes_nothing(repo: Path) -> None:
    before = snapshot(repo)
    code, output = qmsctl(repo, *WALKTHROUGH[0][0], "--dry-run")
    assert code == 0
    assert "+++ b/actions/CAR-2026-001.yaml" in output
    assert "+  description: Hồ sơ bổ nhiệm giám định viên trả kết quả trễ hạn" in output
    assert snapshot(repo) == before


COMMENTED = textwrap.dedent(
    """\
    # Hồ sơ tháng 3 — nhập từ phần mềm một cửa
    - id: '000.00.19.H13-250310-0001'   # số của hệ thống
      kind: dossier
      procedure: QT.NC.01
      received: "2025-03-10 09:00"
      subject: "Đề nghị bổ nhiệm giám định viên"
      steps:
          - {at: 2025-03-10 09:30, by: Văn thư Nguyễn Văn A, action: nhập công văn}   # ghi tay
    # hết tháng
    """
)


def test_edit_keeps_comments_quotes_and_indentation(repo: Path) -> None:
    file = repo / "tickets/2025/2025-03-extra.yaml"
    file.write_text(COMMENTED, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "commented file")
    code, output = qmsctl(repo, "ticket", "complete", "000.00.19.H13-250310-0001", "--at", "2025-03-14 10:00")
    assert code == 0, output
    diff = git(repo, "diff", "-U0")
    changes = [line for line in diff.splitlines() if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    assert changes == ["+  completed: 2025-03-14 10:00", "+  outcome: done"]
    code, output = qmsctl(repo, "ticket", "step", "000.00.19.H13-250310-0001", "--by", "B", "--action", "trả kết quả",
                          "--at", "2025-03-14 10:00")  # fmt: skip
    assert code == 0, output
    text = file.read_text(encoding="utf-8")
    assert "      - {at: 2025-03-14 10:00, by: B, action: trả kết quả}\n# hết tháng\n" in text
    assert "# ghi tay" in text and "# hết tháng" in text and "'000.00.19.H13-250310-0001'   # số" in text


def test_a_file_a_windows_editor_saved_keeps_its_line_ends(repo: Path) -> None:
    """A change to a file with CRLF line ends is written with CRLF: in LF, every line of the
    file showed as changed in git. A new file is written with LF."""
    file = repo / "tickets/2025/2025-03.yaml"
    file.write_bytes(file.read_bytes().replace(b"\n", b"\r\n"))
    git(repo, "commit", "-qam", "saved on Windows")
    code, output = qmsctl(
        repo, "ticket", "step", "000.00.19.H13-250303-0001", "--by", "B", "--action", "ký", "--at", "2025-03-07 15:00"
    )
    assert code == 0, output
    assert changed_lines(repo) == (1, 0)
    data = file.read_bytes()
    assert data.count(b"\r\n") == data.count(b"\n") and "action: ký}\r\n".encode() in data
    code, output = qmsctl(repo, "ticket", "add", "--procedure", "QT.NC.01", "--received", "2025-04-01 09:00")
    assert code == 0, output
    assert b"\r" not in (repo / "tickets/2025/2025-04.yaml").read_bytes()
    assert errors(repo) == []


def test_ticket_lifecycle_through_commands(repo: Path) -> None:
    ident = "000.00.19.H13-250310-0007"
    steps = [
        ["ticket", "add", "--id", ident, "--procedure", "QT.NC.01", "--received", "2025-03-10 09:00",
         "--subject", "Đề nghị bổ nhiệm giám định viên tư pháp", "--sender", "Sở Tư pháp"],
        ["ticket", "step", ident, "--by", "Văn thư A", "--role", "van-thu", "--action", "nhập công văn",
         "--at", "2025-03-10 09:10"],
        ["ticket", "pause", ident, "--reason", "Bổ sung giấy tờ", "--at", "2025-03-11 10:00"],
        ["ticket", "resume", ident, "--at", "2025-03-13 08:00"],
        ["ticket", "complete", ident, "--at", "2025-03-18 15:00"],
    ]  # fmt: skip
    for command in steps:
        code, output = qmsctl(repo, *command)
        assert code == 0, (command, output)
        assert errors(repo) == []
    ticket = next(s.model for s in load_records(repo).tickets if s.model.id == ident)
    assert ticket.outcome == "done" and len(ticket.pauses) == 1 and ticket.pauses[0].end is not None
    code, output = qmsctl(repo, "ticket", "pause", ident, "--reason", "r", "--at", "2025-03-19 08:00")
    assert code == 1 and "already finished" in output


def test_ticket_return_and_next_number(repo: Path) -> None:
    code, output = qmsctl(repo, "ticket", "add", "--procedure", "QT.NC.01", "--received", "2025-03-03 14:00")
    assert code == 0, output
    # The agency's own numbering (its short name, VPUB), not the one-stop system's of …-250303-0001.
    assert "VPUB-250303-0001" in output
    code, output = qmsctl(repo, "ticket", "add", "--procedure", "QT.NC.01", "--received", "2025-03-03 15:00")
    assert code == 0 and "VPUB-250303-0002" in output
    code, output = qmsctl(repo, "ticket", "return", "VPUB-250303-0002", "--reason", "Không thuộc thẩm quyền",
                          "--by", "Văn thư A", "--at", "2025-03-04 09:00")  # fmt: skip
    assert code == 0, output
    ticket = next(s.model for s in load_records(repo).tickets if s.model.id == "VPUB-250303-0002")
    assert ticket.outcome == "returned" and ticket.steps[-1].action == "Trả lại hồ sơ: Không thuộc thẩm quyền"


def test_documents_revise_approve_obsolete(repo: Path) -> None:
    assert (
        qmsctl(repo, "doc", "revise", "QT.CTCL", "--change", "Bổ sung báo cáo hằng tháng", "--date", "2026-01-05")[0]
        == 0
    )
    doc = load_records(repo).documents[0].model
    assert (doc.revision, doc.status, doc.history[-1].change) == (2, "draft", "Bổ sung báo cáo hằng tháng")
    code, output = qmsctl(repo, "doc", "revise", "QT.CTCL", "--change", "x")
    assert code == 1 and "is draft" in output
    code, output = qmsctl(
        repo, "doc", "approve", "QT.CTCL", "--by", "Trần Văn Bình", "--title", "Chánh Văn phòng", "--date", "2026-01-10"
    )
    assert code == 0, output
    doc = load_records(repo).documents[0].model
    assert (doc.status, str(doc.issued), doc.approved_by and doc.approved_by.name) == (
        "effective",
        "2026-01-10",
        "Trần Văn Bình",
    )
    assert str(doc.history[-1].on) == "2026-01-10"
    assert "## I. MỤC ĐÍCH" in (repo / "documents/QT.CTCL.md").read_text(encoding="utf-8")


def test_obsoleting_a_cited_document_is_refused(repo: Path) -> None:
    assert (
        qmsctl(repo, "doc", "new", "HD.NC.01", "--title", "Hướng dẫn", "--type", "instruction", "--date", "2026-01-02")[
            0
        ]
        == 0
    )
    assert qmsctl(repo, "doc", "approve", "HD.NC.01", "--by", "Trần Văn Bình", "--date", "2026-01-03")[0] == 0
    qmsctl_text = (repo / "documents/QT.CTCL.md").read_text(encoding="utf-8")
    (repo / "documents/QT.CTCL.md").write_text(qmsctl_text.replace("forms:", "references: [HD.NC.01]\nforms:"), "utf-8")
    before = snapshot(repo)
    code, output = qmsctl(repo, "doc", "obsolete", "HD.NC.01", "--reason", "Không còn áp dụng")
    assert code == 1 and "R310" in output
    assert snapshot(repo) == before


def test_objectives_add_and_report(repo: Path) -> None:
    code, output = qmsctl(repo, "objective", "add", "--year", "2025", "--text", "Văn bản đến xử lý đúng hạn",
                          "--target", ">= 95%", "--kind", "on_time_rate", "--group", "noi-bo")  # fmt: skip
    assert code == 0, output
    objectives = load_records(repo).objectives[0].model.objectives
    number = len(objectives)
    assert objectives[-1].target == ">= 95%"
    code, output = qmsctl(repo, "objective", "report", "--year", "2025", "--number", str(number), "--period",
                          "2025-Q1", "--cause", "Thiếu người", "--remedy", "Bổ sung văn thư")  # fmt: skip
    assert code == 0, output
    report = load_records(repo).objectives[0].model.objectives[-1].reports[0]
    assert (report.period, report.cause, report.remedy) == ("2025-Q1", "Thiếu người", "Bổ sung văn thư")
    code, output = qmsctl(repo, "objective", "report", "--year", "2025", "--number", "99", "--period", "2025-Q1")
    assert code == 1 and "no number 99" in output


def test_missing_value_without_a_terminal_is_a_usage_error(repo: Path) -> None:
    code, output = qmsctl(repo, "action", "open", "--unit", "NC")
    assert code == 2 and "--source is missing" in output


def test_busy_folder_fails_cleanly_after_the_wait(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QMSCTL_LOCK_TIMEOUT", "0.2")
    before = snapshot(repo)
    with folder_lock(repo):
        code, output = qmsctl(repo, *WALKTHROUGH[0][0])
    assert code == 2 and "Another qmsctl command" in output
    assert snapshot(repo) == before


def test_a_lock_file_a_windows_edit_left_is_no_record(repo: Path) -> None:
    """The hidden file Windows locks, left by an edit that was killed, is read by nothing: check
    stays clean and the next edit is written."""
    before = [(f.code, f.file, f.message) for f in check_folder(repo).findings]
    (repo / ".qmsctl.lock").write_bytes(b"")
    assert [(f.code, f.file, f.message) for f in check_folder(repo).findings] == before
    code, output = qmsctl(repo, *WALKTHROUGH[0][0])
    assert code == 0, output
    assert errors(repo) == []


KILLED_WRITER = """
import os, sys
from pathlib import Path
from qmsctl import store

def stop_here(fd):
    print("writing", flush=True)
    sys.stdin.read()  # wait to be killed, the new text written but not yet in place

os.fsync = stop_here
store.write_text_atomically(Path(sys.argv[1]), "- id: X\\n" * 200_000)
"""


def test_writer_killed_mid_write_leaves_the_old_file(repo: Path) -> None:
    target = repo / "tickets/2025/2025-03.yaml"
    old = target.read_bytes()
    child = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(target)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "writing"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert target.read_bytes() == old
    yaml.safe_load(old.decode("utf-8"))
    assert errors(repo) == []  # the temporary file left behind is not a record …
    leftovers = [f for f in check_folder(repo).findings if f.code == "Y110"]
    assert len(leftovers) == 1 and leftovers[0].file.startswith("tickets/2025/.2025-03-")  # … but it is reported


CONCURRENT = 6


STEPS_WRITER = """
import sys
from qmsctl.cli.main import run

root, name, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(count):
    sys.argv = ["qmsctl", "--records", root, "ticket", "step", "000.00.19.H13-250303-0001", "--by", name,
                "--action", f"bước {i}", "--at", f"2025-03-07 1{i}:00"]
    try:
        run()
    except SystemExit as stop:
        if stop.code:
            raise
"""


def test_two_concurrent_writers_lose_no_update(repo: Path) -> None:
    def writer(name: str) -> subprocess.Popen[str]:
        command = [sys.executable, "-c", STEPS_WRITER, str(repo), name, str(CONCURRENT)]
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    first, second = writer("Văn thư A"), writer("Văn thư B")
    for child in (first, second):
        _out, err = child.communicate(timeout=300)
        assert child.returncode == 0, err
    ticket = next(s.model for s in load_records(repo).tickets if s.model.id == "000.00.19.H13-250303-0001")
    logged = [(s.by, s.action) for s in ticket.steps]
    for name in ("Văn thư A", "Văn thư B"):
        assert [a for b, a in logged if b == name] == [f"bước {i}" for i in range(CONCURRENT)]
    assert errors(repo) == []


def test_missing_values_are_asked_for_in_a_terminal(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsctl.cli import editing

    monkeypatch.setattr(editing, "interactive", lambda: True)
    editing.folder_records.cache_clear()
    monkeypatch.setenv("QMSCTL_RECORDS", str(repo))
    answers = "NC\nnonconforming-output\nHồ sơ trả kết quả trễ hạn\nLê Thị Thu Hà\n"
    result = runner.invoke(app, ["action", "open", "--date", "2026-03-10"], input=answers)
    editing.folder_records.cache_clear()
    assert result.exit_code == 0, result.output
    assert "NC (Phòng Nội chính)" in result.output  # the units are listed, with their names, before the question
    assert "nonconforming-output (Sản phẩm/dịch vụ không phù hợp)" in result.output  # with its name
    request = next(s.model for s in load_records(repo).actions if s.model.id == "CAR-2026-001").request
    assert (request.unit, request.source, request.by) == ("NC", "nonconforming-output", "Lê Thị Thu Hà")


def test_reschedule_records_the_new_appointment_and_prints_the_apology(
    base_records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dossier that will be late: `rescheduled` and a step with the reason are written, the
    apology carries both, and the dossier still counts as late."""
    from docx import Document

    import qmsctl
    from qmsctl.figures import Cut, parse_period

    monkeypatch.setenv("QMSCTL_TODAY", "2025-03-14")
    ticket = base_records / "tickets/2025/2025-03.yaml"
    ticket.write_text(
        ticket.read_text(encoding="utf-8")
        + "- id: T-OPEN\n  procedure: QT.NC.01\n  received: 2025-03-10 09:00\n  sender: Bà Trần Thị Lan\n",
        encoding="utf-8",
    )
    runner = CliRunner()
    base = ["--records", str(base_records), "ticket", "reschedule", "T-OPEN", "--reason", "Chờ ý kiến Sở Tư pháp"]
    too_early = runner.invoke(app, [*base, "--to", "2025-03-17", "--by", "Lê Thị Thu Hà"])
    assert too_early.exit_code == 1 and "17/03/2025" in too_early.output  # the due itself is not a new date
    notice = tmp_path / "xin-loi.docx"
    done = runner.invoke(app, [*base, "--to", "21/03/2025", "--by", "Lê Thị Thu Hà", "--notice", str(notice)])
    assert done.exit_code == 0, done.output
    agency = qmsctl.open(base_records)
    rescheduled = agency.ticket("T-OPEN")
    assert rescheduled.rescheduled is not None and str(rescheduled.rescheduled.due) == "2025-03-21"
    assert rescheduled.steps[-1].action.endswith("21/03/2025: Chờ ý kiến Sở Tư pháp")
    text = "".join(Document(str(notice)).element.body.itertext())
    assert "Lý do: Chờ ý kiến Sở Tư pháp" in text and "ngày 21/03/2025" in text and "17/03/2025" in text
    # The base folder's action goes on after this test's today (D409 there); the dossier is clean.
    assert [e for e in errors(base_records) if not e.startswith("D409 actions/")] == []
    # Finished on the new day, it is still late (docs/rules.md section 3.6).
    ticket.write_text(
        ticket.read_text(encoding="utf-8").replace(
            "  rescheduled:", "  completed: 2025-03-21 10:00\n  outcome: done\n  rescheduled:"
        ),
        encoding="utf-8",
    )
    from datetime import date

    late = qmsctl.open(base_records, as_of=Cut.end_of_day(date(2025, 3, 31))).figures(parse_period("2025-03"))
    assert late.total.processed_late >= 1


def test_the_supplement_notice_needs_a_pause(base_records: Path, tmp_path: Path) -> None:
    from docx import Document

    runner = CliRunner()
    paused = tmp_path / "bo-sung.docx"
    ok = runner.invoke(
        app, ["--records", str(base_records), "render", "PHIEU-BO-SUNG", "000.00.19.H13-250303-0001", "-o", str(paused)]
    )
    assert ok.exit_code == 0, ok.output
    text = "".join(Document(str(paused)).element.body.itertext())
    assert "Bổ sung giấy tờ" in text and "ngày 04 tháng 3 năm 2025" in text  # NĐ30: a leading 0 for months 1 and 2 only
    never = runner.invoke(app, ["--records", str(base_records), "render", "PHIEU-BO-SUNG", "VBD-2025-00001"])
    assert never.exit_code == 2 and "never paused" in never.output


def test_an_action_edit_reads_no_ticket_and_still_refuses_what_check_would_fail(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit that neither reads nor writes tickets leaves them unread (a big folder's edit
    answers at once), and its check before writing still catches what it breaks."""
    from qmsctl.records import facts, load

    read: list[str] = []
    parse = load.parse_file
    recorded = lambda root, file, *a: read.append(file) or parse(root, file, *a)  # noqa: E731
    monkeypatch.setattr(load, "parse_file", recorded)
    monkeypatch.setattr(facts, "parse_file", recorded)  # a ticket looked up is read in its own lines there
    assert qmsctl(repo, *WALKTHROUGH[0][0])[0] == 0
    assert read and not [f for f in read if f.startswith("tickets/")]
    assert any(f.startswith("actions/") for f in read)
    before = snapshot(repo)
    code, output = qmsctl(repo, "action", "accept", "CAR-2026-001", "--by", "A", "--date", "2026-03-01")
    assert code == 1 and "D404" in output
    assert snapshot(repo) == before
    read.clear()
    qmsctl(repo, "ticket", "pause", "000.00.19.H13-250303-0001", "--reason", "r", "--at", "2025-03-04 10:00")
    assert any(f.startswith("tickets/") for f in read)  # a ticket's edit reads them


def test_a_wrong_answer_is_asked_again_and_a_name_without_diacritics_is_taken(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qmsctl.cli import editing

    monkeypatch.setattr(editing, "interactive", lambda: True)
    monkeypatch.setenv("QMSCTL_RECORDS", str(repo))
    answers = "phong khong co\nnoi chinh\nnonconforming-output\nHồ sơ trễ hạn\nLê Thị Thu Hà\n"
    result = runner.invoke(app, ["action", "open", "--date", "2026-03-10"], input=answers)
    assert result.exit_code == 0, result.output
    assert "matches no known value" in result.output
    request = next(s.model for s in load_records(repo).actions if s.model.id == "CAR-2026-001").request
    assert request.unit == "NC"


def test_document_control_submit_review_approve_revise_obsolete(repo: Path) -> None:
    steps = [
        ["doc", "new", "HD.NC.02", "--title", "Hướng dẫn tiếp nhận", "--type", "instruction", "--date", "2026-01-02"],
        ["doc", "submit", "HD.NC.02"],
        ["doc", "review", "HD.NC.02", "--by", "Nguyễn Hoàng Nam", "--title", "Trưởng phòng", "--date", "2026-01-03"],
        ["doc", "approve", "HD.NC.02", "--by", "Trần Văn Bình", "--date", "2026-01-04"],
    ]
    for step in steps:
        code, output = qmsctl(repo, *step)
        assert code == 0, (step, output)
        assert errors(repo) == []
    doc = next(s.model for s in load_records(repo).documents if s.model.code == "HD.NC.02")
    assert (doc.status, doc.reviewed_by and doc.reviewed_by.name, str(doc.reviewed)) == (
        "effective", "Nguyễn Hoàng Nam", "2026-01-03",
    )  # fmt: skip
    assert qmsctl(repo, "doc", "revise", "HD.NC.02", "--change", "Sửa mục 2", "--date", "2026-06-01")[0] == 0
    doc = next(s.model for s in load_records(repo).documents if s.model.code == "HD.NC.02")
    assert doc.reviewed_by is None and doc.approved_by is None  # never carried over to the new revision
    code, output = qmsctl(repo, "doc", "review", "HD.NC.02", "--by", "A")
    assert code == 1 and "is draft" in output  # a draft is submitted before it is reviewed
    # Withdrawn with its day, reason and replacement; a document still citing it names the replacement.
    text = (repo / "documents/QT.CTCL.md").read_text(encoding="utf-8")
    (repo / "documents/QT.CTCL.md").write_text(text.replace("forms:", "references: [HD.NC.02]\nforms:"), "utf-8")
    code, output = qmsctl(repo, "doc", "obsolete", "HD.NC.02", "--reason", "Gộp vào QT.CTCL", "--replaced-by",
                          "QT.CTCL", "--date", "2026-07-01")  # fmt: skip
    assert code == 1 and "R310" in output and "replaced by QT.CTCL" in output
    (repo / "documents/QT.CTCL.md").write_text(text, "utf-8")
    assert qmsctl(repo, "doc", "obsolete", "HD.NC.02", "--reason", "Gộp vào QT.CTCL", "--replaced-by", "QT.CTCL",
                  "--date", "2026-07-01")[0] == 0  # fmt: skip
    doc = next(s.model for s in load_records(repo).documents if s.model.code == "HD.NC.02")
    assert doc.withdrawal is not None
    assert (str(doc.withdrawal.on), doc.withdrawal.reason, doc.withdrawal.replaced_by) == (
        "2026-07-01", "Gộp vào QT.CTCL", "QT.CTCL",
    )  # fmt: skip
