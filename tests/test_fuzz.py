"""A seeded mutation fuzzer over the reader and the whole `check`: whatever the bytes, a finding
or a clean result, never an exception or a hang."""

from __future__ import annotations

import random
import shutil
import signal
from pathlib import Path

import pytest

from qmsctl.check import check_folder
from tests.conftest import DATA

TOKENS = [
    b"!!int ", b"!!str ", b"!!map ", b"!!seq ", b"!!binary ", b"!!timestamp ", b"!foo ", b"&a ", b"*a", b"*zz",
    b"<<: *a", b"{", b"}", b"[", b"]", b": ", b"- ", b"? ", b'"', b"'", b"\t", b"\x00", b"\r", b"\xc2\x85", b"\xff",
    b"\xe2\x80\xa8", b"9" * 5000, b"1e309", b".inf", b"-.nan", b"9999-99-99", b"0001-01-01", b"2025-02-30",
    b"25:61", b"~", b"null", b"---\n", b"...\n", b"%YAML 1.1\n", b"#", b"|\n", b">-\n", b"\xf0\x9f\x98\x80",
    b"0x1F", b"0o17", b"+12", b"-0", b"true", b"yes", b"\n  ", b"\n- ", b"@", b"`", b"%",
]  # fmt: skip


def mutate(data: bytes, rng: random.Random) -> bytes:
    for _ in range(rng.randint(1, 4)):
        where = rng.randrange(len(data) + 1)
        choice = rng.random()
        if choice < 0.35:
            data = data[:where] + rng.choice(TOKENS) + data[where:]
        elif choice < 0.55:
            data = data[:where] + data[where + rng.randint(1, 20) :]
        elif choice < 0.7 and data:
            byte = rng.randrange(256)
            data = data[:where] + bytes([byte]) + data[where + 1 :]
        elif choice < 0.85:
            lines = data.split(b"\n")
            index = rng.randrange(len(lines))
            lines.insert(index, lines[rng.randrange(len(lines))])
            data = b"\n".join(lines)
        else:
            data = data[:where]
    return data


class Hang(Exception):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise Hang


@pytest.mark.parametrize("seed", range(8))
def test_mutated_records_give_findings_never_a_crash(seed: int, tmp_path: Path) -> None:
    rng = random.Random(seed)
    source = DATA / "base"
    files = sorted(p.relative_to(source) for p in source.rglob("*") if p.is_file())
    previous = signal.signal(signal.SIGALRM, _alarm)
    try:
        for case in range(40):
            root = tmp_path / f"case-{case}"
            shutil.copytree(source, root)
            for _ in range(rng.randint(1, 3)):
                file = rng.choice(files)
                (root / file).write_bytes(mutate((root / file).read_bytes(), rng))
            signal.alarm(30)
            try:
                result = check_folder(root, workers=1)
            except Hang:
                pytest.fail(f"check hung on seed {seed} case {case}")
            finally:
                signal.alarm(0)
            assert all(f.code and f.message for f in result.findings)
            shutil.rmtree(root)
    finally:
        signal.signal(signal.SIGALRM, previous)
