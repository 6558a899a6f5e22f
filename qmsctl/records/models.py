"""Typed models of every record kind of the records folder (docs/records.md).

Unknown keys are refused (`extra="forbid"`): a typo is the most common error.
Dates and times are written as text in the files and parsed here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Annotated, Any, Literal, Protocol

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from qmsctl.i18n import _
from qmsctl.records.action_states import ActionState, state_of
from qmsctl.records.choices import ActionSource, DocumentType
from qmsctl.records.values import (
    FIRST_YEAR,
    LAST_YEAR,
    DateProblem,
    parse_clock,
    parse_day,
    parse_day_or_moment,
    parse_moment,
)

# The types of the fields dates and times are written in (as text: YAML 1.2 core reads no
# timestamps), parsed by `records/values.py`.
_DAY_SCHEMA = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "examples": ["2025-03-04"]}
_MOMENT_SCHEMA = {
    "type": "string",
    "pattern": r"^\d{4}-\d{2}-\d{2}([T ]\d{1,2}:\d{2}(:\d{2})?)?$",
    "examples": ["2025-03-04 09:15"],
}
Day = Annotated[date, BeforeValidator(parse_day), WithJsonSchema(_DAY_SCHEMA)]
Moment = Annotated[datetime, BeforeValidator(parse_moment), WithJsonSchema(_MOMENT_SCHEMA)]
DayOrMoment = Annotated[date | datetime, BeforeValidator(parse_day_or_moment), WithJsonSchema(_MOMENT_SCHEMA)]
Clock = Annotated[time, BeforeValidator(parse_clock), WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}$"})]
# Text is read as the file holds it (spaces, tabs and line ends kept), but not blank.
Text = Annotated[str, Field(min_length=1, pattern=r"\S")]


__all__ = ["ActionState", "Clock", "DateProblem", "Day", "DayOrMoment", "Moment", "Text"]  # re-exported for the checks


class Record(BaseModel):
    # strict: what a file writes as a number is not text, nor the reverse (`id: 010` is the
    # number 10 to YAML, `working_days: "5"` is text); check says so at its line, as the JSON
    # Schema the editor reads does.
    model_config = ConfigDict(extra="forbid", populate_by_name=True, strict=True)


class Person(Record):
    name: Text
    title: str | None = None


# --- qms.yaml ---------------------------------------------------------------


class Agency(Record):
    name: Text
    parent: str | None = None
    short: Text
    place: Text


class Policy(Record):
    commitments: list[Text] = []
    signer: Person | None = None


class Exclusion(Record):
    clause: Text
    reason: Text


class HoursWindow(Record):
    start: time
    end: time

    def __str__(self) -> str:
        return f"{self.start:%H:%M}-{self.end:%H:%M}"


def _parse_window(value: Any) -> Any:
    if isinstance(value, str):
        match = re.match(r"^\s*(\d{1,2}:\d{2})\s*-\s*(\d{1,2}:\d{2})\s*$", value)
        if match:
            return {"start": parse_clock(match.group(1)), "end": parse_clock(match.group(2))}
        raise ValueError(_("a window of working hours like 07:00-11:30 is expected"))
    return value


Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def _windows_in_order(windows: list[HoursWindow]) -> list[HoursWindow]:
    previous_end = time(0, 0)
    for window in windows:
        if window.end <= window.start or window.start < previous_end:
            raise ValueError(_("working-hour windows must be in order and not overlap"))
        previous_end = window.end
    return windows


# Windows of working hours, written "07:00-11:30", in order and apart.
Hours = Annotated[
    list[
        Annotated[
            HoursWindow,
            BeforeValidator(_parse_window),
            WithJsonSchema({"type": "string", "pattern": r"^\d{1,2}:\d{2}-\d{1,2}:\d{2}$"}),
        ]
    ],
    Field(min_length=1),
    AfterValidator(_windows_in_order),
]


class CalendarSettings(Record):
    workweek: Annotated[list[Weekday], Field(min_length=1)] = ["mon", "tue", "wed", "thu", "fri"]
    hours: Hours = [
        HoursWindow(start=time(7, 0), end=time(11, 30)),
        HoursWindow(start=time(13, 30), end=time(17, 0)),
    ]
    cutoff: Clock | None = None
    deadline: Literal["end-of-day", "same-time"] = "end-of-day"


class Profile(Record):
    """qms.yaml: the agency profile."""

    agency: Agency
    head: Person | None = None
    iso_secretary: Person | None = None
    standard: str = "TCVN ISO 9001:2015"
    motto: str | None = None
    policy: Policy | None = None
    exclusions: list[Exclusion] = []
    calendar: CalendarSettings = CalendarSettings()
    # An effective document is reviewed at least this often (months); older ones are listed (D411).
    document_review_months: Annotated[int, Field(ge=1, le=120)] = 12


# --- units.yaml, calendar/YYYY.yaml, procedures/ -----------------------------


class Unit(Record):
    code: Text
    name: Text
    block: Literal["tham-muu", "hanh-chinh", "su-nghiep"]
    head: str | None = None


class CalendarYear(Record):
    year: Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
    source: str | None = None
    days_off: list[Day] = []
    work_days: list[Day] = []


MAX_WORKING_DAYS = 1000  # about four years


class Duration(Record):
    # Bounded so that every due can be computed: a legal time limit is days, weeks or months.
    # 0 working days is "trong ngày", the same day (docs/rules.md 3.7).
    working_days: Annotated[int, Field(ge=0, le=MAX_WORKING_DAYS)] | None = None
    working_hours: Annotated[float, Field(gt=0, le=MAX_WORKING_DAYS * 24, allow_inf_nan=False)] | None = None
    calendar_days: Annotated[int, Field(gt=0, le=MAX_WORKING_DAYS * 2)] | None = None

    @model_validator(mode="after")
    def _exactly_one(self) -> Duration:
        given = [v for v in (self.working_days, self.working_hours, self.calendar_days) if v is not None]
        if len(given) != 1:
            raise ValueError(_("give exactly one of working_days, working_hours, calendar_days"))
        return self


class DatedDuration(Duration):
    """A duration in force from a day on (docs/rules.md 3.9: one changed by decree)."""

    in_force: Day = Field(alias="from")


def _duration_form(value: Any) -> str:
    return "§dated" if isinstance(value, list) else "§one"  # tags, left out of a finding's place


class Procedure(Record):
    code: Text
    name: Text
    group: Literal["lien-thong", "noi-bo"]
    unit: Text
    # One duration, or a list of them each with the day it takes effect, in order.
    duration: Annotated[
        Annotated[Duration, Tag("§one")] | Annotated[list[DatedDuration], Field(min_length=1), Tag("§dated")],
        Discriminator(_duration_form),
    ]
    on_supplement: Literal["extend", "restart"] = "extend"
    document: str | None = None
    # The national catalogue's code of the procedure (Cơ sở dữ liệu quốc gia về TTHC, e.g.
    # 1.001612): an export names a procedure by it.
    catalogue_code: Text | None = None
    # The procedure's own cutoff and hours, over the agency's (docs/rules.md 3.8).
    cutoff: Clock | None = None
    hours: Hours | None = None
    # "kể từ ngày thụ lý": counted from the ticket's `accepted` (docs/rules.md 3.10).
    counts_from: Literal["received", "accepted"] = "received"

    @field_validator("duration")
    @classmethod
    def _dated_in_order(cls, value: Duration | list[DatedDuration]) -> Duration | list[DatedDuration]:
        if isinstance(value, list):
            days = [entry.in_force for entry in value]
            if days != sorted(set(days)) or len(days) != len(set(days)):
                raise ValueError(_("the dated durations must be in order of their days, each day once"))
        return value

    def duration_on(self, day: date) -> Duration:
        """The duration in force on `day` (the first one before any is in force)."""
        if isinstance(self.duration, Duration) and not isinstance(self.duration, DatedDuration):
            return self.duration
        dated = self.duration if isinstance(self.duration, list) else [self.duration]
        found = dated[0]
        for entry in dated:
            if entry.in_force <= day:
                found = entry
        return found

    @property
    def current_duration(self) -> Duration:
        """The duration in force now, or the one given: what a list of procedures shows."""
        return self.duration[-1] if isinstance(self.duration, list) else self.duration


# --- tickets/ ---------------------------------------------------------------


class Pause(Record):
    start: Moment = Field(alias="from")
    end: Moment | None = Field(default=None, alias="to")
    reason: str | None = None


class Step(Record):
    at: Moment
    by: Text
    role: str | None = None
    action: Text
    error: str | None = None


class Rescheduled(Record):
    due: DayOrMoment = Field(alias="date")
    apology: bool = False


class PauseView(Protocol):
    """What the due rules read of a pause: a `Pause`, or its facts (`records/facts.py`)."""

    @property
    def start(self) -> datetime: ...
    @property
    def end(self) -> datetime | None: ...
    @property
    def reason(self) -> str | None: ...


class TicketView(Protocol):
    """What the figures read of a ticket: a `Ticket`, or its facts (`records/facts.py`)."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...
    @property
    def procedure(self) -> str: ...
    @property
    def unit(self) -> str | None: ...
    @property
    def received(self) -> datetime: ...
    @property
    def accepted(self) -> datetime | None: ...
    @property
    def due(self) -> date | datetime | None: ...
    @property
    def pauses(self) -> Sequence[PauseView]: ...
    @property
    def extended(self) -> Any: ...  # an Extension (to, basis, on), or its facts
    @property
    def completed(self) -> datetime | None: ...
    @property
    def outcome(self) -> str | None: ...


