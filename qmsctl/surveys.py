"""Satisfaction surveys (TCVN ISO 9001:2015 9.1.2, HD.VP.06): the figures of a survey's
responses. Not answering is not being satisfied (the manual, 9.1.2): a question's share is its
satisfied answers over every response returned, the unanswered ones counted as not satisfied."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from qmsctl.records.models import Question, Survey, SurveyResponse

if TYPE_CHECKING:
    from qmsctl.records.load import Records, Sourced

THEME_WORDS = {
    "time": "Thời gian giải quyết",
    "attitude": "Thái độ phục vụ",
    "accuracy": "Tính chính xác của kết quả",
    "procedure": "Thủ tục, hồ sơ",
    "facilities": "Cơ sở vật chất",
    "other": "Khác",
}
# The three themes of the manual (9.1.1), the questions a new survey starts with.
DEFAULT_QUESTIONS = (
    ("thoi-gian", "time", "Ông/Bà có hài lòng về thời gian giải quyết hồ sơ không?"),
    ("thai-do", "attitude", "Ông/Bà có hài lòng về thái độ phục vụ của cán bộ, công chức không?"),
    ("chinh-xac", "accuracy", "Ông/Bà có hài lòng về tính chính xác của kết quả giải quyết không?"),
)
DEFAULT_LABELS = ("Rất không hài lòng", "Không hài lòng", "Bình thường", "Hài lòng", "Rất hài lòng")


@dataclass
class QuestionFigures:
    code: str
    text: str
    responses: int = 0  # every response returned
    answered: int = 0
    satisfied: int = 0
    total: int = 0  # the sum of the answered scores

    @property
    def share(self) -> float | None:
        """Satisfied over every response, unanswered counted as not satisfied (a fraction)."""
        return self.satisfied / self.responses if self.responses else None

    @property
    def mean(self) -> float | None:
        return self.total / self.answered if self.answered else None

    def as_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "text": self.text,
            "responses": self.responses,
            "answered": self.answered,
            "satisfied": self.satisfied,
            "satisfied_share": self.share,
            "mean": self.mean,
        }


@dataclass
class SurveyFigures:
    key: str  # "" for the whole survey, else the unit's or procedure's code
    responses: int = 0
    questions: list[QuestionFigures] = field(default_factory=list)

    @property
    def satisfied(self) -> int:
        return sum(q.satisfied for q in self.questions)

    @property
    def asked(self) -> int:
        """Every question of every response: what the overall share is over."""
        return self.responses * len(self.questions)

    @property
    def share(self) -> float | None:
        return self.satisfied / self.asked if self.asked else None

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "responses": self.responses,
            "satisfied": self.satisfied,
            "asked": self.asked,
            "satisfied_share": self.share,
            "questions": [q.as_json() for q in self.questions],
        }


def tally(survey: Survey, responses: Iterable[SurveyResponse], key: str = "") -> SurveyFigures:
    figures = SurveyFigures(key, questions=[QuestionFigures(q.code, q.text) for q in survey.questions])
    threshold = survey.scale.satisfied
    for response in responses:
        figures.responses += 1
        for question, counted in zip(survey.questions, figures.questions, strict=True):
            counted.responses += 1
            value = response.answers.get(question.code)
            if value is None:
                continue
            counted.answered += 1
            counted.total += value
            if value >= threshold:
                counted.satisfied += 1
    return figures


def grouped(survey: Survey, by: str, responses: Iterable[SurveyResponse] | None = None) -> list[SurveyFigures]:
    """The figures by unit or by procedure, in the order of their codes ("—" for none given)."""
    groups: dict[str, list[SurveyResponse]] = {}
    for response in survey.responses if responses is None else responses:
        groups.setdefault(getattr(response, by) or "—", []).append(response)
    return [tally(survey, groups[key], key) for key in sorted(groups)]


def comments_of(survey: Survey) -> list[str]:
    """Each comment once, in the order first written, with how many gave it when more than one."""
    from collections import Counter

    counted = Counter(r.comment.strip() for r in survey.responses if r.comment and r.comment.strip())
    return [f"{text} ({n} ý kiến)" if n > 1 else text for text, n in counted.items()]


def threshold_text(survey: Survey) -> str:
    """'mức 4 (Hài lòng) trở lên trên thang 1–5'."""
    scale = survey.scale
    label = f" ({scale.labels[scale.satisfied - scale.min]})" if scale.labels else ""
    return f"mức {scale.satisfied}{label} trở lên trên thang {scale.min}–{scale.max}"


def question_of(survey: Survey, code: str) -> Question | None:
    return next((q for q in survey.questions if q.code == code), None)


def survey_named(records: Records, ident: str | None) -> Sourced[Survey]:
    """The survey `ident` of the folder. One whose file could not be read is said so (its figures
    would be wrong, not missing: U055), never taken for one that does not exist (U061)."""
    from qmsctl.findings import IncompleteRecords, UserError
    from qmsctl.i18n import _
    from qmsctl.records.kinds import file_stem

    for s in records.surveys:
        if (s.model.id or file_stem(s.file)) == ident:
            return s
    for file, (kind, names) in records.unread_by_file.items():
        if kind == "survey" and ident in names:
            raise IncompleteRecords(
                "U055",
                _("The survey {id} could not be read ({file})").format(id=ident, file=file),
                file,
                hint=_("Run `qmsctl check` to see why and correct it."),
            )
    known = ", ".join(sorted(s.model.id or file_stem(s.file) for s in records.surveys)) or "—"
    raise UserError("U061", _("There is no survey {id}").format(id=ident), hint=_("Known: {ids}").format(ids=known))
