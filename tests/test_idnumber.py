"""Citizen ID numbers against an independent implementation of GB 11643-1999, on thousands of
generated valid and corrupted numbers; extraction; masking; the cross-check with the record."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from laoganbu import Cadre, IdNumber, InvalidIdNumberError, id_check_character, normalize_id_number

# -- the independent implementation -------------------------------------------------------------
# Written from the standard, not from laoganbu's code: ISO 7064 MOD 11-2 with the weight of the
# character at position i (counted from the right, the check character being position 1) equal
# to 2^(i-1) mod 11; check value (12 - sum mod 11) mod 11, with 10 written as X.

PROVINCE_PREFIXES = sorted(
    {"11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
     "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
     "65", "71", "81", "82"}
)  # fmt: skip
TODAY = dt.date(2026, 11, 22)


def reference_check(body: str) -> str:
    total = 0
    for position_from_left, char in enumerate(body, start=1):
        position_from_right = 19 - position_from_left  # 18 .. 2
        total += int(char) * pow(2, position_from_right - 1, 11)
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def reference_valid(number: str) -> bool:
    """Whether an 18- or 15-character number is valid; 15-digit numbers by their upgrade."""
    text = number.strip().upper()
    if len(text) == 15:
        if not (text.isascii() and text.isdigit()):
            return False
        body = text[:6] + "19" + text[6:]
        text = body + reference_check(body)
    if len(text) != 18 or not text.isascii():
        return False
    body, check = text[:17], text[17]
    if not body.isdigit() or not (check.isdigit() or check == "X"):
        return False
    if reference_check(body) != check:
        return False
    if body[:2] not in PROVINCE_PREFIXES:
        return False
    try:
        born = dt.date(int(body[6:10]), int(body[10:12]), int(body[12:14]))
    except ValueError:
        return False
    return born.year >= 1850 and born <= TODAY


def laoganbu_valid(number: str) -> bool:
    try:
        normalize_id_number(number)
    except InvalidIdNumberError:
        return False
    return True


def make_valid(r: random.Random) -> str:
    born = dt.date(1900, 1, 1) + dt.timedelta(
        days=r.randrange((dt.date(2020, 12, 31) - dt.date(1900, 1, 1)).days)
    )
    body = (
        r.choice(PROVINCE_PREFIXES)
        + f"{r.randrange(100):02d}{r.randrange(100):02d}"
        + born.strftime("%Y%m%d")
        + f"{r.randrange(1000):03d}"
    )
    return body + reference_check(body)


def corrupt(number: str, r: random.Random) -> str:
    kind = r.randrange(8)
    chars = list(number)
    if kind == 0:  # one digit changed
        i = r.randrange(17)
        chars[i] = str((int(chars[i]) + 1 + r.randrange(9)) % 10)
    elif kind == 1:  # two adjacent characters swapped
        i = r.randrange(16)
        chars[i], chars[i + 1] = chars[i + 1], chars[i]
    elif kind == 2:  # wrong check character
        chars[17] = r.choice([c for c in "0123456789X" if c != chars[17]])
    elif kind == 3:  # impossible date
        chars[10:14] = list(r.choice(["1332", "0230", "0431", "0000", "0100"]))
    elif kind == 4:  # unknown province
        chars[0:2] = list(r.choice(["00", "10", "19", "29", "55", "66", "90", "99"]))
    elif kind == 5:  # wrong length
        return number[: r.choice([14, 16, 17])] if r.random() < 0.5 else number + "1"
    elif kind == 6:  # a letter where a digit belongs
        chars[r.randrange(17)] = r.choice("ABXx")
    else:  # lowercase x is accepted as X
        return number[:17] + "x"
    return "".join(chars)


def test_thousands_of_generated_numbers_agree_with_the_reference() -> None:
    r = random.Random(20261122)
    valid = [make_valid(r) for _ in range(5000)]
    corrupted = [corrupt(n, r) for n in valid]
    legacy = [n[:6] + n[8:17] for n in valid if n[6:8] == "19"]  # 15-digit forms
    for number in valid + corrupted + legacy:
        assert laoganbu_valid(number) == reference_valid(number), number
    assert sum(map(reference_valid, corrupted)) < len(corrupted) * 0.25
    assert len(legacy) > 3000
    for n in legacy[:500]:  # the upgrade gives back the 18-digit number
        assert normalize_id_number(n) == n[:6] + "19" + n[6:] + reference_check(
            n[:6] + "19" + n[6:]
        )


@settings(max_examples=500, deadline=None)
@given(body=st.text(alphabet="0123456789", min_size=17, max_size=17))
def test_check_character_agrees_with_the_reference(body: str) -> None:
    assert id_check_character(body) == reference_check(body)


def test_known_numbers() -> None:
    # The standard's worked example (GB 11643-1999 appendix): 11010519491231002X.
    assert reference_check("11010519491231002") == "X"
    number = IdNumber("11010519491231002X")
    assert (number.birth_date.isoformat(), number.sex, number.division_code) == (
        "1949-12-31",
        "female",
        "110105",
    )
    assert IdNumber("110105491231002").reveal() == "11010519491231002X"  # legacy upgraded
    assert IdNumber(" 11010519491231002x ").reveal() == "11010519491231002X"
    assert IdNumber("１１０１０５１９４９１２３１００２Ｘ").reveal() == "11010519491231002X"


@pytest.mark.parametrize(
    "bad", ["11010519491231002", "110105194912310021", "00010519491231002X", "11010519491331002X",
            "1101051949123100AX", "", "11010520991231002X"],
)  # fmt: skip
def test_messages_never_show_the_number(bad: str) -> None:
    with pytest.raises(InvalidIdNumberError) as info:
        normalize_id_number(bad)
    if len(bad) >= 8:
        assert bad[3:14] not in str(info.value)


def _cadre(**fields: object) -> Cadre:
    base: dict[str, object] = {"id": "C1", "name": "张三", "kind": "退休"}
    return Cadre.model_validate({**base, **fields})


def test_cadre_cross_checks_birth_and_sex() -> None:
    number = "11010519491231002X"  # female, born 1949-12-31
    assert _cadre(sex="女", birth_date="1949.12", id_number=number).id_number is not None
    with pytest.raises(ValidationError) as info:
        _cadre(sex="男", birth_date="1949.12", id_number=number)
    assert "性别" in str(info.value) and number not in str(info.value)
    with pytest.raises(ValidationError) as info:
        _cadre(sex="女", birth_date="1950.01", id_number=number)
    assert "出生" in str(info.value) and number not in str(info.value)
