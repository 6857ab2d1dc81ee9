"""The batch rules (``laoganbu.batch``) give, row by row, what the per-record rules give, on
every engine.

Hypothesis draws persons and a day — one for the frame, or one for each row — and the batch rule
on a polars frame must equal the per-record calculator on each row (explanations aside), with
the national parameters and with a layer whose values change over time. One frame then goes
through every other engine — pandas, pyarrow, DuckDB, lazy polars, Dask and PySpark in local
mode — whose results must equal polars'.
"""

from __future__ import annotations

import datetime as _dt
import math
import random
import shutil
import warnings
from collections.abc import Callable, Iterator
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from laoganbu import (
    HealthStatus,
    InvalidValueError,
    ParameterNotInForceError,
    Parameters,
    PartialDate,
    RetirementCategory,
    age_profile,
    batch,
    default_parameters,
    lixiu_status,
    load_layer,
    statutory_retirement,
)
from laoganbu.testing import sample_roster

# -- persons -------------------------------------------------------------------------------------


@st.composite
def dates(draw: Any, low: int, high: int) -> PartialDate:
    year = draw(st.integers(low, high))
    month = draw(st.integers(1, 12))
    if draw(st.booleans()):
        return PartialDate(year, month)
    return PartialDate(year, month, draw(st.integers(1, 28)))


def spellings_of(enum: Any) -> list[str]:
    return [text for m in enum for text in (m.value, m.label, *m.aliases)]


# Joining dates cluster around the period boundaries and the cut-off, where rules can slip.
work_starts = st.one_of(
    st.none(),
    dates(1925, 1952),
    st.sampled_from(["1937-07", "1937-07-06", "1937-07-07", "1945-09", "1945-09-02"]),
    st.sampled_from(["1945-09-03", "1949-09", "1949-09-30", "1949-10", "1942-12-31"]),
).map(lambda d: d if d is None or isinstance(d, str) else d.isoformat())

persons = st.fixed_dictionaries(
    {
        "birth_date": dates(1940, 2010).map(PartialDate.isoformat),
        "retirement_category": st.sampled_from(spellings_of(RetirementCategory)),
        "health_status": st.one_of(st.none(), st.sampled_from(spellings_of(HealthStatus))),
        "work_start": work_starts,
    }
)

# Days before and after the 2024 reform took effect, the 2011 and 2009 allowance changes …
days = st.one_of(
    st.dates(_dt.date(1990, 1, 1), _dt.date(2045, 12, 31)),
    st.dates(_dt.date(2024, 11, 1), _dt.date(2025, 2, 28)),
    st.dates(_dt.date(1990, 1, 1), _dt.date(2045, 12, 31)).map(
        lambda d: PartialDate(d.year, d.month)
    ),
)


def frame_of(rows: list[dict[str, Any]]) -> pl.DataFrame:
    names = persons_columns() + (["checked_on"] if rows and "checked_on" in rows[0] else [])
    return pl.DataFrame(
        [{"id": i, **row} for i, row in enumerate(rows)],
        schema={"id": pl.Int64, **dict.fromkeys(names, pl.String)},
    )


def persons_columns() -> list[str]:
    return ["birth_date", "retirement_category", "health_status", "work_start"]


# A layer whose values change over time, so that "the value in force on the day" is tested:
# 高龄 from 75 until 2029, bands and 双高期 statuses of its own, a later delay start for men.
LOCAL_LAYER = """
jurisdiction = "999999"
name = "测试县"

[sources.T1]
title = "测试用参数"

[[parameter]]
name = "age.advanced_min"
  [[parameter.values]]
  value = 75
  from = 2000-01-01
  to = 2029-12-31
  source = "T1"
  [[parameter.values]]
  value = 78
  from = 2030-01-01
  source = "T1"

[[parameter]]
name = "age.bands"
  [[parameter.values]]
  value = [55, 65, 75, 85, 95]
  from = 2020-01-01
  source = "T1"

[[parameter]]
name = "age.double_high.health_statuses"
  [[parameter.values]]
  value = ["serious"]
  from = 2020-01-01
  source = "T1"

[[parameter]]
name = "retirement.male.delay_start"
  [[parameter.values]]
  value = "1966-03"
  from = 2030-01-01
  source = "T1"

[[parameter]]
name = "lixiu.nursing_fee.liberation"
  [[parameter.values]]
  value = 260
  from = 2020-01-01
  source = "T1"
"""


