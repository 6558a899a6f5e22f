"""A new agency's records folder (`qmsctl init`): the profile, the units, this year's calendar,
the empty folders, the JSON schemas, git's files; checked before anything is written.

The answers come from the person at the terminal, from options, or from a YAML file
(`--from answers.yaml`); they are validated with the records' own models, so a wrong answer is
named by its field. Nothing is written into a folder that already holds records.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from datetime import date
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from qmsctl.findings import UserError
from qmsctl.i18n import _
from qmsctl.records import models
from qmsctl.records.roundtrip import block, flow, new_text, sequence

# The policy every agency starts from (Sổ tay chất lượng, mục 4.1), for the head to adapt
# with `qmsctl policy set`: BM.ST.VP.01 can be printed on the first day.
DEFAULT_COMMITMENTS = [
    "Giải quyết thủ tục hành chính và công việc nội bộ đúng pháp luật, đúng hạn định, công khai và minh bạch.",
    "Lắng nghe, cầu thị, tiếp thu ý kiến của cá nhân, tổ chức để không ngừng nâng cao chất lượng phục vụ.",
    "Duy trì và cải tiến thường xuyên hiệu lực của Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015.",
    "Mọi cán bộ, công chức thuộc, hiểu và thực hiện Chính sách chất lượng.",
]
DEFAULT_MOTTO = "ĐÚNG PHÁP LUẬT, ĐÚNG HẠN ĐỊNH VÀ CẦU THỊ"
EMPTY_FOLDERS = ("procedures", "documents", "objectives", "tickets", "actions")
GITIGNORE = """\
# Tệp tạm: do một lần ghi bị ngắt, hoặc do LibreOffice, Office để lại khi đang mở tệp
.*.tmp
.~lock.*#
~$*
# Biểu mẫu lập từ hồ sơ: lập lại lúc nào cũng được
/out/
"""


def pre_commit_config() -> str:
    """The records folder's `.pre-commit-config.yaml`: one hook, `qmsctl check --since HEAD`
    (the whole check and the rules that need history: a second hook for the plain check ran it
    twice and printed each error twice), in an environment pre-commit makes with this version of
    qmsctl installed (no qmsctl needed on the PATH of whoever commits)."""
    import qmsctl

    return f"""\
# Hồ sơ được kiểm tra trước mỗi lần commit (https://pre-commit.com: pip install pre-commit,
# rồi `pre-commit install`). pre-commit tự cài qmsctl {qmsctl.__version__} để chạy hook này.
repos:
  - repo: local
    hooks:
      - id: qmsctl-check-history
        name: qmsctl check --since HEAD (hồ sơ, cùng các quy tắc cần lịch sử sửa đổi)
        entry: qmsctl check --since HEAD
        language: python
        additional_dependencies: ["qmsctl=={qmsctl.__version__}"]
        pass_filenames: false
        files: {HOOK_FILES}
"""


# The record files, at the repository's top (the folder init makes) or in records/ (as the
# shipped .pre-commit-hooks.yaml says too).
HOOK_FILES = (
    r"(^|/)(qms\.yaml|units\.yaml|"
    r"(calendar|procedures|tickets|actions|documents|objectives|reviews|audits|risks|surveys|analyses|imports)/)"
)


class Answers(BaseModel):
    """What `init` asks. Units and hours have no sensible default for every agency but hours."""

    model_config = ConfigDict(extra="forbid")

    agency: models.Agency
    head: models.Person
    iso_secretary: models.Person
    units: Annotated[list[models.Unit], Field(min_length=1)]
    hours: list[str] = ["07:00-11:30", "13:30-17:00"]
    cutoff: str | None = None
    year: int | None = None


def nfc(value: Any) -> Any:
    """Every text of a nested value in NFC (what a person types may be decomposed)."""
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {nfc(k): nfc(v) for k, v in value.items()}
    if isinstance(value, list):
        return [nfc(v) for v in value]
    return value


def holds_records(root: Path) -> bool:
    """A folder with a profile, or any record folder or file in it."""
    from qmsctl.records.kinds import KINDS

    return any((root / kind.place).exists() for kind in KINDS)


# What a folder `init` writes into may already hold: git's own files, nothing of the user's.
GIT_FILES = (".git", ".gitignore", ".gitattributes")


def others_files(root: Path) -> list[str]:
    """The names of what the folder holds besides git's own files (init would commit them)."""
    try:
        return sorted(p.name for p in root.iterdir() if p.name not in GIT_FILES)
    except OSError:
        return []


