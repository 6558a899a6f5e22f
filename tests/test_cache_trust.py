"""The cache is a store that can be trusted: a damaged entry is thrown away and made again, an
answer is never kept past the limits it was read under or past a rewrite it cannot see, and it
is kept only in a folder of the user's alone."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from qmsctl.cli.main import app
from tests.conftest import DATA

runner = CliRunner()


def run(records: Path, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["--records", str(records), *args])
    return result.exit_code, result.stdout


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("QMSCTL_NO_CACHE", raising=False)
    from qmsctl.records import cache

    cache._checked_folder.clear()
    return home


@pytest.fixture
def records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The base folder, its files written long before the runs (the cache's clock an hour on)."""
    import time

    from qmsctl.records import cache

    root = tmp_path / "records"
    shutil.copytree(DATA / "base", root)
    real = time.time_ns
    monkeypatch.setattr(cache.time, "time_ns", lambda: real() + 3600 * 1_000_000_000)
    return root


def answers(root: Path) -> tuple[str, str]:
    code_check, check = run(root, "check", "--format", "json")
    code_stats, stats = run(root, "stats", "-p", "2025-03", "--format", "json")
    return f"{code_check} {check}", f"{code_stats} {stats}"


def without_cache(root: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    with monkeypatch.context() as patch:
        patch.setenv("QMSCTL_NO_CACHE", "1")
        return answers(root)


def test_a_size_limit_set_after_a_cached_run_still_applies(records: Path, cache_home: Path) -> None:
    """Each run a process of its own: the limits are read when qmsctl starts."""
    import subprocess
    import sys

    def check(**env: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "qmsctl", "--records", str(records), "check", "--format", "json"]
        return subprocess.run(command, capture_output=True, text=True, env={**os.environ, **env}, check=False)

    assert check().returncode == 0
    limited = check(QMSCTL_MAX_FILE_BYTES="300")
    assert limited.returncode == 1 and "Y112" in limited.stdout
    assert check(QMSCTL_MAX_FILE_BYTES="300", QMSCTL_NO_CACHE="1").stdout == limited.stdout
    assert check().returncode == 0  # and without the limit, clean again


@pytest.mark.parametrize("where", [0.1, 0.5, 0.9])
def test_a_flipped_bit_in_any_cache_file_gives_the_answer_without_cache(
    records: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch, where: float
) -> None:
    expected = without_cache(records, monkeypatch)
    assert answers(records) == expected  # the cache filled
    assert answers(records) == expected  # and answered from
    damaged = 0
    for path in sorted(p for p in cache_home.rglob("*") if p.is_file() and not p.name.startswith(".")):
        data = bytearray(path.read_bytes())
        data[int(len(data) * where)] ^= 0x10
        path.write_bytes(bytes(data))
        damaged += 1
    assert damaged >= 3
    assert answers(records) == expected
    assert answers(records) == expected  # made again, and right


def test_an_answer_is_not_remembered_over_files_written_just_before(records: Path, cache_home: Path) -> None:
    """On a file system of one-second times, a rewrite of the same size in the same second keeps
    a file's status: an answer taken then is never kept."""
    from qmsctl.records.cache import FolderMemo

    memo = FolderMemo(records, "x", "test")
    memo.listed_at = max(memo.listing.values[2::4])  # listed in the very tick a file was written
    memo.put("answer")
    assert not memo.path.exists()
    memo.listed_at += 3 * 1_000_000_000
    memo.put("answer")
    assert memo.path.exists() and memo.get() == "answer"


def test_a_file_whose_status_changed_just_now_is_hashed_again(records: Path, cache_home: Path) -> None:
    from qmsctl.records.cache import FileCache

    cache = FileCache(records, "test", "v1")
    old = cache._started - 3600 * 1_000_000_000
    assert cache._trusted((10, old, old, 1)) is not None
    assert cache._trusted((10, old, cache._started, 1)) is None  # the change time is recent: racy


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="file ownership is POSIX")
@pytest.mark.parametrize("shared", ["world-writable", "a link"])
def test_a_shared_or_linked_cache_folder_is_not_used(
    records: Path, cache_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, shared: str
) -> None:
    folder = cache_home / "qmsctl"
    if shared == "world-writable":
        folder.mkdir(parents=True)
        folder.chmod(0o777)
    else:  # a link into the records folder: cache files would be written among the records
        cache_home.mkdir()
        folder.symlink_to(records)
    before = sorted(p.name for p in records.rglob("*"))
    result = runner.invoke(app, ["--records", str(records), "stats", "-p", "2025-03", "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["total"]["received"] == 2
    assert "cache is off" in result.stderr
    assert sorted(p.name for p in records.rglob("*")) == before
    if shared == "world-writable":
        assert list(folder.iterdir()) == []


def test_without_home_the_cache_is_in_the_temporary_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    from qmsctl.records import cache

    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("HOME", raising=False)

    def no_home() -> Path:
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert cache.cache_folder().parent == Path(tempfile.gettempdir())


def test_a_records_folder_whose_name_is_not_utf8_is_no_crash(tmp_path: Path, cache_home: Path) -> None:
    root = tmp_path / "records"
    shutil.copytree(DATA / "base", root)
    odd = os.fsdecode(os.fsencode(root / "tickets") + b"/\xff2025")
    os.mkdir(odd)
    shutil.copy(root / "tickets/2025/2025-03.yaml", Path(odd) / "x.yaml")
    text = (Path(odd) / "x.yaml").read_text(encoding="utf-8").replace("id: ", "id: X")
    (Path(odd) / "x.yaml").write_text(text, encoding="utf-8")
    for _ in range(2):
        code, output = run(root, "stats", "-p", "2025-03", "--format", "json")
        assert code == 0 and json.loads(output)["total"]["received"] == 4


def test_old_entries_are_pruned(cache_home: Path) -> None:
    import time

    from qmsctl.records import cache

    folder = cache.cache_folder()
    folder.mkdir(parents=True)
    old, new = folder / "aaaa.check.pickle", folder / "bbbb.check.pickle"
    for path in (old, new):
        path.write_bytes(b"x" * 100)
    month_ago = time.time() - 40 * 86_400
    os.utime(old, (month_ago, month_ago))
    cache.prune()
    assert not old.exists() and new.exists()


# --- any sequence of changes: the same answers with the cache as without ----------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.conftest import examples  # noqa: E402

MONTH = "tickets/2025/2025-03.yaml"
EXTRA = "tickets/2025/2025-04.yaml"
TICKET = "- id: X-{n}\n  procedure: QT.NC.01\n  received: 2025-03-1{d} 09:00\n"
CHANGES = st.lists(
    st.one_of(
        st.tuples(st.just("add"), st.integers(0, 9), st.integers(0, 9)),  # a ticket appended to the month
        st.tuples(st.just("same-size"), st.integers(0, 9), st.integers(0, 9)),  # a digit changed in place
        st.tuples(st.just("move"), st.integers(0, 9), st.integers(0, 9)),  # the extra file renamed
        st.tuples(st.just("delete"), st.integers(0, 9), st.integers(0, 9)),  # the extra file removed
        st.tuples(st.just("break"), st.integers(0, 9), st.integers(0, 9)),  # a tab: the file no longer reads
    ),
    min_size=1,
    max_size=6,
)


def _apply(root: Path, change: tuple[str, int, int]) -> None:
    what, n, d = change
    month, extra = root / MONTH, root / EXTRA
    if what == "add":
        month.write_text(month.read_text(encoding="utf-8") + TICKET.format(n=n, d=d), encoding="utf-8")
    elif what == "same-size":  # the same size, the same second: only the content tells
        text = month.read_text(encoding="utf-8")
        month.write_text(text.replace("2025-03-03 09:15", f"2025-03-0{max(d, 1)} 09:15", 1), encoding="utf-8")
    elif what == "move":
        if extra.exists():
            extra.rename(root / "tickets/2025/2025-05.yaml")
        else:
            extra.write_text(TICKET.format(n=f"e{n}", d=d).replace("2025-03", "2025-04"), encoding="utf-8")
    elif what == "delete":
        for name in ("2025-04.yaml", "2025-05.yaml"):
            (root / "tickets/2025" / name).unlink(missing_ok=True)
    else:
        (root / "tickets/2025/2025-06.yaml").write_text("- id: B\n\tprocedure: x\n", encoding="utf-8")


@settings(max_examples=examples(25), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=CHANGES)
def test_any_sequence_of_changes_gives_the_answers_without_cache(
    changes: list[tuple[str, int, int]], tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Edits of the same size in the same second, files added, renamed, removed and broken, each
    followed by `check` and `stats` with the cache: every answer is the one without it. The
    cache's clock runs an hour ahead, so that what it remembers is used (a file written in the
    seconds before a run is never trusted, and then nothing remembered would be tried)."""
    import time

    from qmsctl.records import cache

    real = time.time_ns
    monkeypatch.setattr(cache.time, "time_ns", lambda: real() + 3600 * 1_000_000_000)

    base = tmp_path_factory.mktemp("seq")
    root = base / "records"
    shutil.copytree(DATA / "base", root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(base / "cache"))
    monkeypatch.delenv("QMSCTL_NO_CACHE", raising=False)
    cache._checked_folder.clear()
    answers(root)  # the cache filled
    for change in changes:
        _apply(root, change)
        assert answers(root) == without_cache(root, monkeypatch), change