@pytest.fixture(scope="module")
def local(tmp_path_factory: pytest.TempPathFactory) -> Parameters:
    path = tmp_path_factory.mktemp("layer") / "local.toml"
    path.write_text(LOCAL_LAYER, encoding="utf-8")
    return default_parameters().with_layer(load_layer(path))


def parameters_named(params: str, local: Parameters) -> Parameters:
    return local if params == "local" else default_parameters()


# -- per-record and batch agree ------------------------------------------------------------------

SETTINGS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
# Each example of a rule on each row's own day builds the rule once a span of days: dearer.
ROW_DAY_SETTINGS = settings(SETTINGS, max_examples=25)


def expected_retirement(row: dict[str, Any], on: Any, params: Parameters) -> dict[str, Any]:
    r = statutory_retirement(row["birth_date"], row["retirement_category"], on=on, params=params)
    return {
        "retirement_original_age_months": r.original_age_months,
        "retirement_delay_months": r.delay_months,
        "retirement_age_months": r.age_months,
        "retirement_month": r.retirement_month.isoformat(),
        "retirement_earliest_age_months": r.earliest_age_months,
        "retirement_earliest_month": r.earliest_month.isoformat(),
        "retirement_latest_age_months": r.latest_age_months,
        "retirement_latest_month": r.latest_month.isoformat(),
    }


def expected_age(row: dict[str, Any], on: Any, params: Parameters) -> dict[str, Any]:
    try:
        p = age_profile(row["birth_date"], on=on, health=row["health_status"], params=params)
    except InvalidValueError:  # born after the day
        return dict.fromkeys(batch.AGE_COLUMNS)
    return {
        "age": p.age,
        "age_band": p.band,
        "elderly": p.elderly,
        "advanced_age": p.advanced,
        "double_high": p.double_high,
    }


def expected_lixiu(row: dict[str, Any], on: Any, params: Parameters) -> dict[str, Any]:
    if row["work_start"] is None:
        return dict.fromkeys(batch.LIXIU_COLUMNS)
    s = lixiu_status(row["work_start"], on=on, params=params)
    return {
        "lixiu_eligible": s.eligible,
        "lixiu_ambiguous": s.ambiguous,
        "lixiu_period": None if s.period is None else s.period.key,
        "lixiu_period_label": None if s.period is None else s.period.label,
        "lixiu_allowance_months": s.allowance_months,
        "lixiu_nursing_fee": s.nursing_fee,
        "lixiu_nursing_fee_fully_dependent": s.nursing_fee_fully_dependent,
    }


RULES: dict[str, tuple[Callable[..., Any], Callable[..., dict[str, Any]], dict[str, str]]] = {
    "retirement": (batch.retirement, expected_retirement, batch.RETIREMENT_COLUMNS),
    "age": (batch.age_profile, expected_age, batch.AGE_COLUMNS),
    "lixiu": (batch.lixiu_status, expected_lixiu, batch.LIXIU_COLUMNS),
}


@pytest.mark.parametrize("params", ["national", "local"])
@pytest.mark.parametrize("rule", list(RULES))
@SETTINGS
@given(rows=st.lists(persons, min_size=1, max_size=25), on=days)
def test_batch_rule_equals_the_per_record_rule(
    rule: str, params: str, rows: list[dict[str, Any]], on: Any, local: Parameters
) -> None:
    apply, expected, columns = RULES[rule]
    store = parameters_named(params, local)
    try:
        wanted = [expected(row, on, store) for row in rows]
    except ParameterNotInForceError:
        # A day before a parameter the rule needs was in force: the batch rule refuses too.
        with pytest.raises(ParameterNotInForceError):
            apply(frame_of(rows), on=on, params=store)
        return
    try:
        result = apply(frame_of(rows), on=on, params=store)
    except ParameterNotInForceError:
        # The batch rule reads its parameters before looking at any row; the per-record rule
        # raised nothing only because it judged no row (all born after the day).
        assert all(want == dict.fromkeys(columns) for want in wanted)
        return
    assert isinstance(result, pl.DataFrame)
    got = result.select(list(columns)).to_dicts()
    for row, actual, want in zip(rows, got, wanted, strict=True):
        assert actual == want, row


