"""The `holidays` package's Vietnamese data that every golden value of the tests depends on
(docs/rules.md section 3): the days off of 2025 and 2026 as the government announced them, and
the Saturdays worked in exchange. A release that changes them fails here, by name, before any
figure silently moves; pyproject.toml pins the release this was checked on."""

from __future__ import annotations

from datetime import date

import holidays

EXPECTED = {
    2025: [
        date(2025, 1, 1),  # Tết Dương lịch
        *(date(2025, 1, day) for day in range(27, 32)),  # Tết Nguyên đán: 27/01 to 01/02
        date(2025, 2, 1),
        date(2025, 4, 7),  # Giỗ Tổ Hùng Vương
        date(2025, 4, 30),
        date(2025, 5, 1),
        date(2025, 5, 2),  # nghỉ bù for Saturday 26/04/2025, worked
        date(2025, 9, 1),
        date(2025, 9, 2),
    ],
    2026: [
        date(2026, 1, 1),
        *(date(2026, 2, day) for day in range(16, 21)),  # Tết Nguyên đán: 16/02 to 20/02
        date(2026, 4, 26),  # Giỗ Tổ Hùng Vương, a Sunday,
        date(2026, 4, 27),  # observed on the Monday
        date(2026, 4, 30),
        date(2026, 5, 1),
        date(2026, 8, 31),  # nghỉ bù for Saturday 22/08/2026, worked
        date(2026, 9, 1),
        date(2026, 9, 2),
        date(2026, 11, 24),  # Ngày Văn hóa Việt Nam, a day off from 2026
    ],
}
WORKED_SATURDAYS = {date(2025, 4, 26), date(2026, 8, 22)}


def test_the_days_off_of_2025_and_2026_are_those_announced() -> None:
    for year, expected in EXPECTED.items():
        found = sorted(holidays.country_holidays("VN", years=year))
        assert found == sorted(set(expected)), f"holidays {holidays.__version__} changed VN {year}"


def test_the_saturdays_worked_in_exchange() -> None:
    law = holidays.country_holidays("VN", years=[2025, 2026])
    assert {d for d in law.weekend_workdays if d.year in (2025, 2026)} == WORKED_SATURDAYS


def test_a_new_years_calendar_holds_each_swap_in_pairs_as_the_demos_2026() -> None:
    """`calendar add 2026` (and init) writes the swaps of 2026 as the demo's own file has them:
    02/01 off for Saturday 10/01 worked, and Saturday 22/08 worked for 31/08 off."""
    from pathlib import Path

    import yaml

    from qmsctl.founding import calendar_text

    written = yaml.safe_load(calendar_text(2026))
    demo = yaml.safe_load((Path(__file__).parent.parent / "records/calendar/2026.yaml").read_text(encoding="utf-8"))
    assert set(written["days_off"]) == set(demo["days_off"]) == {date(2026, 1, 2)}
    assert set(written["work_days"]) == set(demo["work_days"]) == {date(2026, 1, 10), date(2026, 8, 22)}
    assert written["work_days"] and "31/08/2026" in calendar_text(2026)
    assert yaml.safe_load(calendar_text(2025))["work_days"] == [date(2025, 4, 26)]  # for Friday 02/05/2025