class Extension(Record):
    """A lawful extension (gia hạn, docs/rules.md 3.11): on time when done by `to`, if decided
    (`on`) by the due it extends."""

    to: Day
    basis: Text
    on: Day


class Ticket(Record):
    id: Text
    kind: Literal["dossier", "letter"] = "dossier"
    procedure: Text
    unit: str | None = None
    received: Moment
    accepted: Moment | None = None  # thụ lý: a procedure that `counts_from: accepted` counts from it
    due: DayOrMoment | None = None
    pauses: list[Pause] = []
    extended: Extension | None = None
    completed: Moment | None = None
    outcome: Literal["done", "returned", "withdrawn"] | None = None
    rescheduled: Rescheduled | None = None
    subject: Text | None = None  # trích yếu: absent while unknown, never blank
    sender: str | None = None
    steps: list[Step] = []
    # Why a finished ticket's times were changed afterwards (checked by `check --since`).
    correction: str | None = None


# --- actions/ (BM.CTCL.01) --------------------------------------------------


class Request(Record):
    on: Day = Field(alias="date")
    by: Text
    unit: Text
    source: ActionSource
    description: Text
    reference: str | None = None  # where it comes from: an audit finding (DGNB-2026 #2), a review


class Need(Record):
    on: Day = Field(alias="date")
    by: Text
    required: bool
    reasons: str | list[str] | None = None


