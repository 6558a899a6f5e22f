"""Hostile input: small files that used to hang, crash or exhaust `check` are findings at their
line, every other file is still checked, and nothing is skipped in silence."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from qmsctl.check import check_folder
from qmsctl.cli.main import app
from qmsctl.findings import BIDI_MARK, UNPRINTABLE
from tests.conftest import examples

runner = CliRunner()


def findings(root: Path) -> dict[str, list[tuple[str, int | None]]]:
    """Findings by file: (code, line)."""
    found: dict[str, list[tuple[str, int | None]]] = {}
    for f in check_folder(root).findings:
        found.setdefault(f.file, []).append((f.code, f.line))
    return found


BOMB = "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9) if prev else ', '.join(['x'] * 9)}]\n"
    for prev, name in zip(["", "a", "b", "c", "d", "e", "f"], "abcdefg", strict=True)
)


@pytest.mark.parametrize(
    ("text", "code", "line"),
    [
        (BOMB + "code: [*g]\n", "Y113", 1),  # an alias bomb: 482 bytes, 11 million values
        ("code: " + "[" * 100_000 + "]" * 100_000 + "\n", "Y113", 1),  # would crash the parser
        ("code: " + "[" * 1_000 + "]" * 1_000 + "\n", "Y113", 1),
        ("name: x\ncode: !!int abc\n", "Y101", 2),
        ("code: !!float x\n", "Y101", 1),
        ("code: !!bool maybe\n", "Y101", 1),
        ("code: !!timestamp x\n", "Y101", 1),
        ("code: !!map x\n", "Y101", 1),
        ("code: !!python/object:os.system x\n", "Y101", 1),
        ("code: !custom x\n", "Y101", 1),
        ("code: " + "9" * 5000 + "\n", "Y101", 1),  # over Python's digit limit for int()
        ("code: !!int " + "9" * 5000 + "\n", "Y101", 1),
        ("name: x\ncode: a\x9bb\n", "Y101", 2),  # a raw C1 control: refused by both readers
    ],
    ids=["alias-bomb", "nesting-100000", "nesting-1000", "int-tag", "float-tag", "bool-tag", "timestamp-tag",
         "map-on-scalar", "python-tag", "local-tag", "huge-int", "huge-int-tag", "raw-c1"],
)  # fmt: skip
def test_a_hostile_file_is_a_finding_and_the_rest_is_still_read(
    text: str, code: str, line: int, base_records: Path
) -> None:
    (base_records / "procedures/BAD.yaml").write_text(text, encoding="utf-8")
    found = findings(base_records)
    assert found.pop("procedures/BAD.yaml") == [(code, line)]
    assert found == {}  # every other file read, nothing else to say


def test_pipes_devices_and_links_out_of_the_folder_are_not_read(base_records: Path) -> None:
    os.mkfifo(base_records / "procedures/FIFO.yaml")
    (base_records / "procedures/ZERO.yaml").symlink_to("/dev/zero")
    (base_records / "procedures/OUT.yaml").symlink_to(Path(__file__))
    inside = base_records / "procedures/QT.NC.02.yaml"
    inside.symlink_to(base_records / "procedures/QT.NC.01.yaml")  # a link inside the folder is read
    (base_records / "procedures/LOOP.yaml").symlink_to("LOOP.yaml")  # once a crash (RuntimeError)
    found = findings(base_records)
    assert found.pop("procedures/LOOP.yaml") == [("Y111", 1)]
    assert found.pop("procedures/FIFO.yaml") == [("Y111", 1)]
    assert found.pop("procedures/ZERO.yaml") == [("Y111", 1)]
    assert found.pop("procedures/OUT.yaml") == [("Y111", 1)]
    assert not any(code.startswith("Y") for code, _ in found.pop("procedures/QT.NC.02.yaml", []))  # read
    assert all(code != "Y111" for items in found.values() for code, _ in items)


def test_a_file_over_the_size_limit(base_records: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from qmsctl.records import text

    monkeypatch.setattr(text, "MAX_FILE_BYTES", 1024)
    (base_records / "procedures/BIG.yaml").write_text("code: X\nname: " + "x" * 2000 + "\n", encoding="utf-8")
    assert findings(base_records)["procedures/BIG.yaml"] == [("Y112", 1)]


@pytest.mark.parametrize("size", [0, 1, 1023, 1024, 1025, 5000])
def test_a_record_file_is_read_whole_up_to_the_limit_and_refused_past_it(
    size: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read in pieces of its own size (not one read of the limit's): every byte up to the limit,
    one byte more refused."""
    from qmsctl.records import text

    monkeypatch.setattr(text, "MAX_FILE_BYTES", 1024)
    data = bytes(range(256)) * (size // 256 + 1)
    (tmp_path / "f.yaml").write_bytes(data[:size])
    if size <= 1024:
        assert text.read_record_file(tmp_path / "f.yaml", tmp_path) == data[:size]
    else:
        with pytest.raises(text.TextProblem) as refused:
            text.read_record_file(tmp_path / "f.yaml", tmp_path)
        assert refused.value.code == "Y112"


def test_a_folder_that_cannot_be_listed_is_an_error_not_a_skip(
    base_records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = os.scandir
    locked = str(base_records / "actions")

    def scandir(path: object = ".") -> object:
        if os.fspath(path) == locked:  # type: ignore[arg-type]
            raise PermissionError(13, "Permission denied", locked)
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    found = check_folder(base_records, workers=1).findings
    assert [(f.code, f.file) for f in found if f.code == "Y100"] == [("Y100", "actions")]


def test_an_empty_since_is_a_usage_error(base_records: Path) -> None:
    result = runner.invoke(app, ["--records", str(base_records), "check", "--since", ""])
    assert result.exit_code == 2


PROCEDURE = "code: QT.NC.01\nname: Bổ nhiệm giám định viên tư pháp\ngroup: lien-thong\nunit: NC\n"


@pytest.mark.parametrize(
    ("file", "text", "line"),
    [
        ("procedures/QT.NC.01.yaml", PROCEDURE + "duration: {working_days: 1e6}\n", 5),
        ("procedures/QT.NC.01.yaml", PROCEDURE + "duration: {working_days: 1000000}\n", 5),
        ("procedures/QT.NC.01.yaml", PROCEDURE + "duration: {working_hours: 1e300}\n", 5),
        ("procedures/QT.NC.01.yaml", PROCEDURE + "duration: {working_hours: .inf}\n", 5),
        ("procedures/QT.NC.01.yaml", PROCEDURE + "duration: {working_hours: .nan}\n", 5),
        ("procedures/QT.NC.01.yaml", PROCEDURE + "duration: {calendar_days: 1000000000}\n", 5),
        ("calendar/2025.yaml", "year: 9999\n", 1),
        ("calendar/2025.yaml", "year: 2025\nwork_days: [0001-01-06]\n", 2),
        ("tickets/2025/2025-04.yaml", "- {id: X, procedure: QT.NC.01, received: '2025-04-01 09:00', due: 9999-12-31}",
         1),
        ("tickets/2025/2025-04.yaml", "- {id: X, procedure: QT.NC.01, received: '0001-04-01 09:00'}\n", 1),
    ],
    ids=["days-1e6", "days-million", "hours-1e300", "hours-inf", "hours-nan", "calendar-days-1e9", "year-9999",
         "year-0001", "due-9999", "received-0001"],
)  # fmt: skip
def test_a_number_or_date_the_figures_cannot_compute_is_refused_at_its_field(
    file: str, text: str, line: int, base_records: Path
) -> None:
    (base_records / file).write_text(text, encoding="utf-8")
    found = findings(base_records)
    assert line in [ln for code, ln in found[file] if code in ("S203", "S204")], found[file]
    # ... and the commands that compute figures answer, never hang or crash.
    for command in (["stats", "--period", "2025"], ["objectives", "--period", "2025"]):
        result = runner.invoke(app, ["--records", str(base_records), *command])
        assert result.exit_code in (0, 1, 2), (command, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    ("setting", "line"),
    [("workweek: []", 10), ("hours: []", 11)],
)
def test_a_calendar_without_working_days_or_hours_is_refused(setting: str, line: int, base_records: Path) -> None:
    profile = base_records / "qms.yaml"
    text = profile.read_text(encoding="utf-8")
    key = setting.split(":")[0]
    lines = [setting.join(["  ", ""]) if ln.strip().startswith(key + ":") else ln for ln in text.splitlines()]
    profile.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = findings(base_records)
    assert ("S203", line) in found["qms.yaml"], found["qms.yaml"]


@pytest.mark.parametrize("target", ["/dev/null", "folder", "link.docx", ""])
def test_render_writes_only_a_regular_file(target: str, base_records: Path, tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep", encoding="utf-8")
    (tmp_path / "link.docx").symlink_to(victim)
    path = target if target.startswith("/") or not target else str(tmp_path / target)
    result = runner.invoke(app, ["--records", str(base_records), "render", "DANH-MUC", "-o", path])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert victim.read_text(encoding="utf-8") == "keep" and (tmp_path / "link.docx").is_symlink()
    assert Path("/dev/null").is_char_device()  # not replaced by a file (root may rename over it)


def test_a_full_disk_is_a_usage_error_naming_the_path(
    base_records: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qmsctl import store

    def full(path: Path, write: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store, "write_atomically", full)
    target = tmp_path / "dm.docx"
    result = runner.invoke(app, ["--records", str(base_records), "render", "DANH-MUC", "-o", str(target)])
    assert result.exit_code == 2 and "No space left on device" in result.output and "dm.docx" in result.output


def test_an_edit_on_a_file_that_cannot_be_written_is_a_usage_error(
    base_records: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from qmsctl import store

    def read_only(path: Path, data: bytes) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(store, "write_bytes_atomically", read_only)  # a list file is written as bytes
    before = (base_records / "tickets/2025/2025-03.yaml").read_text(encoding="utf-8")
    result = runner.invoke(
        app,
        ["--records", str(base_records), "ticket", "step", "VBD-2025-00001", "--by", "A", "--action", "x",
         "--at", "2025-03-05 09:00"],
    )  # fmt: skip
    assert result.exit_code == 2 and "Permission denied" in result.output
    assert (base_records / "tickets/2025/2025-03.yaml").read_text(encoding="utf-8") == before


def test_stats_csv_cannot_carry_a_formula(base_records: Path) -> None:
    import csv
    import io

    procedure = base_records / "procedures/QT.NC.01.yaml"
    procedure.write_text(
        procedure.read_text(encoding="utf-8").replace(
            "name: Bổ nhiệm giám định viên tư pháp", 'name: "=HYPERLINK(\\"http://x\\",\\"y\\")"'
        ),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["--records", str(base_records), "stats", "-p", "2025", "--format", "csv"])
    assert result.exit_code == 0, result.output
    names = [row[2] for row in csv.reader(io.StringIO(result.output))]
    assert '\'=HYPERLINK("http://x","y")' in names
    assert not any(name.startswith(("=", "+", "@")) for name in names)


def _agency_and_sheet(tmp_path: Path) -> tuple[Path, Any, Any]:
    """The demo agency without its tickets, and a new workbook's sheet to export from."""
    import shutil

    from openpyxl import Workbook

    from tests.conftest import DEMO

    root = tmp_path / "records"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("tickets"))
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    return root, workbook, sheet


def test_an_export_with_a_stray_cell_far_away_is_refused_not_a_crash(tmp_path: Path) -> None:
    demo_copy, workbook, sheet = _agency_and_sheet(tmp_path)
    sheet["A1"], sheet["A2"], sheet["XFD1048576"] = "Mã hồ sơ", "X-1", "x"
    export = tmp_path / "far.xlsx"
    workbook.save(export)
    result = runner.invoke(app, ["--records", str(demo_copy), "import", "tickets", str(export), "--map", "motcua-xlsx"])
    assert result.exit_code == 2 and "XFD1048576" in result.output, result.output


@pytest.mark.parametrize("ident", ["0x1F", "0o17", "1e3", ".inf", "12", "null", "true"])
def test_an_id_the_reader_would_take_for_a_number_round_trips(ident: str) -> None:
    """A ticket written by the import is read back with the same id (0x1F stays 0x1F)."""
    import yaml

    from qmsctl.records.text import RecordLoader
    from qmsctl.records.ticket_text import ticket_text

    text = ticket_text({"id": ident, "procedure": "QT.NC.01", "received": "2025-03-03 09:00"})
    assert yaml.load(text, Loader=RecordLoader)[0]["id"] == ident  # noqa: S506 - a safe loader


def test_an_export_with_odd_cells_imports_each_row_and_again_changes_nothing(tmp_path: Path) -> None:
    """A line break (Alt+Enter), CR, NEL, NUL, a tab and a 200,000-character field: each row
    imported as text, read back the same (a control character such as NUL as a space), and
    the same export twice is a no-op."""
    import shutil

    import qmsctl
    from tests.conftest import DEMO, git

    root = tmp_path / "records"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("tickets"))
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "records"]):
        git(root, *command)
    texts = ["dòng một\ndòng hai", "có\rCR", "có\x85NEL", "có\x00NUL", "tab\there", "x" * 200_000, "bình thường"]
    texts.append("gửi \u202aÔng Trần Văn An\u202c")  # a name as a phone copies it, between bidirectional marks
    rows = ["Mã;Thủ tục;x;Ngày nhận;Hạn;Ngày trả;Trạng thái;Đơn vị;Trích yếu"]
    for number, text in enumerate(texts):
        rows.append(f'T-{number};QT.NC.01;;03/03/2026 09:00;;;Đang giải quyết;;"{text}"')
    export = tmp_path / "odd.csv"
    export.write_text("\n".join(rows) + "\n", encoding="utf-8", newline="")
    base = ["--records", str(root), "import", "tickets", str(export), "--map", "dichvucong-csv"]
    first = runner.invoke(app, base)
    assert first.exit_code == 0 and "8 added" in first.output, first.output
    subjects = {t.id: t.subject for t in qmsctl.open(root).tickets}
    expected = [t.replace("\x00", " ").replace("\u202a", "").replace("\u202c", "") for t in texts]
    assert [subjects[f"T-{n}"] for n in range(len(texts))] == expected
    again = runner.invoke(app, base)
    assert again.exit_code == 0 and "8 unchanged" in again.output, again.output


@pytest.mark.parametrize("encoding", ["utf-8:strict", "ascii:strict"])
def test_a_file_name_that_is_not_utf8_is_printed_escaped(encoding: str, base_records: Path) -> None:
    """A name that is not UTF-8 (Python keeps its bytes as surrogates), on a strict UTF-8 or an
    ASCII terminal: the finding names it escaped, never a crash."""
    import subprocess
    import sys

    (base_records / "tickets").mkdir(exist_ok=True)
    with open(os.fsencode(base_records / "tickets") + b"/x\xff.yaml", "wb") as bad:
        bad.write(b"id: a\n")
    env = {**os.environ, "PYTHONIOENCODING": encoding, "QMSCTL_LANG": "vi", "QMSCTL_NO_CACHE": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "qmsctl", "--records", str(base_records), "check"],
        capture_output=True, env=env, check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    out = result.stdout.decode("ascii" if encoding.startswith("ascii") else "utf-8")
    assert "x\\udcff.yaml" in out and "S202" in out


def _running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended


def test_a_parse_worker_ends_when_its_command_is_killed(tmp_path: Path) -> None:
    """SIGKILL gives the pool no chance to shut down: its workers watch their parent instead."""
    import signal
    import subprocess
    import sys
    import time

    script = tmp_path / "pool.py"
    script.write_text(
        "import os, time\n"
        "from concurrent.futures import ProcessPoolExecutor\n"
        "from qmsctl.records.load import _end_with_parent\n"
        "pool = ProcessPoolExecutor(1, initializer=_end_with_parent, initargs=(os.getpid(),))\n"
        "print(pool.submit(os.getpid).result(), flush=True)\n"
        "time.sleep(60)\n",
        encoding="utf-8",
    )
    parent = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert parent.stdout is not None
    worker = int(parent.stdout.readline())
    assert _running(worker)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while _running(worker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _running(worker)


def test_an_excel_date_out_of_range_rejects_its_row_saying_why(tmp_path: Path) -> None:
    root, workbook, sheet = _agency_and_sheet(tmp_path)
    sheet.title = "Danh sách hồ sơ"
    columns = ["Mã hồ sơ", "Tên thủ tục", "Chủ hồ sơ", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày có kết quả"]
    sheet.append([*columns, "Trạng thái", "Đơn vị xử lý", "Tình trạng xử lý"])
    for ident, serial in (("FAR", 1e10), ("NEG", -1e6), ("OLD", 30000), ("OK", 46000.4)):
        sheet.append([ident, "QT.NC.01", "Công ty A", serial, None, None, "Đang xử lý", None, None])
        sheet.cell(sheet.max_row, 4).number_format = "dd/mm/yyyy hh:mm"
    export = tmp_path / "dates.xlsx"
    workbook.save(export)
    result = runner.invoke(app, ["--records", str(root), "import", "tickets", str(export), "--map", "motcua-xlsx"])
    assert result.exit_code == 1, result.output  # rows were not written
    # The table of rejected rows, its wrapped cells joined: "row column why" for each.
    rows = [" ".join(line.split("│")[2:5]) for line in result.output.splitlines() if line.startswith("│")]
    said = " ".join(" ".join(rows).split())
    assert "2 D the Excel date 10000000000.0 is outside the years" in said
    assert "3 D a time of day without a date" in said
    assert "4 D the date 1982-02-18 is outside the years" in said
    assert "1 added" in result.output


FREE_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(" \t\r\n\x85\x7f\x9f\ufffe\u2028\u00a0\x00\u202e\u2066\"';,=+-@#:&*!|>%{}[]"),
        st.characters(codec="utf-8", exclude_categories=("Cs",)),
    ),
    min_size=1,
    max_size=40,
).filter(lambda text: bool(text.strip()))


def _may_look_personal(text: str) -> bool:
    """Whether a text could hold what the import cuts out as personal data (nine digits or
    more, an at sign in any of its forms): judged without qmsctl's own rules."""
    import unicodedata

    plain = unicodedata.normalize("NFKC", text).casefold()
    return sum(c.isdigit() for c in plain) >= 9 or "@" in plain or "at" in plain


@settings(max_examples=examples(8), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(FREE_TEXT, min_size=1, max_size=12))
def test_free_text_imports_exactly_and_again_changes_nothing(
    texts: list[str], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Any subject an export holds (spaces and tabs around it, CR, NEL, quotes, YAML's own
    signs) is the ticket's subject as NFC, a control character (NUL, DEL, C1) as a space, and
    importing it again is a no-op."""
    import csv
    import shutil
    import unicodedata

    import qmsctl
    from tests.conftest import DEMO

    tmp_path = tmp_path_factory.mktemp("free")
    root = tmp_path / "records"
    shutil.copytree(DEMO, root, ignore=shutil.ignore_patterns("tickets"))
    export = tmp_path / "free.csv"
    with export.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["Mã", "Thủ tục", "x", "Ngày nhận", "Hạn", "Ngày trả", "Trạng thái", "Đơn vị", "Trích yếu"])
        for number, text in enumerate(texts):
            writer.writerow([f"T-{number}", "QT.NC.01", "", "03/03/2026 09:00", "", "", "Đang giải quyết", "", text])
    base = ["--records", str(root), "import", "tickets", str(export), "--map", "dichvucong-csv"]
    first = runner.invoke(app, base)
    assert first.exit_code == 0 and f"{len(texts)} added" in first.output, first.output
    subjects = {t.id: t.subject for t in qmsctl.open(root).tickets}
    cleaned = [UNPRINTABLE.sub(" ", BIDI_MARK.sub("", unicodedata.normalize("NFC", text))) for text in texts]
    expected = [text if text.strip() else None for text in cleaned]
    got = [subjects[f"T-{n}"] for n in range(len(texts))]
    # Text that cannot hold personal data arrives exactly, brackets and all; the rest is the
    # personal-data tests' (test_personal.py).
    exact = [(g, e) for g, e, text in zip(got, expected, texts, strict=True) if not _may_look_personal(text)]
    assert [(g, e) for g, e in exact if g != e] == []
    again = runner.invoke(app, base)
    assert again.exit_code == 0 and f"{len(texts)} unchanged" in again.output, again.output


EDIT_TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from(" \t\n\x85\x7f\u2028\u00a0\"';,=+-@#:&*!|>%{}[]"),
        st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
    ),
    min_size=1,
    max_size=30,
)


@settings(max_examples=examples(12), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(description=EDIT_TEXT, subject=EDIT_TEXT)
def test_free_text_through_an_edit_is_kept_exactly_or_refused_with_a_reason(
    description: str, subject: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """`action open --description` and `ticket add --subject` write the text as typed (NFC),
    read back the same, or refuse it (exit 2, or 1 with the finding) and write nothing."""
    import shutil
    import unicodedata

    import qmsctl
    from tests.conftest import DATA

    root = tmp_path_factory.mktemp("edit") / "records"
    shutil.copytree(DATA / "base", root)
    before = sorted(p.read_bytes() for p in root.rglob("*.yaml"))
    opened = runner.invoke(
        app,
        ["--records", str(root), "action", "open", "--unit", "NC", "--source", "nonconforming-output",
         "--description", description, "--by", "Lê Thị Thu Hà", "--date", "2026-03-10"],
    )  # fmt: skip
    added = runner.invoke(
        app,
        ["--records", str(root), "ticket", "add", "--id", "T-1", "--procedure", "QT.NC.01",
         "--received", "2025-03-10 09:00", "--subject", subject],
    )  # fmt: skip
    agency = qmsctl.open(root)
    for result, text, stored in (
        (
            opened,
            description,
            [
                s.model.request.description
                for s in agency.records.actions
                if s.model.id == "CAR-2026-001" and s.model.request
            ],
        ),
        (added, subject, [t.subject for t in agency.tickets if t.id == "T-1"]),
    ):
        if result.exit_code == 0:
            assert stored == [unicodedata.normalize("NFC", text)], result.output
        else:  # refused: a reason, and nothing of it written
            assert result.exit_code in (1, 2) and result.output.strip(), result.output
            assert stored == []
    if opened.exit_code and added.exit_code:
        assert sorted(p.read_bytes() for p in root.rglob("*.yaml")) == before


HOSTILE_TICKET = """- id: "T-\\e]0;pwned\\a"
  kind: dossier
  procedure: "QT.NC.01\\e[2J"
  received: 2025-03-10 09:00
  subject: "[/oops] [bold]Khẩn\\x9b[31m"
"""


def test_control_characters_in_values_and_names_never_reach_the_terminal(base_records: Path) -> None:
    """Escapes in a value (\\e, \\x9b) and a file name holding ESC: Y115 at each value's line,
    the values read with U+FFFD instead, and every output shows them escaped, never raw, so a
    record cannot retitle the terminal, clear it or forge a line of the CI log."""
    import qmsctl

    (base_records / "tickets/2025/2025-04.yaml").write_text(HOSTILE_TICKET, encoding="utf-8")
    named = base_records / "tickets/2025/\x1b[2Jx.yaml"
    named.write_text((base_records / "tickets/2025/2025-03.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    found = findings(base_records)
    assert [(c, line) for c, line in found["tickets/2025/2025-04.yaml"] if c == "Y115"] == [
        ("Y115", 1),
        ("Y115", 3),
        ("Y115", 5),
    ]
    ticket = next(t for t in qmsctl.open(base_records).records.tickets if t.file.endswith("2025-04.yaml")).model
    assert ticket.id == "T-\ufffd]0;pwned\ufffd" and ticket.subject == "[/oops] [bold]Khẩn\ufffd[31m"
    for form in ("text", "github", "gitlab", "json"):
        result = runner.invoke(app, ["--records", str(base_records), "check", "--format", form])
        assert result.exit_code == 1 and "Y115" in result.output
        assert not any(c in result.output for c in "\x1b\x07\x9b"), form
    text = runner.invoke(app, ["--records", str(base_records), "check"]).output
    assert "\\x1b[2Jx.yaml" in text and "control character \\x1b" in text


def test_a_bidirectional_mark_written_raw_never_reaches_an_output(base_records: Path, tmp_path: Path) -> None:
    """YAML takes U+202E (right-to-left override) written raw, and a terminal, a CI log or a
    form would show the name after it backwards: Y115 at its line, and the name is read with
    U+FFFD instead, in every command's output."""
    path = base_records / "procedures/QT.NC.01.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("name: Bổ nhiệm", "name: \u202eBổ nhiệm\u202c"), encoding="utf-8"
    )
    assert ("Y115", 2) in findings(base_records)["procedures/QT.NC.01.yaml"]
    records = ["--records", str(base_records)]
    outputs = [
        runner.invoke(app, [*records, *command])
        for command in (
            ["check", "--format", "github"],
            ["find", "giám định"],
            ["stats", "--period", "2025-03"],
            ["stats", "--period", "2025-03", "--by", "procedure", "--format", "csv"],
            ["coverage"],
        )
    ]
    for result in outputs:
        assert result.output and not BIDI_MARK.search(result.output), result.output
    assert "\ufffdBổ nhiệm\ufffd giám định" in outputs[1].output
    book = tmp_path / "b.xlsx"
    assert runner.invoke(app, [*records, "render", "BM.ST.VP.04", "-p", "2025-03", "-o", str(book)]).exit_code == 0
    from python_calamine import CalamineWorkbook

    cells = [str(c) for row in CalamineWorkbook.from_path(str(book)).get_sheet_by_index(0).to_python() for c in row]
    assert not any(BIDI_MARK.search(c) for c in cells) and any("\ufffdBổ nhiệm" in c for c in cells)


def test_brackets_in_values_and_arguments_are_text_not_styles(base_records: Path) -> None:
    """Rich's markup is off: "[/oops]" in an argument was a crash (MarkupError), and "[bold]"
    in a record vanished into a style."""
    result = runner.invoke(app, ["--records", str(base_records), "due", "[/oops]"])
    assert result.exit_code == 2 and "There is no ticket [/oops]" in result.output
    path = base_records / "procedures/QT.NC.01.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "name: Bổ nhiệm giám định viên tư pháp", "name: '[Khẩn] [bold]Bổ nhiệm[/bold] giám định viên tư pháp'"
        ),
        encoding="utf-8",
    )
    found = runner.invoke(app, ["--records", str(base_records), "find", "giám định"])
    assert found.exit_code == 0 and "[Khẩn] [bold]Bổ nhiệm[/bold] giám định" in found.output
    shown = runner.invoke(app, ["--records", str(base_records), "stats", "--period", "2025-03"])
    assert shown.exit_code == 0 and "[Khẩn] [bold]Bổ nhiệm[/bold]" in shown.output