def or_nulls(expected: Callable[..., dict[str, Any]], columns: dict[str, str]) -> Any:
    def judge(row: dict[str, Any], on: Any, params: Parameters) -> dict[str, Any]:
        try:
            return expected(row, on, params)
        except ParameterNotInForceError:
            return dict.fromkeys(columns)

    return judge


# Each row's own day, from before the first parameters (1978, 1982, 1996) to after the last.
row_days = st.one_of(
    st.dates(_dt.date(1970, 1, 1), _dt.date(2045, 12, 31)).map(_dt.date.isoformat),
    dates(1970, 2045).map(PartialDate.isoformat),
    st.sampled_from(["2024-12-31", "2025-01-01", "2010-12-31", "2011-01", "1996-10-01"]),
)


@pytest.mark.parametrize("params", ["national", "local"])
@pytest.mark.parametrize("rule", list(RULES))
@ROW_DAY_SETTINGS
@given(rows=st.lists(persons, min_size=1, max_size=25), days=st.data())
def test_each_row_judged_on_its_own_day(
    rule: str, params: str, rows: list[dict[str, Any]], days: Any, local: Parameters
) -> None:
    # Where a parameter changes between rows' days, each row gets the value in force on its
    # own day: the per-record rule asked with that day.
    apply, expected, columns = RULES[rule]
    store = parameters_named(params, local)
    on = [days.draw(row_days) for _ in rows]
    frame = frame_of(rows).with_columns(checked_on=pl.Series(on, dtype=pl.String))
    got = apply(frame, on_column="checked_on", params=store).select(list(columns)).to_dicts()
    judge = or_nulls(expected, columns)
    for row, day, actual in zip(rows, on, got, strict=True):
        assert actual == judge(row, day, store), (row, day)


def test_on_and_on_column_are_not_both_given() -> None:
    frame = pl.DataFrame(
        {"birth_date": ["1965-01"], "retirement_category": ["male"], "d": ["2026-01"]}
    )
    with pytest.raises(InvalidValueError, match="on_column"):
        batch.retirement(frame, on="2026-01-01", on_column="d")


@SETTINGS
@given(
    rows=st.lists(persons, min_size=1, max_size=10),
    on=st.dates(_dt.date(1997, 1, 1), _dt.date(2045, 12, 31)),
)
def test_date_columns_give_what_text_gives(rows: list[dict[str, Any]], on: Any) -> None:
    text = frame_of(rows)
    typed = text.with_columns(
        pl.col("birth_date")
        .str.to_date("%Y-%m-%d", strict=False)
        .fill_null(pl.col("birth_date").str.to_date("%Y-%m", strict=False))
        .alias("birth_date"),
    )
    for apply in (batch.retirement, batch.age_profile):
        assert apply(typed, on=on).equals(apply(text, on=on).with_columns(typed["birth_date"]))


def test_unknown_category_and_missing_birth_give_nulls() -> None:
    frame = pl.DataFrame(
        {"birth_date": ["1965-01", None, "1965-01"], "retirement_category": ["male", "male", "x"]}
    )
    result = batch.retirement(frame, on="2026-01-01")
    assert result["retirement_month"].to_list() == ["2025-02", None, None]


def test_age_without_a_health_column() -> None:
    frame = pl.DataFrame({"birth_date": ["1940-03", "1960-03"]})
    result = batch.age_profile(frame, on="2026-11-01", health=None)
    assert result["double_high"].to_list() == [None, False]


def test_spans_cut_at_every_effective_date(local: Parameters) -> None:
    from laoganbu.batch._days import spans

    names = ["age.advanced_min", "age.bands"]
    firsts = [first for first, _ in spans(local, names)]
    # national 1996-10-01 (advanced_min) and 1949-10-01 (bands); the layer's 2000, 2020, 2030
    assert [d.isoformat() for d in firsts[1:]] == [
        "1949-10-01",
        "1996-10-01",
        "2000-01-01",
        "2020-01-01",
        "2030-01-01",
    ]


def test_cadres_frame_women_category() -> None:
    frame = batch.cadres_frame(sample_roster(), women="女工人")
    assert set(frame["retirement_category"]) == {"male", "female-worker"}


def test_missing_column_is_named() -> None:
    with pytest.raises(InvalidValueError, match="birth_date"):
        batch.retirement(pl.DataFrame({"born": ["1965-01"]}), on="2026-01-01")


