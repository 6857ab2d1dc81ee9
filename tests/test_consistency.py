"""The column form of a cadre's checks across fields agrees with ``Cadre.conflicts``.

An import skips the model's own check for the rows the expression passes, so the expression
may never pass a row the model would refuse; here they are held to the same answer.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from laoganbu.dates import PartialDate
from laoganbu.idnumber import id_check_character
from laoganbu.io.consistency import consistent
from laoganbu.models.cadre import Cadre, Health
from laoganbu.models.enums import CadreKind, Sex

DATES = st.one_of(
    st.none(),
    st.builds(PartialDate, st.integers(1900, 2030), st.integers(1, 12)),
    st.builds(PartialDate, st.integers(1900, 2030), st.integers(1, 12), st.integers(1, 28)),
    st.sampled_from(
        [
            PartialDate(1949, 9),
            PartialDate(1949, 9, 30),
            PartialDate(1949, 10),
            PartialDate(1949, 10, 1),
        ]
    ),
)


@st.composite
def values(draw: st.DrawFn) -> dict[str, Any]:
    """A cadre's fields, often inconsistent: dates before birth or in the future, ID numbers
    of another birth or sex, survivors without a cadre, members outside the Party, a family
    doctor's details where none was signed; a health check (``health_last_check``, as the
    frame names it) before birth or in the future."""
    birth = draw(
        st.builds(PartialDate, st.integers(1900, 2030), st.integers(1, 12)) | DATES.filter(bool)
    )
    sex = draw(st.sampled_from(Sex))
    number = None
    if draw(st.booleans()):
        born = draw(st.one_of(st.just(birth), DATES.filter(bool)))
        day = born.day or draw(st.integers(1, 28))
        odd = draw(st.booleans())
        first17 = f"140823{born.year:04d}{born.month:02d}{day:02d}00{1 if odd else 2}"
        number = first17 + id_check_character(first17)
    kind = draw(st.sampled_from(CadreKind))
    return {
        "id": "C1",
        "name": "某",
        "sex": sex,
        "birth_date": birth,
        "id_number": number,
        "kind": kind,
        "work_start": draw(DATES),
        "party_join": draw(DATES),
        "retirement_date": draw(DATES),
        "death_date": draw(DATES),
        "survivor_of": draw(st.sampled_from([None, "C2"])),
        "party_member": draw(st.booleans()),
        "mobile_party_member": draw(st.booleans()),
        "organization_id": draw(st.sampled_from([None, "O1"])),
        "family_doctor": draw(st.sampled_from([None, True, False])),
        "family_doctor_since": draw(DATES),
        "family_doctor_provider": draw(st.sampled_from([None, "城关镇卫生院"])),
        "retirement_talk_date": draw(DATES),
        "health_last_check": draw(DATES),
    }


def _frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    def text(value: Any) -> Any:
        if value is None or isinstance(value, bool | str):
            return value
        if isinstance(value, PartialDate):
            return value.isoformat()
        return value.value

    return pl.DataFrame([{k: text(v) for k, v in row.items()} for row in rows])


@settings(max_examples=300, deadline=None)
@given(st.lists(values(), min_size=1, max_size=20))
def test_the_column_check_agrees_with_the_model(rows: list[dict[str, Any]]) -> None:
    from laoganbu.idnumber import IdNumber

    records = [
        Cadre.model_construct(
            **{k: v for k, v in r.items() if k not in ("health_last_check", "id_number")},
            id_number=IdNumber.trusted(r["id_number"]) if r["id_number"] else None,
            health=Health(last_check=r["health_last_check"]),
        )
        for r in rows
    ]
    expected = [not record.conflicts() for record in records]
    assert consistent(Cadre, _frame(rows)) == expected


def test_other_models_have_no_column_check() -> None:
    assert consistent(PartialDate, pl.DataFrame({"a": [1]})) is None


def test_a_health_check_out_of_the_life_alone_is_caught() -> None:
    # The one conflict of these rows (random rows rarely have only this one).
    base = {"id": "C1", "name": "某", "sex": "male", "birth_date": "1950-01", "kind": "tuixiu"}
    rows = [{**base, "health_last_check": d} for d in ("1949-12", "1950-01", "2099-01", None)]
    records = [
        Cadre.model_construct(
            **{
                **base,
                "sex": Sex.MALE,
                "kind": CadreKind.TUIXIU,
                "birth_date": PartialDate(1950, 1),
            },
            health=Health(last_check=None if d is None else PartialDate.parse(d)),
        )
        for d in (r["health_last_check"] for r in rows)
    ]
    expected = [not record.conflicts() for record in records]
    assert expected == [False, True, False, True]
    assert consistent(Cadre, pl.DataFrame(rows)) == expected