def test_a_control_character_in_a_late_dossier_does_not_break_the_workbook(base_records: Path, tmp_path: Path) -> None:
    """BM.ST.VP.04 lists late dossiers with their subject: one written with an escape was an
    IllegalCharacterError from openpyxl; it is now a U+FFFD in the cell."""
    from openpyxl import load_workbook

    path = base_records / "tickets/2025/2025-03.yaml"
    path.write_text(
        path.read_text(encoding="utf-8")
        .replace("subject: Đề nghị bổ nhiệm giám định viên tư pháp", 'subject: "Đề nghị\\x0b bổ nhiệm"')
        .replace("completed: 2025-03-07 16:00", "completed: 2025-04-30 16:00"),
        encoding="utf-8",
    )
    target = tmp_path / "vp04.xlsx"
    result = runner.invoke(
        app,
        [
            "--records",
            str(base_records),
            "render",
            "BM.ST.VP.04",
            "-p",
            "2025",
            "--as-of",
            "2025-12-31",
            "-o",
            str(target),
        ],
    )
    assert result.exit_code == 0, result.output
    cells = [
        c.value for row in load_workbook(target).worksheets[1].iter_rows() for c in row if isinstance(c.value, str)
    ]
    assert "Đề nghị\ufffd bổ nhiệm" in cells