class Assignment(Record):
    on: Day = Field(alias="date")
    by: Text
    to: Text
    due: Day | None = None


class PlannedAction(Record):
    what: Text
    who: Text
    due: Day | None = None


class Plan(Record):
    cause: Text
    actions: list[PlannedAction] = Field(min_length=1)
    approved_by: Text
    approved_on: Day


class Progress(Record):
    on: Day = Field(alias="date")
    note: Text
    by: str | None = None


class Verification(Record):
    on: Day = Field(alias="date")
    by: Text
    evidence: str | None = None
    effective: bool


class Closure(Record):
    on: Day = Field(alias="date")
    by: Text


class Action(Record):
    id: str | None = None  # defaults to the file name
    request: Request
    need: Need | None = None
    assignment: Assignment | None = None
    plan: Plan | None = None
    progress: list[Progress] = []
    verification: Verification | None = None
    closure: Closure | None = None
    reopened_as: str | None = None

    @property
    def state(self) -> ActionState:
        """Derived from which sections are filled, never stored (docs/records.md)."""
        return state_of(self)


# --- documents/*.md ---------------------------------------------------------


class Retention(Record):
    record: Text
    keeper: str | None = None
    years: int | None = None


class Revision(Record):
    revision: int
    on: Day = Field(alias="date")
    change: Text


class Withdrawal(Record):
    """Why and when a document was withdrawn (hết hiệu lực), and what replaces it."""

    on: Day = Field(alias="date")
    reason: Text
    replaced_by: str | None = None


