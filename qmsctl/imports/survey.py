"""Satisfaction responses from a paper tally typed into a sheet or an online form's export
(CSV or XLSX): a column a question (its code, its text or its theme: "Thời gian", "Thái độ",
"Chính xác"), and the day, unit, procedure and comment when given. Nothing else is read: a
column of names, phone numbers or addresses is left out and said so, and a comment has what
looks like personal data replaced (Nghị định 13/2023/NĐ-CP)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from qmsctl.agency import fold
from qmsctl.findings import UserError
from qmsctl.i18n import _
from qmsctl.imports.mapping import Mapping
from qmsctl.imports.sources import column_letter, read_grid
from qmsctl.personal import personal_header, redact
from qmsctl.records.models import Procedure, Survey
from qmsctl.surveys import THEME_WORDS

# The headers of the columns other than questions, folded (no case, diacritics or punctuation).
FIELD_HEADERS = {
    "date": ("ngay", "date", "ngay khao sat", "ngay tra loi", "thoi diem", "timestamp", "dau thoi gian"),
    "unit": ("don vi", "unit", "bo phan", "phong"),
    "procedure": ("thu tuc", "procedure", "ma thu tuc", "ma tthc", "thu tuc hanh chinh", "linh vuc"),
    "comment": ("y kien", "gop y", "comment", "y kien khac", "y kien gop y", "kien nghi"),
}
# A theme's short words, as sheets name their columns.
THEME_HEADERS = {"time": ("thoi gian",), "attitude": ("thai do",), "accuracy": ("chinh xac",)}
NAME_HEADERS = ("ho ten", "ho va ten", "ten nguoi", "nguoi tra loi", "name", "full name")
DATE_FORMATS = ("%d/%m/%Y", "%d/%m/%Y %H:%M", "%d/%m/%Y %H:%M:%S", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%m/%d/%Y %H:%M:%S")


@dataclass
class SurveyRows:
    responses: list[dict[str, Any]] = field(default_factory=list)
    left_out: list[str] = field(default_factory=list)  # headers not read (personal data, unknown)
    redacted: int = 0  # comments with personal data replaced


def _question_columns(survey: Survey, headers: list[str]) -> dict[int, str]:
    """Column index -> question code."""
    found: dict[int, str] = {}
    for index, header in enumerate(headers):
        name = fold(header)
        if not name:
            continue
        for question in survey.questions:
            words = {fold(question.code), fold(question.text), fold(THEME_WORDS[question.theme])}
            words |= set(THEME_HEADERS.get(question.theme, ()))
            if name in words or any(f" {w} " in f" {name} " for w in THEME_HEADERS.get(question.theme, ())):
                found[index] = question.code
                break
    return found


def _header_row(survey: Survey, grid: list[list[Any]]) -> int:
    for index, row in enumerate(grid[:50]):
        if _question_columns(survey, [str(v or "") for v in row]):
            return index
    raise UserError(
        "I912",
        _("No column of the export names a question of the survey"),
        hint=_("Name a column by a question's code ({codes}) or its theme (Thời gian, Thái độ, Chính xác).").format(
            codes=", ".join(q.code for q in survey.questions)
        ),
    )


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for form in DATE_FORMATS:
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def _score(survey: Survey, value: Any) -> int | None | str:
    """The score of an answer: a number, or a label of the scale; None when blank; the text
    itself when it is neither."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    text = str(value).strip()
    if text.isdigit():
        return int(text)
    labels = {fold(label): survey.scale.min + i for i, label in enumerate(survey.scale.labels)}
    return labels.get(fold(text), text)


def read_responses(
    path: Path,
    survey: Survey,
    units: dict[str, str],
    procedures: dict[str, Procedure],
    unit: str | None = None,
) -> SurveyRows:
    """The responses of the export, each checked: a day within the survey's period, a known
    unit and procedure, answers on the scale. The first wrong cell stops the import (nothing
    is written), named by its row and column."""
    from qmsctl.figures import parse_period

    period = parse_period(survey.period)
    sheet, grid = read_grid(path, Mapping(name="survey", columns={}))
    header_index = _header_row(survey, grid)
    headers = [str(v or "").strip() for v in grid[header_index]]
    questions = _question_columns(survey, headers)
    fields: dict[str, int] = {}
    result = SurveyRows()
    for index, header in enumerate(headers):
        if index in questions or not header:
            continue
        name = fold(header)
        which = next((f for f, words in FIELD_HEADERS.items() if name in words), None)
        if which and which not in fields and not personal_header(header):
            fields[which] = index
        else:
            reason = _("personal data, not read") if personal_header(header) or name in NAME_HEADERS else _("not read")
            result.left_out.append(f"{header} ({reason})")
    by_catalogue = {p.catalogue_code: code for code, p in procedures.items() if p.catalogue_code}
    by_unit_name = {fold(name): code for code, name in units.items()}

    def refuse(number: int, column: int, message: str) -> UserError:
        return UserError(
            "I911",
            message,
            f"{path.name}: {sheet}",
            number,
            hint=_("Row {row}, column {column} ({header}).").format(
                row=number, column=column_letter(column), header=headers[column]
            ),
        )

    for offset, row in enumerate(grid[header_index + 1 :], start=header_index + 2):
        cells = list(row) + [None] * (len(headers) - len(row))
        if all(v is None or not str(v).strip() for v in cells):
            continue
        response: dict[str, Any] = {}
        if "date" in fields:
            day = _day(cells[fields["date"]])
            if day is None:
                raise refuse(
                    offset, fields["date"], _("The day '{value}' cannot be read").format(value=cells[fields["date"]])
                )
            if not period.start <= day <= period.end:
                raise refuse(
                    offset,
                    fields["date"],
                    _("The day {day} is outside the survey's period {period}").format(
                        day=day.strftime("%d/%m/%Y"), period=survey.period
                    ),
                )
        else:
            day = period.end
        response["date"] = day
        given_unit = str(cells[fields["unit"]] or "").strip() if "unit" in fields else ""
        if given_unit:
            code = given_unit if given_unit in units else by_unit_name.get(fold(given_unit))
            if code is None:
                raise refuse(offset, fields["unit"], _("Unit {unit} does not exist").format(unit=given_unit))
            response["unit"] = code
        elif unit:
            response["unit"] = unit
        given = str(cells[fields["procedure"]] or "").strip() if "procedure" in fields else ""
        if given:
            code = given if given in procedures else by_catalogue.get(given)
            if code is None:
                raise refuse(offset, fields["procedure"], _("Procedure {code} does not exist").format(code=given))
            response["procedure"] = code
        answers: dict[str, int | None] = {}
        for column, code in questions.items():
            score = _score(survey, cells[column])
            if isinstance(score, str) or (score is not None and not survey.scale.min <= score <= survey.scale.max):
                raise refuse(
                    offset,
                    column,
                    _("The answer '{value}' is not on the scale {min}-{max} nor one of its words").format(
                        value=cells[column], min=survey.scale.min, max=survey.scale.max
                    ),
                )
            if score is not None:
                answers[code] = score
        response["answers"] = answers
        comment = str(cells[fields["comment"]] or "").strip() if "comment" in fields else ""
        if comment:
            comment, found = redact(comment)
            result.redacted += bool(found)
            response["comment"] = comment
        result.responses.append(response)
    return result