def repository_top(root: Path) -> Path | None:
    """The top of the git repository the folder (or its nearest existing parent) is in, if any."""
    if shutil.which("git") is None:
        return None
    place = root
    while not place.exists() and place != place.parent:
        place = place.parent
    found = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"], cwd=place, capture_output=True, text=True, check=False
    )
    return Path(found.stdout.strip()).resolve() if found.returncode == 0 and found.stdout.strip() else None


def calendar_text(year: int) -> str:
    """A year's calendar file: the statutory days off listed (as comments: they are counted
    whatever the file says) for the secretary to confirm, and empty lists for the year's swaps."""
    from qmsctl.calendar import announced_swaps, statutory_holidays

    days = statutory_holidays(year, year)
    swaps = announced_swaps(year)
    # Each swap in pairs, as the announcement states it: the day off names the day worked for it.
    off = [(o, w, note) for o, w, note in swaps if o not in days]
    lines = [
        "# yaml-language-server: $schema=../.schemas/calendar.schema.json",
        f"year: {year}",
        f"source: Thông báo của Bộ Nội vụ về lịch nghỉ lễ, Tết năm {year} (ghi số, ngày khi có)",
        f"# Ngày nghỉ lễ, Tết theo Bộ luật Lao động năm {year}, qmsctl tính sẵn (đối chiếu với thông báo):",
        *(f"#   {day:%d/%m/%Y} ({_WEEKDAYS[day.weekday()]}): {name}" for day, name in sorted(days.items())),
        "# Ngày nghỉ bù (days_off) và ngày làm bù (work_days) đi theo cặp; đối chiếu với thông báo:",
        "days_off:" + ("" if off else " []"),
        *(f"  - {o.isoformat()}        # {note}, làm bù {_WEEKDAYS[w.weekday()]} {w:%d/%m/%Y}" for o, w, note in off),
        "work_days:" + ("" if swaps else " []"),
        *(
            f"  - {w.isoformat()}        # {_WEEKDAYS[w.weekday()]} làm bù cho {_WEEKDAYS[o.weekday()]} {o:%d/%m/%Y}"
            for o, w, _note in swaps
        ),
        "",
    ]
    return "\n".join(lines)


_WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def folder_texts(answers: Answers, today: date) -> dict[str, str]:
    """The record files of the new folder, by path."""
    data = answers.model_dump(mode="json", exclude_none=True)
    year = answers.year or today.year
    profile = block(
        {
            "agency": block(data["agency"]),
            "head": flow(data["head"]),
            "iso_secretary": flow(data["iso_secretary"]),
            "standard": "TCVN ISO 9001:2015",
            "motto": DEFAULT_MOTTO,
            "policy": block({"commitments": sequence(list(DEFAULT_COMMITMENTS)), "signer": flow(data["head"])}),
            "exclusions": sequence([]),
            "calendar": block(
                {
                    "workweek": _flow_list(["mon", "tue", "wed", "thu", "fri"]),
                    "hours": _flow_list(answers.hours),
                    "cutoff": answers.cutoff,
                    "deadline": "end-of-day",
                }
            ),
        }
    )
    units = sequence([flow(unit) for unit in data["units"]])
    return {
        "qms.yaml": new_text(profile, "# yaml-language-server: $schema=.schemas/profile.schema.json\n"),
        "units.yaml": new_text(units, "# yaml-language-server: $schema=.schemas/unit.schema.json\n"),
        f"calendar/{year}.yaml": calendar_text(year),
    }


def _flow_list(items: list[str]) -> Any:
    result = sequence(items)
    result.fa.set_flow_style()
    return result