class Document(Record):
    code: Text
    title: Text
    type: DocumentType
    revision: Annotated[int, Field(ge=0)] = 1
    issued: Day | None = None
    # draft (Soạn thảo) -> review (Xem xét) -> effective (Phê duyệt, ban hành) -> obsolete
    status: Literal["draft", "review", "effective", "obsolete"] = "draft"
    drafted_by: Person | None = None
    reviewed_by: Person | None = None
    reviewed: Day | None = None  # the day this revision was reviewed
    approved_by: Person | None = None
    withdrawal: Withdrawal | None = None
    clauses: list[Text] = []
    forms: list[Text] = []
    references: list[Text] = []  # other controlled documents it cites (tài liệu viện dẫn)
    retention: list[Retention] = []
    history: list[Revision] = []


# --- objectives/YYYY.yaml ---------------------------------------------------


class Metric(Record):
    kind: Text
    group: Literal["all", "lien-thong", "noi-bo"] = "all"
    procedure: str | None = None
    unit: str | None = None
    # "Không quá 2 hồ sơ trễ hạn mỗi tháng": judged month by month (or quarter by quarter), met
    # only when every one is; never by adding the months up.
    per: Literal["month", "quarter"] | None = None


class ObjectiveReport(Record):
    period: Text
    cause: str | None = None
    remedy: str | None = None


class Approval(Record):
    by: Text
    on: Day


class Objective(Record):
    text: Text
    # ">= 97%", or a bare number (`target: 2`): a quantity, not an identity, so the schema takes both.
    target: Annotated[
        str,
        BeforeValidator(lambda v: str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v),
        WithJsonSchema({"type": ["string", "number"]}),
    ]
    metric: Metric | None = None
    measures: str | None = None
    responsible: str | None = None
    evidence: str | None = None
    reports: list[ObjectiveReport] = []


class ObjectivesYear(Record):
    year: Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
    owner: Text
    approved: Approval | None = None
    objectives: list[Objective] = []


# --- reviews/ and audits/ ---------------------------------------------------


class Decision(Record):
    what: Text
    who: str | None = None
    due: Day | None = None
    # QT.CTCL 5.8.1.2: what a decision is about (cơ hội cải tiến, thay đổi HTQLCL, nguồn lực).
    about: Literal["improvement", "change", "resources"] | None = None
    done: Day | None = None  # when it was carried out: until then the agenda lists it


class Review(Record):
    """A management review (xem xét của lãnh đạo, QT.CTCL 5.8)."""

    id: str | None = None
    on: Day = Field(alias="date")
    start: Clock | None = None  # the meeting's times and place, as BM.CTCL.02 records them
    end: Clock | None = None
    place: str | None = None
    form: Literal["meeting", "report"] = "meeting"
    period: str | None = None
    chair: Person | None = None
    secretary: Person | None = None
    attendees: list[Text] = []
    inputs: dict[str, str] = {}
    decisions: list[Decision] = []


class AuditFinding(Record):
    unit: Text
    clause: Text
    kind: Literal["conformity", "nonconformity", "observation", "opportunity"]
    description: Text
    evidence: str | None = None  # what the auditor saw (bằng chứng đánh giá)
    by: str | None = None  # the auditor who found it
    action: str | None = None  # the corrective action it opened (QT.CTCL 5.2)


class Auditor(Record):
    name: Text
    unit: str | None = None  # an auditor does not audit their own unit (9.2.2 b)


class Audit(Record):
    """An internal audit (đánh giá nội bộ, clause 9.2): planned in the year's programme, then done."""

    id: str | None = None
    on: Day = Field(alias="date")
    status: Literal["planned", "done"] = "done"
    scope: str | None = None
    auditors: list[Annotated[Text, Field()] | Auditor] = []
    units: list[Text] = []
    processes: list[Text] = []  # the procedures audited (QT.NC.01 ...)
    findings: list[AuditFinding] = []

    def auditor_units(self) -> dict[str, str]:
        """Auditor's name -> their unit, for those whose unit is known."""
        return {a.name: a.unit for a in self.auditors if isinstance(a, Auditor) and a.unit}

    def auditor_names(self) -> list[str]:
        return [a.name if isinstance(a, Auditor) else a for a in self.auditors]


# --- risks/YYYY.yaml (6.1, HD.VP.02) -----------------------------------------


class RiskScale(Record):
    """Likelihood and impact are each scored 1..max; their product is the level: high from
    `high` on, medium from `medium` on, low below."""

    max: Annotated[int, Field(ge=2, le=10)] = 5
    high: Annotated[int, Field(ge=2, le=100)] = 12
    medium: Annotated[int, Field(ge=1, le=100)] = 6

    @model_validator(mode="after")
    def _thresholds_in_order(self) -> RiskScale:
        if not self.medium < self.high <= self.max * self.max:
            raise ValueError(_("the scale needs medium < high <= max × max"))
        return self