@pytest.mark.parametrize(
    "command",
    [
        [
            "procedure",
            "add",
            "../../../escaped",
            "--name",
            "X",
            "--group",
            "noi-bo",
            "--unit",
            "NC",
            "--working-days",
            "5",
        ],
        ["doc", "new", ".hidden", "--title", "T", "--type", "procedure", "--drafted-by", "A", "--drafted-title", "B"],
        ["doc", "new", "CON", "--title", "T", "--type", "procedure", "--drafted-by", "A", "--drafted-title", "B"],
        ["unit", "add", "../escaped", "--name", "X"],
    ],
    ids=["procedure-out-of-the-folder", "hidden-document", "device-name", "unit-with-a-path"],
)
def test_a_code_that_cannot_name_a_file_is_refused_and_nothing_is_written(
    command: list[str], base_records: Path
) -> None:
    """`procedure add ../../../escaped` once wrote escaped.yaml outside the records folder, and
    a document `.hidden` was written where the reading never looks."""
    before = {p: p.read_bytes() for p in base_records.parent.rglob("*") if p.is_file()}
    result = runner.invoke(app, ["--records", str(base_records), *command])
    assert result.exit_code == 1 and "cannot name a file" in result.output, result.output
    assert {p: p.read_bytes() for p in base_records.parent.rglob("*") if p.is_file()} == before


