"""Festival dates against a second, independent calendar for every year they are checked."""

from __future__ import annotations

import datetime as _dt
import json
import math

import lunardate
import pytest
from click.testing import CliRunner

from laoganbu import InvalidValueError
from laoganbu.cli import main
from laoganbu.observances import builtin_observances, festivals, observance_date

LUNAR = {o.key: o for o in builtin_observances() if o.calendar == "lunar"}

#: Where lunardate's tables and lunar-python's astronomical calendar disagree: each lunar month
#: concerned begins with a new moon within minutes of midnight Beijing time (1978-09-02/03,
#: 2057-09-28/29), where calendars computed from different ephemerides differ by a day.
#: laoganbu follows lunar-python; the docs say so.
KNOWN_DIFFERENCES = {("zhongqiu", 1978): "1978-09-17", ("chongyang", 2057): "2057-10-07"}


@pytest.mark.parametrize("key", sorted(LUNAR))
def test_lunar_festivals_agree_with_lunardate(key: str) -> None:
    # lunardate is an independent implementation (its own tables) covering 1900–2099.
    observance = LUNAR[key]
    for year in range(1900, 2100):
        ours = observance_date(observance, year)
        if (key, year) in KNOWN_DIFFERENCES:
            assert ours.isoformat() == KNOWN_DIFFERENCES[(key, year)]
            continue
        expected = lunardate.LunarDate(year, observance.month, observance.day).to_solar_date()
        assert ours == expected, (key, year)


def _sun_longitude(jd: float) -> float:
    """The sun's apparent ecliptic longitude in degrees (Meeus, Astronomical Algorithms,
    ch. 25, low accuracy: about 0.01°)."""
    t = (jd - 2451545.0) / 36525
    l0 = 280.46646 + 36000.76983 * t + 0.0003032 * t * t
    m = math.radians(357.52911 + 35999.05029 * t - 0.0001537 * t * t)
    c = (
        (1.914602 - 0.004817 * t - 0.000014 * t * t) * math.sin(m)
        + (0.019993 - 0.000101 * t) * math.sin(2 * m)
        + 0.000289 * math.sin(3 * m)
    )
    omega = math.radians(125.04 - 1934.136 * t)
    return (l0 + c - 0.00569 - 0.00478 * math.sin(omega)) % 360


def _qingming(year: int) -> tuple[_dt.date, float]:
    """The China Standard Time day the sun reaches 15°, and how many hours from midnight."""
    jd = 2451545.0 + (_dt.date(year, 4, 5) - _dt.date(2000, 1, 1)).days - 0.5  # 00:00 UT
    for _ in range(50):  # Newton's method: the sun moves about 0.9856° a day
        diff = (_sun_longitude(jd) - 15 + 180) % 360 - 180
        jd -= diff / 0.9856
        if abs(diff) < 1e-7:
            break
    # Terrestrial time ≈ UT here (ΔT of about a minute is far below this method's accuracy).
    cst = jd + 0.5 + 8 / 24  # days since the epoch's midnight, in UTC+8
    day = _dt.date(2000, 1, 1) + _dt.timedelta(days=math.floor(cst - 2451545.0))
    hours = (cst - math.floor(cst)) * 24
    return day, min(hours, 24 - hours)


def test_qingming_agrees_with_an_astronomical_computation() -> None:
    checked = 0
    for year in range(1900, 2101):
        day, margin = _qingming(year)
        if margin < 0.5:  # too close to midnight for this method's accuracy: skip
            continue
        qingming = next(o for o in builtin_observances() if o.key == "qingming")
        assert observance_date(qingming, year) == day, year
        checked += 1
    assert checked > 180


def test_dates_published_in_the_policy_reference() -> None:
    chongyang = {2024: "10-11", 2025: "10-29", 2026: "10-18", 2027: "10-08", 2028: "10-26",
                 2029: "10-16", 2030: "10-05"}  # fmt: skip
    for year, md in chongyang.items():
        assert [f.date.isoformat() for f in festivals(year, ["chongyang"])] == [f"{year}-{md}"]
    assert festivals(2026, ["chunjie"])[0].date.isoformat() == "2026-02-17"
    assert festivals(2027, ["zhongqiu"])[0].date.isoformat() == "2027-09-15"


def test_solar_observances_and_order() -> None:
    found = festivals(2026)
    assert [f.date for f in found] == sorted(f.date for f in found)
    by_key = {f.key: f.date.isoformat() for f in found}
    assert by_key["qiyi"] == "2026-07-01" and by_key["bayi"] == "2026-08-01"
    assert by_key["guoqing"] == "2026-10-01" and by_key["yuandan"] == "2026-01-01"


def test_bad_years_and_keys() -> None:
    with pytest.raises(InvalidValueError, match="1900"):
        festivals(1899)
    with pytest.raises(InvalidValueError, match="2100"):
        festivals(2101)
    with pytest.raises(InvalidValueError, match="nonsense"):
        festivals(2026, ["nonsense"])
    assert festivals(2100, ["chunjie"])[0].date.isoformat() == "2100-02-09"


def test_cli_festivals_json() -> None:
    result = CliRunner().invoke(main, ["festivals", "--year", "2026", "--json"])
    data = json.loads(result.stdout)
    assert {"name": "重阳节", "key": "chongyang", "date": "2026-10-18"} in data
    assert all(set(item) == {"name", "key", "date"} for item in data)
    result = CliRunner().invoke(main, ["festivals", "--year", "1800"])
    assert result.exit_code == 2
