"""Git-native review: history rules, semantic diffs, document history, and the shipped CI and
pre-commit configurations, on real repositories with several commits."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from qmsctl.cli.main import app
from tests.conftest import DATA, REPO, git

runner = CliRunner()


def commit(root: Path, message: str) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An agency's repository: the records in records/, one commit on main, origin/main set."""
    root = tmp_path / "agency"
    shutil.copytree(DATA / "base", root / "records")
    git(root, "init", "-q", "-b", "main")
    commit(root, "Hồ sơ ban đầu")
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    return root


def qmsctl(records: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--records", str(records), *args])
    return result.exit_code, result.output


def codes(output: str) -> set[str]:
    return {word for word in output.split() if len(word) == 4 and word[0] == "H" and word[1:].isdigit()}


# Each broken rule: (what the change does, the code that must fire).
DOC = "records/documents/QT.CTCL.md"
ACTION = "records/actions/CAR-2025-001.yaml"
TICKETS = "records/tickets/2025/2025-03.yaml"
BROKEN = {
    "document revised without a new revision": (DOC, "Quy trình cải tiến.", "Quy trình cải tiến liên tục.", "H901"),
    "issue date moved back": (DOC, "issued: 2025-11-01", "issued: 2025-10-01", "H902"),
    "closed action edited": (ACTION, "Không còn hồ sơ trễ hạn.", "Không còn hồ sơ trễ.", "H903"),
    "finished ticket's time corrected without a note": (
        TICKETS,
        "completed: 2025-03-07 16:00",
        "completed: 2025-03-06 16:00",
        "H904",
    ),
    "a dossier's receipt moved with a correction that says nothing": (
        TICKETS,
        "received: 2025-03-03 09:15",
        'received: 2025-03-03 09:00\n  correction: "."',
        "H904",
    ),
}
CLEAN = {
    "ticket corrected with a note": (
        TICKETS,
        "completed: 2025-03-07 16:00",
        "completed: 2025-03-06 16:00\n  correction: Nhập nhầm ngày trả kết quả (phiếu BM.ST.VP.05)",
    ),
    "finished ticket's subject changed": (
        TICKETS,
        "subject: Đề nghị bổ nhiệm giám định viên tư pháp",
        "subject: Đề nghị bổ nhiệm GĐV tư pháp",
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_each_history_rule_fires(project: Path, case: str) -> None:
    file, old, new, code = BROKEN[case]
    edit(project / file, old, new)
    commit(project, case)
    result, output = qmsctl(project / "records", "check", "--since", "HEAD~1")
    assert result == 1
    assert codes(output) == {code}


@pytest.mark.parametrize("case", list(CLEAN))
def test_history_rules_stay_quiet_on_allowed_changes(project: Path, case: str) -> None:
    file, old, new = CLEAN[case]
    edit(project / file, old, new)
    result, output = qmsctl(project / "records", "check", "--since", "HEAD")
    assert result == 0, output


def test_revision_through_commands_passes_the_history_rules(project: Path) -> None:
    records = project / "records"
    body = project / "body.md"
    body.write_text("## I. MỤC ĐÍCH\n\nQuy trình cải tiến.\n\n### 5.5 Theo dõi\n\nBáo cáo hằng tháng.\n", "utf-8")
    assert qmsctl(records, "doc", "revise", "QT.CTCL", "--change", "Bổ sung 5.5", "--body-file", str(body))[0] == 0
    assert qmsctl(records, "check", "--since", "HEAD")[0] == 0
    commit(project, "QT.CTCL lần 2, dự thảo")
    edit(records / "documents/QT.CTCL.md", "Báo cáo hằng tháng.", "Báo cáo hằng tháng cho Ban ISO.")
    assert qmsctl(records, "check", "--since", "HEAD")[0] == 0  # a draft is worked on freely
    assert qmsctl(records, "doc", "approve", "QT.CTCL", "--by", "Trần Văn Bình", "--date", "2026-01-10")[0] == 0
    result, output = qmsctl(records, "check", "--since", "origin/main")
    assert result == 0, output


def test_closed_action_deleted_is_refused(project: Path) -> None:
    (project / ACTION).unlink()
    result, output = qmsctl(project / "records", "check", "--since", "HEAD")
    assert result == 1 and "H903" in output


def test_folder_outside_git_checks_with_a_note(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(DATA / "base", records)
    result = runner.invoke(app, ["--records", str(records), "check", "--since", "HEAD", "--changed"])
    assert result.exit_code == 0
    assert "not in a git repository" in result.output


def test_unknown_revision_is_a_usage_error(project: Path) -> None:
    result, output = qmsctl(project / "records", "check", "--since", "khong-co")
    assert result == 2 and "not a revision" in output


OPEN_ACTION = ["action", "open", "--unit", "NC", "--source", "other", "--description", "Thử", "--by", "A",
               "--date", "2025-07-01"]  # fmt: skip
EXPECTED_MARKDOWN = """\
### Records changed: origin/main → HEAD

**5 records changed**

**Documents**

- `QT.CTCL`: revision 1 → 2, status effective → draft, history: “Bổ sung báo cáo”, body changed in I. MỤC ĐÍCH

**Objectives**

- `objective 1 of 2025`: target >= 97% → >= 98%

**Corrective actions**

- `CAR-2025-002`: opened (open)

**Tickets**

- `000.00.19.H13-250303-0001`: completed 07/03/2025 16:00 → 06/03/2025 16:00, correction — → Nhập nhầm ngày
- `tickets 2025-03`: 1 added

**Effect on the figures**

- 2025-03: on-time rate 100.00% → 100.00% (received 2 → 3, overdue 0 → 1)
- 2025-Q1: on-time rate 100.00% → 100.00% (received 2 → 3, overdue 0 → 1)
- 2025: on-time rate 100.00% → 100.00% (received 2 → 3, overdue 0 → 1)
- dossier 000.00.19.H13-250320-0001 (2025-03): not counted → overdue, due — → 27/03/2025
"""


def test_markdown_diff_of_a_known_change(project: Path) -> None:
    records = project / "records"
    assert qmsctl(records, "doc", "revise", "QT.CTCL", "--change", "Bổ sung báo cáo", "--date", "2026-01-05")[0] == 0
    edit(records / "documents/QT.CTCL.md", "Quy trình cải tiến.", "Quy trình cải tiến, báo cáo hằng tháng.")
    edit(records / "objectives/2025.yaml", '">= 97%"', '">= 98%"')
    assert qmsctl(records, *OPEN_ACTION)[0] == 0
    assert qmsctl(records, "ticket", "add", "--id", "000.00.19.H13-250320-0001", "--procedure", "QT.NC.01",
                  "--received", "2025-03-20 09:00")[0] == 0  # fmt: skip
    edit(project / TICKETS, "completed: 2025-03-07 16:00", "completed: 2025-03-06 16:00\n  correction: Nhập nhầm ngày")
    commit(project, "Thay đổi tháng 3")
    result, output = qmsctl(records, "diff", "origin/main..HEAD", "--format", "markdown")
    assert result == 0
    assert output == EXPECTED_MARKDOWN
    result, output = qmsctl(records, "diff", "origin/main..HEAD", "--format", "json")
    tickets = [c for c in yaml.safe_load(output)["changes"] if c["kind"] == "ticket"]
    assert sorted(i for c in tickets for i in c["ids"]) == ["000.00.19.H13-250303-0001", "000.00.19.H13-250320-0001"]
    assert qmsctl(records, "diff")[1].strip() == "No change to the records."


def test_action_state_change_in_text_diff(project: Path) -> None:
    records = project / "records"
    assert qmsctl(records, *OPEN_ACTION)[0] == 0
    commit(project, "mở phiếu")
    assert qmsctl(records, "action", "accept", "CAR-2025-002", "--by", "B", "--date", "2025-07-02")[0] == 0
    assert qmsctl(records, "diff")[1].strip() == "1 record changed\nCAR-2025-002: open → accepted"


def test_history_of_a_document_and_its_revision_table(project: Path) -> None:
    records = project / "records"
    assert qmsctl(records, "doc", "revise", "QT.CTCL", "--change", "Bổ sung 5.5", "--date", "2026-01-05")[0] == 0
    commit(project, "QT.CTCL lần 2, dự thảo")
    assert qmsctl(records, "doc", "approve", "QT.CTCL", "--by", "Trần Văn Bình", "--date", "2026-01-10")[0] == 0
    commit(project, "Phê duyệt QT.CTCL lần 2")
    result, output = qmsctl(records, "history", "QT.CTCL", "--format", "json")
    assert result == 0
    data = yaml.safe_load(output)
    assert [c["revision"] for c in data["commits"]] == [1, 2, 2]
    assert [c["status"] for c in data["commits"]] == ["effective", "draft", "effective"]
    assert data["revisions"] == [
        {"revision": "01", "date": "2025-11-01", "change": "Ban hành lần đầu", "author": "Lê Thị Thu Hà"},
        {"revision": "02", "date": "2026-01-10", "change": "Bổ sung 5.5", "author": "Lê Thị Thu Hà"},
    ]
    target = project / "qt.docx"
    assert qmsctl(records, "render", "QT.CTCL", "--git-history", "-o", str(target))[0] == 0
    import docx

    rows = [[c.text for c in r.cells] for t in docx.Document(str(target)).tables for r in t.rows]
    assert ["02", "10/01/2026", "Bổ sung 5.5"] in rows


def test_changed_checks_the_changed_files_and_what_refers_to_them(project: Path) -> None:
    records = project / "records"
    # A second month file that nothing changes: --changed leaves it unread.
    (records / "tickets/2025/2025-04.yaml").write_text(
        "- id: VBD-2025-00100\n  kind: letter\n  procedure: QT.HCTC.01\n  received: 2025-04-01 08:00\n", "utf-8"
    )
    commit(project, "tháng 4")
    edit(records / "procedures/QT.HCTC.01.yaml", "code: QT.HCTC.01", "code: QT.HCTC.09")
    result, output = qmsctl(records, "check", "--changed")
    assert result == 1
    assert "2025-04.yaml" in output and "R302" in output  # the month that names the renamed procedure is read
    git(project, "checkout", "--", ".")
    edit(records / "tickets/2025/2025-03.yaml", "received: 2025-03-05 08:00", "received: 2025-03-05 08:30")
    from qmsctl.check import changed_scope

    scope, _note = changed_scope(records, "HEAD")
    assert scope is not None
    assert "tickets/2025/2025-03.yaml" in scope and "tickets/2025/2025-04.yaml" not in scope
    edit(records / "qms.yaml", "deadline: end-of-day", "deadline: same-time")
    assert changed_scope(records, "HEAD")[0] is None  # every due depends on the profile: the whole folder


def _run_ci_steps(commands: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    bin_dir = str(Path(sys.executable).parent)
    script = "set -e\n" + "\n".join(commands)
    return subprocess.run(
        ["bash", "-c", script],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **env, "PATH": bin_dir + os.pathsep + os.environ["PATH"]},
    )


ZEROS = "0" * 40


def github_steps() -> list[str]:
    """The workflow's steps that run commands, without the installation."""
    workflow = yaml.safe_load((REPO / "docs/ci/github-actions.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["check"]["steps"]
    return [s["run"] for s in steps if "run" in s and not s["run"].startswith("pip ") and "diff" not in s["run"]]


def run_github(project: Path, event: str) -> subprocess.CompletedProcess[str]:
    """The workflow's commands as GitHub runs them on `event`: `pull_request`, `push` (the
    commit before the push is HEAD~1) or `new-branch` (a push whose "before" is all zeros)."""
    env = {
        "EVENT": "push" if event == "new-branch" else event,
        "BASE_REF": "main" if event == "pull_request" else "",
        "BEFORE": {"push": git(project, "rev-parse", "HEAD~1").strip(), "new-branch": ZEROS}.get(event, ""),
        "DEFAULT_BRANCH": "main",
        "GITHUB_ENV": str(project.parent / "github.env"),
    }
    first, *rest = github_steps()
    done = _run_ci_steps([first], project, env)
    assert done.returncode == 0, done.stderr
    values = dict(line.split("=", 1) for line in Path(env["GITHUB_ENV"]).read_text().splitlines())
    return _run_ci_steps(rest, project, {**env, **values})


def gitlab_script() -> list[str]:
    job = yaml.safe_load((REPO / "docs/ci/gitlab-ci.yml").read_text(encoding="utf-8"))["records"]
    return [line for line in job["script"] if not line.startswith(("pip ", "git fetch"))]


def run_gitlab(project: Path, event: str) -> subprocess.CompletedProcess[str]:
    """The job's script as GitLab runs it on a merge request, a push or a new branch's push."""
    env = {"CI_DEFAULT_BRANCH": "main", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "", "CI_COMMIT_BEFORE_SHA": ""}
    if event == "pull_request":
        env["CI_MERGE_REQUEST_TARGET_BRANCH_NAME"] = "main"
    else:
        env["CI_COMMIT_BEFORE_SHA"] = git(project, "rev-parse", "HEAD~1").strip() if event == "push" else ZEROS
    return _run_ci_steps(gitlab_script(), project, env)


EVENTS = ["pull_request", "push", "new-branch"]


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize("case", list(BROKEN))
def test_shipped_github_workflow_blocks_each_broken_rule(project: Path, case: str, event: str) -> None:
    file, old, new, code = BROKEN[case]
    git(project, "checkout", "-q", "-b", "change")
    edit(project / file, old, new)
    commit(project, case)
    done = run_github(project, event)
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"title={code}::" in done.stdout and f"::error file=records/{file.split('/', 1)[1]},line=" in done.stdout


@pytest.mark.parametrize("event", EVENTS)
@pytest.mark.parametrize("case", list(BROKEN))
def test_shipped_gitlab_job_blocks_each_broken_rule(project: Path, case: str, event: str) -> None:
    file, old, new, code = BROKEN[case]
    git(project, "checkout", "-q", "-b", "change")
    edit(project / file, old, new)
    commit(project, case)
    done = run_gitlab(project, event)
    assert done.returncode == 1, done.stdout + done.stderr
    report = yaml.safe_load((project / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert [issue["check_name"] for issue in report] == [code]
    assert report[0]["location"]["path"].startswith("records/")


def test_a_push_is_compared_with_the_commit_before_it(project: Path) -> None:
    """A bad commit already on main, then a clean one pushed: the push checks only its own change."""
    file, old, new, _code = BROKEN["issue date moved back"]
    edit(project / file, old, new)
    commit(project, "bad, pushed before")
    edit(project / TICKETS, *CLEAN["ticket corrected with a note"][1:])
    commit(project, "đính chính")
    assert run_github(project, "push").returncode == 0
    assert run_gitlab(project, "push").returncode == 0


@pytest.mark.parametrize("event", EVENTS)
def test_shipped_ci_passes_a_clean_change(project: Path, event: str) -> None:
    git(project, "checkout", "-q", "-b", "change")
    edit(project / TICKETS, *CLEAN["ticket corrected with a note"][1:])
    commit(project, "đính chính")
    assert run_github(project, event).returncode == 0
    done = run_gitlab(project, event)
    assert done.returncode == 0, done.stderr
    assert "000.00.19.H13-250303-0001" in done.stdout


def test_pre_commit_hooks_run_their_entries(project: Path) -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert {h["id"] for h in hooks} == {"qmsctl-check", "qmsctl-check-history"}
    edit(project / DOC, "issued: 2025-11-01", "issued: 2025-10-01")
    git(project, "add", "-A")  # what pre-commit checks: the staged tree
    results = {h["id"]: _run_ci_steps([h["entry"]], project, {}) for h in hooks}
    assert results["qmsctl-check"].returncode == 0
    assert results["qmsctl-check-history"].returncode == 1 and "H902" in results["qmsctl-check-history"].stdout


def test_history_hook_lets_the_first_commit_through(tmp_path: Path) -> None:
    records = tmp_path / "records"
    shutil.copytree(DATA / "base", records)
    git(records, "init", "-q")
    result, output = qmsctl(records, "check", "--since", "HEAD")
    assert result == 0 and "no commit yet" in output


def _demo_in_git(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The demo's records in records/ of a repository with one commit, as of 23/11/2026."""
    monkeypatch.setenv("QMSCTL_TODAY", "2026-11-23")
    root = tmp_path / "agency"
    shutil.copytree(REPO / "records", root / "records")
    git(root, "init", "-q", "-b", "main")
    commit(root, "Hồ sơ")
    return root, root / "records"


def test_a_dishonest_change_is_shown_with_its_effect_and_fails_the_history_rules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A late dossier's receipt moved three days later with an empty correction: the diff names
    the dossier, its old and new receipt, its verdict late → on time and the month's rate before
    and after; `check --since` fails on the note and on the flip without evidence."""
    root, records = _demo_in_git(tmp_path, monkeypatch)
    before = qmsctl(records, "stats", "--period", "2026-11", "--format", "json")[1]
    edit(
        records / "tickets/2026/2026-10.yaml",
        "  received: 2026-10-30 11:09",
        '  received: 2026-11-03 11:09\n  correction: "."',
    )
    commit(root, "sửa ngày nhận")
    after = qmsctl(records, "stats", "--period", "2026-11", "--format", "json")[1]
    rate = lambda text: f"{json.loads(text)['rates']['all'] * 100:.2f}%"  # noqa: E731
    code, markdown = qmsctl(records, "diff", "HEAD~1..HEAD", "--format", "markdown")
    assert code == 0
    assert "1 dossier turns from late to on time" in markdown
    assert "`000.00.19.H13-261030-0001`: received 30/10/2026 11:09 → 03/11/2026 11:09" in markdown
    assert "dossier 000.00.19.H13-261030-0001 (2026-11): processed late → processed on time" in markdown
    assert f"2026-11: on-time rate {rate(before)} → {rate(after)}" in markdown and rate(before) != rate(after)
    code, output = qmsctl(records, "diff", "HEAD~1..HEAD", "--format", "json")
    assert json.loads(output)["turned_on_time"] == ["000.00.19.H13-261030-0001"]
    code, output = qmsctl(records, "check", "--since", "HEAD~1")
    assert code == 1 and {"H904", "H905"} <= codes(output)
    edit(records / "tickets/2026/2026-10.yaml", 'correction: "."', "correction: Nhập nhầm ngày nhận, theo sổ tiếp nhận")
    assert {"H905"} <= codes(qmsctl(records, "check", "--since", "HEAD~1")[1])
    assert "H904" not in codes(qmsctl(records, "check", "--since", "HEAD~1")[1])
    edit(records / "tickets/2026/2026-10.yaml", "theo sổ tiếp nhận", "theo Phiếu BM.ST.VP.05 số 12/PTN")
    assert not {"H904", "H905"} & codes(qmsctl(records, "check", "--since", "HEAD~1")[1])


HOSTILE_NOTE = (
    "Nhập nhầm <!-- @reviewer ![x](https://evil.example/t.png) [bấm](https://evil.example) "
    "`` ` ``` <script>alert(1)</script> **đậm** _nghiêng_ ~~gạch~~ &lt; \\ \n# Tiêu đề"
)


def _visible(markdown: str) -> tuple[str, str]:
    """The HTML a CommonMark renderer makes of the Markdown, and the text a reader sees of it."""
    import re

    from markdown_it import MarkdownIt

    page = MarkdownIt("commonmark").render(markdown)
    text = re.sub(r"<[^>]+>", "", page)
    import html

    return page, html.unescape(text)


def test_markdown_from_the_records_is_text_a_reviewer_sees_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A correction note holding a comment opener, a mention, an image, a link, backticks, HTML
    and a heading: the diff's Markdown shows it as text, and every section after it."""
    root, records = _demo_in_git(tmp_path, monkeypatch)
    quoted = json.dumps(HOSTILE_NOTE, ensure_ascii=False)
    edit(records / "tickets/2026/2026-10.yaml", "  received: 2026-10-30 11:09",
         f"  received: 2026-11-03 11:09\n  correction: {quoted}")  # fmt: skip
    commit(root, "sửa ngày nhận")
    code, markdown = qmsctl(records, "diff", "HEAD~1..HEAD", "--format", "markdown")
    assert code == 0
    page, seen = _visible(markdown)
    for markup in ("<img", "<a ", "<script", "<!--", "<h1", "<code>`", "<strong>đậm", "<em>nghiêng"):
        assert markup not in page, markup
    assert "@reviewer" in seen and "![x](https://evil.example/t.png)" in seen and "<script>" in seen
    assert "Effect on the figures" in seen  # the section after the note is there
    assert "000.00.19.H13-261030-0001 (2026-11): processed late → processed on time" in seen
    # The agenda's checklist likewise, with the same note as a unit's name.
    units = records / "units.yaml"
    hidden = json.dumps("Phòng <!-- ẩn @all", ensure_ascii=False)
    units.write_text(units.read_text(encoding="utf-8").replace("name: Phòng Nội chính", f"name: {hidden}"), "utf-8")
    code, agenda = qmsctl(records, "agenda", "--format", "markdown", "--days", "30")
    page, seen = _visible(agenda)
    assert code == 0 and "<!--" not in page and "<img" not in page
    assert agenda.count("- [ ]") == page.count("<li>") >= 5  # every item its own, none swallowed


def test_the_hooks_files_match_both_layouts(tmp_path: Path) -> None:
    """`init` makes the records folder the repository's root: the hooks' `files` matched
    `^records/` only, and said "(no files to check) Skipped" on every commit there."""
    import re

    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    at_root = tmp_path / "agency"
    from tests.test_first_day import INIT

    result = runner.invoke(app, ["init", str(at_root), *INIT])
    assert result.exit_code == 0, result.output
    made = [p.relative_to(at_root).as_posix() for p in at_root.rglob("*.yaml") if ".git" not in p.parts]
    assert "qms.yaml" in made
    in_folder = [f"records/{p.relative_to(REPO / 'records').as_posix()}" for p in (REPO / "records").rglob("*.yaml")]
    for hook in hooks:
        files = re.compile(hook["files"])
        assert files.search("qms.yaml") and files.search("records/qms.yaml")
        for layout in (made, in_folder):
            records = [f for f in layout if not any(part.startswith(".") for part in f.split("/"))]  # not hidden
            assert records and all(files.search(f) for f in records), [f for f in records if not files.search(f)]
        assert not files.search("README.md") and not files.search("docs/notes.yaml")


@pytest.fixture
def at_root(tmp_path: Path) -> Path:
    """An agency's repository as `qmsctl init` makes it: the records at its root."""
    root = tmp_path / "agency"
    shutil.copytree(DATA / "base", root)
    git(root, "init", "-q", "-b", "main")
    commit(root, "Hồ sơ ban đầu")
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    return root


@pytest.mark.parametrize("event", EVENTS)
def test_shipped_ci_checks_records_at_the_repository_root(at_root: Path, event: str) -> None:
    """Both recipes said `--records records`: on the folder `init` makes, CI exited 2."""
    git(at_root, "checkout", "-q", "-b", "change")
    edit(at_root / DOC.removeprefix("records/"), "issued: 2025-11-01", "issued: 2025-10-01")
    commit(at_root, "sửa ngày ban hành")
    github = run_github(at_root, event)
    assert github.returncode == 1 and "H902" in github.stdout, github.stdout + github.stderr
    gitlab = run_gitlab(at_root, event)
    assert gitlab.returncode == 1, gitlab.stdout + gitlab.stderr
    report = json.loads((at_root / "gl-code-quality-report.json").read_text(encoding="utf-8"))
    assert any(issue["check_name"] == "H902" for issue in report)


def test_a_force_push_is_compared_with_where_it_left_the_default_branch(project: Path) -> None:
    """A force-push's "before" commit is gone from the clone: `check --since` was a usage error
    (exit 2) and the Code Quality report empty; the recipes fall back to the merge base."""
    git(project, "checkout", "-q", "-b", "change")
    edit(project / TICKETS, *CLEAN["ticket corrected with a note"][1:])
    commit(project, "đính chính")
    gone = "d" * 40
    env = {"EVENT": "push", "BASE_REF": "", "BEFORE": gone, "DEFAULT_BRANCH": "main",
           "GITHUB_ENV": str(project.parent / "github.env")}  # fmt: skip
    first, *rest = github_steps()
    assert _run_ci_steps([first], project, env).returncode == 0
    values = dict(line.split("=", 1) for line in Path(env["GITHUB_ENV"]).read_text().splitlines())
    assert values["BASE"] == git(project, "rev-parse", "main").strip()
    assert _run_ci_steps(rest, project, {**env, **values}).returncode == 0
    env = {"CI_DEFAULT_BRANCH": "main", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME": "", "CI_COMMIT_BEFORE_SHA": gone}
    done = _run_ci_steps(gitlab_script(), project, env)
    assert done.returncode == 0, done.stderr
    assert json.loads((project / "gl-code-quality-report.json").read_text(encoding="utf-8")) == []


def test_a_code_quality_report_is_valid_json_whatever_happens(project: Path) -> None:
    done = subprocess.run(
        [str(Path(sys.executable).parent / "qmsctl"), "--records", str(project / "records"), "check", "--format",
         "gitlab", "--since", "e" * 40],
        capture_output=True, text=True,
    )  # fmt: skip
    assert done.returncode == 2 and json.loads(done.stdout) == []