class RiskResponse(Record):
    # A risk is accepted, reduced, avoided or shared; an opportunity is pursued (or accepted).
    kind: Literal["accept", "reduce", "avoid", "share", "pursue"]
    what: Text
    owner: str | None = None
    due: Day | None = None
    reference: str | None = None  # the corrective action that carries it (CAR-2026-004)


class RiskReview(Record):
    """The review of a response's effect (6.1.2 b, 9.3.2 e)."""

    on: Day = Field(alias="date")
    by: Text
    effective: bool
    note: str | None = None
    likelihood: Annotated[int, Field(ge=1, le=10)] | None = None  # reassessed after the response
    impact: Annotated[int, Field(ge=1, le=10)] | None = None


class Risk(Record):
    id: Text
    type: Literal["risk", "opportunity"] = "risk"
    unit: Text
    process: str | None = None  # a procedure or document code (QT.TP.05)
    description: Text
    cause: str | None = None
    likelihood: Annotated[int, Field(ge=1, le=10)]
    impact: Annotated[int, Field(ge=1, le=10)]
    assessed: Day | None = None
    response: RiskResponse | None = None
    review: RiskReview | None = None


class RegisterReview(Record):
    """The year's review of the register by the leaders (HD.VP.02: each year)."""

    on: Day = Field(alias="date")
    by: Text
    note: str | None = None


class RiskRegister(Record):
    """risks/YYYY.yaml: the risks and opportunities of the office and its units for a year."""

    year: Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
    scale: RiskScale = RiskScale()
    reviewed: RegisterReview | None = None
    items: list[Risk] = []


# --- surveys/ (9.1.2, HD.VP.06) ----------------------------------------------


class SurveyScale(Record):
    """Answers are scored min..max; from `satisfied` on an answer is satisfied."""

    min: Annotated[int, Field(ge=0, le=10)] = 1
    max: Annotated[int, Field(ge=1, le=10)] = 5
    satisfied: Annotated[int, Field(ge=0, le=10)] = 4
    labels: list[Text] = []  # the words of each score, min to max ("Rất không hài lòng" …)

    @model_validator(mode="after")
    def _consistent(self) -> SurveyScale:
        if not self.min < self.max or not self.min < self.satisfied <= self.max:
            raise ValueError(_("the scale needs min < satisfied <= max"))
        if self.labels and len(self.labels) != self.max - self.min + 1:
            raise ValueError(_("the scale needs one label for each score from min to max"))
        return self


class Question(Record):
    code: Text
    text: Text
    theme: Literal["time", "attitude", "accuracy", "procedure", "facilities", "other"] = "other"


class SurveyResponse(Record):
    """One questionnaire returned: never who answered, only where and when."""

    on: Day = Field(alias="date")
    unit: str | None = None
    procedure: str | None = None
    answers: dict[str, Annotated[int, Field(ge=0, le=10)] | None] = {}
    comment: str | None = None


class SurveyImport(Record):
    """An export whose responses were added (`survey import`): the same file is not added twice."""

    file: Text
    on: Day = Field(alias="date")
    rows: Annotated[int, Field(ge=0)]
    digest: Text  # BLAKE2b of the export's bytes


class Survey(Record):
    """surveys/<id>.yaml: a satisfaction survey, its questions and the responses collected."""

    id: str | None = None  # defaults to the file name
    title: Text
    period: Text  # what the responses cover: 2025, 2025-H1, 2025-Q3 …
    scale: SurveyScale = SurveyScale()
    questions: Annotated[list[Question], Field(min_length=1)]
    imports: list[SurveyImport] = []
    responses: list[SurveyResponse] = []


# --- analyses/YYYY.md (9.1.3) ------------------------------------------------


class Analysis(Record):
    """analyses/YYYY.md: the year's data analysis, its text written by `qmsctl analysis`."""

    year: Annotated[int, Field(ge=FIRST_YEAR, le=LAST_YEAR)]
    on: Day = Field(alias="date")
    by: str | None = None
    sent_to: list[Text] = []  # Ban Chỉ đạo ISO, Lãnh đạo Văn phòng