def test_no_change_is_written_outside_the_folder_whatever_a_record_holds(base_records: Path) -> None:
    """A unit code written by hand as a path: the objectives file it would name is refused
    (E812) by the one place every change passes, and nothing is written."""
    units = base_records / "units.yaml"
    units.write_text(units.read_text(encoding="utf-8") + "- {code: ../../escaped, name: X}\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in base_records.parent.rglob("*") if p.is_file()}
    result = runner.invoke(
        app,
        ["--records", str(base_records), "objective", "add", "--year", "2025", "--owner", "../../escaped",
         "--text", "Mục tiêu", "--target", "≥ 95%"],
    )  # fmt: skip
    assert result.exit_code == 2 and "E812" not in result.output and "not a path inside" in result.output
    assert {p: p.read_bytes() for p in base_records.parent.rglob("*") if p.is_file()} == before


def test_a_body_file_that_never_ends_is_cut_not_read_forever(base_records: Path) -> None:
    """`--body-file /dev/zero` read until memory ran out; it is cut at the size limit (Y112)."""
    result = runner.invoke(
        app,
        ["--records", str(base_records), "doc", "new", "QT.MOI", "--title", "T", "--type", "procedure",
         "--drafted-by", "A", "--drafted-title", "B", "--body-file", "/dev/zero"],
    )  # fmt: skip
    assert result.exit_code == 2 and "larger than" in result.output, result.output
    assert not (base_records / "documents/QT.MOI.md").exists()


def test_a_ticket_id_never_names_a_hidden_file() -> None:
    """A ticket of its own file is named by its id, made safe: `.123` or `../x` would be a file
    the reading never sees (or one outside its folder)."""
    from datetime import datetime

    from qmsctl.records.layout import TicketLayout

    layout = TicketLayout(False, "tickets/2026/03", "2026", "03")
    received = datetime(2026, 4, 2, 9, 0)
    assert layout.file_for(".123", received) == "tickets/2026/04/_123.yaml"
    assert layout.file_for("../x", received) == "tickets/2026/04/_._x.yaml"
    assert layout.file_for("H13-260402-0001", received) == "tickets/2026/04/H13-260402-0001.yaml"


def test_output_that_cannot_be_written_is_said_not_a_crash(tmp_path: Path) -> None:
    """stdout on a full disk (/dev/full) was a traceback: it is a message and exit 2. A reader
    gone away (`| head`) ends the command quietly, with 141 (128 + SIGPIPE) as Unix tools do."""
    import subprocess
    import sys

    from tests.conftest import DEMO

    command = [sys.executable, "-m", "qmsctl", "--records", str(DEMO), "stats", "--period", "2026", "--format", "csv"]
    env = {**os.environ, "QMSCTL_LANG": "en", "XDG_CACHE_HOME": str(tmp_path)}
    with open("/dev/full", "wb") as full:
        result = subprocess.run(command, stdout=full, stderr=subprocess.PIPE, env=env, check=False)
    assert result.returncode == 2 and b"The output cannot be written: No space left on device" in result.stderr
    gone = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert gone.stdout is not None and gone.stderr is not None
    gone.stdout.close()  # the reader goes away before the first line
    errors = gone.stderr.read()
    assert gone.wait() == 141 and b"Traceback" not in errors and b"unexpectedly" not in errors, errors


def test_agenda_writes_the_file_o_names_as_every_command_does(base_records: Path, tmp_path: Path) -> None:
    """`agenda -o` wrote straight through a link or into a folder, and the text table ignored
    -o: it now writes as `render -o` does (U031 for a folder, a device or a link)."""
    base = ["--records", str(base_records), "agenda", "--as-of", "2025-12-10"]
    text = tmp_path / "agenda.txt"
    result = runner.invoke(app, [*base, "-o", str(text)])
    assert result.exit_code == 0 and "Agenda as of" in text.read_text(encoding="utf-8")
    link = tmp_path / "link.ics"
    link.symlink_to(tmp_path / "elsewhere.ics")
    for target in (tmp_path, link):
        refused = runner.invoke(app, [*base, "--format", "ics", "-o", str(target)])
        assert refused.exit_code == 2 and "U031" not in refused.output and "not a file" in refused.output
    assert not (tmp_path / "elsewhere.ics").exists()


def test_a_closed_output_ends_quietly_with_the_commands_own_code(base_records: Path) -> None:
    import subprocess
    import sys

    command = f"{sys.executable} -m qmsctl --records {base_records} check >&-"
    done = subprocess.run(["sh", "-c", command], capture_output=True, text=True, check=False)
    assert done.returncode == 0 and "Traceback" not in done.stderr


def test_a_number_too_long_to_print_where_text_is_expected_is_a_finding(base_records: Path) -> None:
    path = base_records / "tickets/2025/2025-03.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "- id: A\n  procedure: QT.NC.01\n  received: 2025-03-10 09:00\n"
        "  subject: 0x" + "F" * 4000 + "\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["--records", str(base_records), "check"])
    assert result.exit_code == 1 and "S203" in result.output and "digits" in result.output


def test_an_agency_name_on_two_lines_gives_a_calendar_file(base_records: Path, tmp_path: Path) -> None:
    from icalendar import Calendar

    profile = base_records / "qms.yaml"
    text = profile.read_text(encoding="utf-8")
    profile.write_text(
        text.replace(
            "  name: Văn phòng Ủy ban nhân dân thành phố Cần Thơ", "  name: |-\n    Văn phòng; UBND\n    Cần Thơ, A"
        ),
        encoding="utf-8",
    )
    target = tmp_path / "a.ics"
    args = ["--records", str(base_records), "agenda", "--format", "ics", "-o", str(target), "--as-of", "2025-03-20"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    calendar = Calendar.from_ical(target.read_bytes())  # a calendar file a calendar app reads
    assert "x-wr-calname" in calendar
    assert "Văn phòng\\; UBND Cần Thơ\\, A" in target.read_bytes().decode("utf-8")


def test_the_agenda_days_and_the_find_query_are_bounded(base_records: Path) -> None:
    records = ["--records", str(base_records)]
    assert runner.invoke(app, [*records, "agenda", "--days", "999999999999"]).exit_code == 2
    many = " ".join(f"w{n}" for n in range(20_000))
    result = runner.invoke(app, [*records, "find", many])
    assert result.exit_code == 2 and "U056" not in result.output and "32" in result.output
