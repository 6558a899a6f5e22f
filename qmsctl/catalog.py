"""Fixed catalogues qmsctl knows: ISO 9001:2015 clauses, the forms it renders, metric kinds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml


@dataclass(frozen=True)
class Clause:
    number: str
    vi: str
    en: str


@cache
def clauses() -> dict[str, Clause]:
    text = resources.files("qmsctl").joinpath("data/clauses.yaml").read_text(encoding="utf-8")
    rows = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # noqa: S506 - a safe loader, libyaml's
    return {row["clause"]: Clause(row["clause"], row["vi"], row["en"]) for row in rows}


def clause_number(reference: str) -> str:
    """'8.2.1 (d)' and '8.5.1 f' name a point of clause 8.2.1 / 8.5.1."""
    return re.sub(r"\s*\(?[a-z]\)?$", "", reference.strip())


def is_known_clause(reference: str) -> bool:
    return clause_number(reference) in clauses()


# The forms of docs/rules.md section 5: every agency has them, whether or not a
# document of the folder describes them.
FORMS = {
    "BM.ST.VP.01": "Chính sách chất lượng",
    "BM.ST.VP.02": "Mục tiêu chất lượng năm",
    "BM.ST.VP.03": "Báo cáo thực hiện mục tiêu chất lượng",
    "BM.ST.VP.04": "Thống kê các quy trình ISO có sản phẩm",
    "BM.ST.VP.05": "Phiếu theo dõi xử lý hồ sơ",
    "BM.ST.VP.06": "Phiếu theo dõi quá trình xử lý hồ sơ",
    "BM.CTCL.01": "Phiếu yêu cầu hành động khắc phục/cải tiến",
    "BM.CTCL.02": "Biên bản họp xem xét của lãnh đạo",
    "Phụ lục 3": "Kế hoạch / Báo cáo thực hiện mục tiêu chất lượng năm",
}

# What an objective's metric can measure from the tickets of a period.
METRIC_KINDS = {
    "on_time_rate": "share of processed dossiers settled on time",
    "late_rate": "share of processed dossiers settled late",
    "late_count": "processed dossiers settled late",
    "overdue_count": "dossiers still in progress past their due",
    "received_count": "dossiers in scope of the period",
    "processed_count": "dossiers settled in the period",
}