def test_cadres_frame_feeds_every_rule() -> None:
    roster = sample_roster()
    frame = batch.cadres_frame(roster)
    assert list(frame.columns) == list(batch.CADRE_COLUMNS)
    assert frame.height == len(roster.cadres)
    out = batch.lixiu_status(
        batch.age_profile(batch.retirement(frame, on="2026-11-01"), on="2026-11-01"),
        on="2026-11-01",
    )
    for cadre, row in zip(roster.cadres, out.to_dicts(), strict=True):
        category = "male" if cadre.sex.value == "male" else "female-cadre"
        r = statutory_retirement(cadre.birth_date, category, on="2026-11-01")
        assert row["retirement_month"] == r.retirement_month.isoformat()
        assert row["age"] == age_profile(cadre.birth_date, on="2026-11-01").age


# -- every engine gives polars' result ----------------------------------------------------------


def sample_frame(n: int = 400, seed: int = 7) -> pl.DataFrame:
    rng = random.Random(seed)
    cats = spellings_of(RetirementCategory)
    health = [None, *spellings_of(HealthStatus)]
    rows = []
    for _ in range(n):
        birth = PartialDate(rng.randint(1940, 2010), rng.randint(1, 12), rng.choice([None, 9, 28]))
        start = PartialDate(rng.randint(1930, 1951), rng.randint(1, 12), rng.choice([None, 3]))
        day = PartialDate(rng.randint(1975, 2040), rng.randint(1, 12), rng.choice([None, 1, 15]))
        rows.append(
            {
                "birth_date": birth.isoformat(),
                "retirement_category": rng.choice(cats),
                "health_status": rng.choice(health),
                "work_start": start.isoformat(),
                "checked_on": day.isoformat(),
            }
        )
    return frame_of(rows)


def everything(frame: Any, on: str = "2026-11-01") -> Any:
    for apply in (batch.retirement, batch.age_profile, batch.lixiu_status):
        frame = apply(frame, on=on)
    return frame


def each_day(frame: Any) -> Any:
    """Every rule, each row on its own day (``checked_on``)."""
    frame = batch.retirement(frame, on_column="checked_on")
    frame = batch.age_profile(frame, on_column="checked_on")
    return batch.lixiu_status(frame, on_column="checked_on")