def create_folder(root: Path, answers: Answers, today: date, git: bool = True) -> list[str]:
    """Write the new folder at `root` (made if missing) and return what was written. Refused,
    with nothing written, when the folder holds records or its records would not pass `check`."""
    from qmsctl.check import check_folder
    from qmsctl.findings import Severity
    from qmsctl.records.schema import write_schemas
    from qmsctl.store import write_text_atomically

    if root.exists() and not root.is_dir():
        raise UserError("U040", _("{path} is not a folder").format(path=root))
    if root.exists() and holds_records(root):
        raise UserError(
            "U040",
            _("{path} already holds records: init writes only into a new or empty folder").format(path=root),
            hint=_("Change the records with the other commands (unit add, procedure add, policy set ...)."),
        )
    if root.exists() and (found := others_files(root)):
        raise UserError(
            "U040",
            _("{path} is not empty ({names}): init writes only into a new or empty folder").format(
                path=root, names=", ".join(found[:5]) + (" …" if len(found) > 5 else "")
            ),
            hint=_("Give a new folder's name (it is made), or move those files elsewhere first."),
        )
    top = repository_top(root) if git else None
    nested = top is not None and top != root.resolve()
    texts = folder_texts(answers, today)
    fresh = not root.exists()
    root.mkdir(parents=True, exist_ok=True)
    errors = [
        f
        for f in check_folder(root, workers=1, overlay=dict(texts), today=today).findings
        if f.severity is Severity.ERROR
    ]
    if errors:
        if fresh:
            shutil.rmtree(root)
        first = errors[0]
        raise UserError(
            "U041",
            _("The answers do not make valid records: {file}: {message}").format(
                file=first.file, message=first.message
            ),
            hint=first.hint,
        )
    written = []
    for file, text in texts.items():
        write_text_atomically(root / file, text)
        written.append(file)
    for folder in EMPTY_FOLDERS:
        (root / folder).mkdir(exist_ok=True)
        (root / folder / ".gitkeep").touch()
    written += [p.relative_to(root).as_posix() for p in write_schemas(root / ".schemas")]
    for name, text in ((".gitignore", GITIGNORE), (".pre-commit-config.yaml", pre_commit_config())):
        if nested and name == ".pre-commit-config.yaml":
            continue  # pre-commit reads it only at the repository's top: told, not written here
        if not (root / name).exists():
            write_text_atomically(root / name, text)
            written.append(name)
    if git:
        _first_commit(root, answers)
    return written


def _first_commit(root: Path, answers: Answers) -> None:
    """`git init` and a first commit, when git is installed and the folder is in no repository."""
    if shutil.which("git") is None:
        return
    inside = subprocess.run(
        ["git", "rev-parse", "--is-inside-work-tree"], cwd=root, capture_output=True, text=True, check=False
    )
    if inside.returncode != 0:
        subprocess.run(["git", "init", "-q"], cwd=root, check=True)
    # Only what init wrote, in its folder: nothing the user had staged elsewhere in a repository.
    subprocess.run(["git", "add", "-A", "--", "."], cwd=root, check=True)
    known = subprocess.run(["git", "config", "user.email"], cwd=root, capture_output=True, check=False)
    who = (
        []
        if known.stdout.strip()
        else ["-c", f"user.name={answers.iso_secretary.name}", "-c", "user.email=iso@localhost"]
    )
    message = f"Khởi tạo hồ sơ hệ thống quản lý chất lượng: {answers.agency.name}"
    subprocess.run(["git", *who, "commit", "-q", "-m", message, "--", "."], cwd=root, check=False, capture_output=True)


def answers_from_file(path: Path) -> tuple[dict[str, Any], str]:
    """The answers written in a YAML file, and its text (read once: it may be a pipe); a file
    that cannot be read is a usage error."""
    from qmsctl.records.text import TextProblem, decode, parse_yaml, read_named_file

    try:
        text = decode(read_named_file(path))
        data, _duplicates = parse_yaml(text)
    except OSError as error:
        raise UserError("U042", _("{path} cannot be read: {reason}").format(path=path, reason=error.strerror)) from None
    except TextProblem as problem:
        raise UserError("U042", f"{path}:{problem.line}: {problem.message}", hint=problem.hint) from None
    if not isinstance(data, dict):
        raise UserError("U042", _("{path}: the answers are a mapping (key: value lines)").format(path=path))
    return data, text


def validated_answers(
    data: dict[str, Any], source: str, text: str | None = None, options: dict[str, str] | None = None
) -> Answers:
    """`data` as Answers, in NFC; the first wrong answer is a usage error naming its field
    (and its line in `source` when `text`, the file's, is given; the command line's option
    that sets the field when `options`, field -> option, names one)."""
    import yaml
    from pydantic import ValidationError

    from qmsctl.records.positions import position
    from qmsctl.records.text import RecordLoader
    from qmsctl.records.validation import findings_from_validation

    try:
        return Answers.model_validate(nfc(data))
    except ValidationError as error:
        finding = findings_from_validation(error, Answers, source, ())[0]
        line = ""
        if text is not None:
            try:
                line = f":{position(yaml.compose(text, Loader=RecordLoader), finding.loc)[0]}"
            except yaml.YAMLError:
                pass
        field = ".".join(str(part) for part in finding.loc)
        hint = finding.hint
        if finding.code == "S202" and options and field in options:  # missing: say where it is given
            hint = _("Set it with {option}, or in a YAML file of answers given to --from.").format(
                option=options[field]
            )
        raise UserError("U041", f"{source}{line}: {field}: {finding.message}", hint=hint) from None