def plain(value: Any) -> Any:
    """A value as Python compares it: nulls as None, numbers as floats."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        value = value.item()
    if isinstance(value, bool | str):
        return value
    if isinstance(value, int | float):
        return float(value)
    return value


def rows_of(frame: pl.DataFrame) -> list[tuple[Any, ...]]:
    return [tuple(plain(v) for v in row) for row in frame.sort("id").iter_rows()]


ALL_COLUMNS = [
    "id",
    *persons_columns(),
    "checked_on",
    *batch.RETIREMENT_COLUMNS,
    *batch.AGE_COLUMNS,
    *batch.LIXIU_COLUMNS,
]


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    # No missing values: pandas' numpy-backed columns cannot hold a null integer to cast.
    return sample_frame().with_columns(pl.col("health_status").fill_null("good"))


def both(frame: Any) -> tuple[Any, Any]:
    """The rules on one day for all, and each row on its own day."""
    return everything(frame), each_day(frame)


#: The rows of :func:`both`'s two results on polars.
Expected = tuple[list[tuple[Any, ...]], ...]


@pytest.fixture(scope="module")
def expected(frame: pl.DataFrame) -> Expected:
    return tuple(rows_of(result.select(ALL_COLUMNS)) for result in both(frame))


def to_polars(native: Any) -> pl.DataFrame:
    if isinstance(native, pl.DataFrame):
        return native
    if hasattr(native, "compute"):  # Dask
        native = native.compute()
    if hasattr(native, "toPandas"):  # PySpark: rows, not toPandas, which pandas 3 warns about
        return pl.DataFrame([row.asDict() for row in native.collect()], infer_schema_length=None)
    if hasattr(native, "pl"):  # DuckDB relation
        return native.pl()
    if hasattr(native, "to_pandas") and not hasattr(native, "iloc"):  # pyarrow
        return pl.from_arrow(native)  # type: ignore[return-value]
    return pl.from_pandas(native)


ENGINES: dict[str, Callable[[pl.DataFrame], Any]] = {
    "pandas": lambda f: f.to_pandas(),
    "pyarrow": lambda f: f.to_arrow(),
    "duckdb": lambda f: __import__("duckdb").from_arrow(f.to_arrow()),
    "polars-lazy": lambda f: f.lazy(),
}


@pytest.mark.parametrize("engine", list(ENGINES))
def test_engine_gives_polars_result(engine: str, frame: pl.DataFrame, expected: Expected) -> None:
    native = ENGINES[engine](frame)
    for result, wanted in zip(both(native), expected, strict=True):
        assert type(result) is type(native)
        if isinstance(result, pl.LazyFrame):
            result = result.collect()
        assert rows_of(to_polars(result).select(ALL_COLUMNS)) == wanted


@pytest.fixture
def no_dask_warning() -> Iterator[None]:
    with warnings.catch_warnings():
        # narwhals announces that Dask support moves to a separate package in a later release.
        warnings.filterwarnings("ignore", "Dask support is moving", FutureWarning)
        yield


def test_dask_gives_polars_result(
    frame: pl.DataFrame, expected: Expected, no_dask_warning: None
) -> None:
    dd = pytest.importorskip("dask.dataframe")
    native = dd.from_pandas(frame.to_pandas(), npartitions=3)
    for result, wanted in zip(both(native), expected, strict=True):
        assert isinstance(result, dd.DataFrame)  # lazy until computed
        assert rows_of(to_polars(result).select(ALL_COLUMNS)) == wanted


@pytest.fixture(scope="session")
def spark() -> Iterator[Any]:
    pytest.importorskip("pyspark")
    if shutil.which("java") is None:
        pytest.skip("PySpark needs Java (.ci/run installs it)")
    from pyspark.sql import SparkSession

    session = (
        SparkSession.builder.master("local[2]")
        .appName("laoganbu-tests")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate()
    )
    session.sparkContext.setLogLevel("ERROR")
    yield session
    session.stop()


# PySpark warns that it has not been tested with pandas 3; the result is compared in full here.
@pytest.mark.filterwarnings("ignore:PySpark does not yet fully support pandas:FutureWarning")
def test_pyspark_gives_polars_result(spark: Any, frame: pl.DataFrame, expected: Expected) -> None:
    native = spark.createDataFrame(frame.rows(), schema=frame.columns)
    for result, wanted in zip(both(native), expected, strict=True):
        assert type(result) is type(native)
        assert rows_of(to_polars(result).select(ALL_COLUMNS)) == wanted


def test_text_that_is_no_real_date_gets_nulls_never_another_date() -> None:
    # The per-record rules refuse these; read by position they became other months.
    texts = ["1965-13", "1965-00", "1965-02-30", "1965-02-29", "1965.1", "1949-9-30", "abc"]
    frame = pl.DataFrame({"birth_date": texts, "retirement_category": ["male"] * len(texts)})
    for text in texts:
        if text == "1949-9-30":
            continue  # read per record; the batch rules read the forms laoganbu writes only
        with pytest.raises(InvalidValueError):
            statutory_retirement(text, "male", on="2026-01-01")
    assert batch.retirement(frame, on="2026-01-01")["retirement_month"].to_list() == [None] * 7
    ages = batch.age_profile(frame, on="2026-01-03", health=None)["age"].to_list()
    assert ages == [None] * 7
    work = pl.DataFrame({"work_start": ["1949.1", "1949-09-30", "1964-02-29"]})
    assert batch.lixiu_status(work, on="2026-01-01")["lixiu_eligible"].to_list() == [
        None,
        True,
        False,
    ]


def test_missing_dates_in_pandas_and_polars_columns_get_nulls() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "birth_date": pd.to_datetime(["1965-01-15", None]),
            "retirement_category": ["male", "male"],
        }
    )
    months = batch.retirement(frame, on="2026-01-01")["retirement_month"].tolist()
    expected = statutory_retirement("1965-01-15", "male", on="2026-01-01").retirement_month
    assert months[0] == expected.isoformat()
    assert pd.isna(months[1])
    nothing = pl.DataFrame({"work_start": [None, None]})  # polars' Null type: no value at all
    assert batch.lixiu_status(nothing, on="2026-01-01")["lixiu_eligible"].to_list() == [None, None]
