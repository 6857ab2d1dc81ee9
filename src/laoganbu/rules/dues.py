"""Monthly Party dues of a retired member (离退休党员党费).

The rule (关于中国共产党党费收缴、使用和管理的规定, 中组发〔2008〕3号, 第五条): a retired cadre's or
worker's monthly dues are a share of a monthly base — 0.5 % of a base up to 5,000 yuan (5,000
included), 1 % of a base above it, of the whole base (a flat rate by band, not a marginal one).
Since 2017 the base is the basic retirement pay or basic pension without allowances and subsidies
(组电明字〔2017〕5号), and a member in real hardship may pay less or nothing with the branch's
agreement. Every number is a parameter (``party_dues.retired.*``): a locality's layer may set
its own.

Money is exact: amounts are :class:`~decimal.Decimal` yuan, the dues rounded half up to the fen.
"""

from __future__ import annotations

import datetime as _dt
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import attrs

from laoganbu.dates import PartialDate, today_date
from laoganbu.errors import InvalidValueError
from laoganbu.params import Parameters, ParameterValue, as_day, resolve_parameters
from laoganbu.rules.explain import Explanation, Step, step

if TYPE_CHECKING:
    from laoganbu.locality import Locality

__all__ = ["PartyDues", "party_dues", "yuan"]

FEN = Decimal("0.01")
#: An amount as text: digits, and a decimal part.
_AMOUNT = re.compile(r"^[0-9]+(?:\.[0-9]+)?$")

#: The parameters the rule reads, in the order its explanation gives them.
PARAMETERS = (
    "party_dues.retired.base",
    "party_dues.retired.threshold",
    "party_dues.retired.rate_low",
    "party_dues.retired.rate_high",
)


def yuan(value: Decimal | int | str, what: str = "amount") -> Decimal:
    """An amount of money as exact yuan: a :class:`~decimal.Decimal`, a whole number or text
    (``"5000"``, ``"5,000.50"``). A float is refused: it cannot say an amount exactly."""
    if isinstance(value, bool | float):
        raise InvalidValueError(
            f"{what} {value!r}: give money as text, a whole number or a Decimal, not a float"
            " / 金额请以文本、整数或 Decimal 给出，不用浮点数"
        )
    if isinstance(value, str):
        text = value.strip().replace(",", "").replace("，", "")
        if text.startswith("-"):
            raise InvalidValueError(f"{what} {value!r} is negative / 金额不能为负")
        if not _AMOUNT.match(text):  # no exponent (1e3), sign or other spelling
            raise InvalidValueError(f"{what} {value!r} is not an amount / 不是金额")
        amount = Decimal(text)
    elif isinstance(value, int | Decimal):
        amount = Decimal(value)
        if amount.is_signed() and amount.is_zero():
            amount = Decimal(0)  # -0 is 0
    else:
        raise InvalidValueError(f"{what} {value!r} is not an amount / 不是金额")
    if not amount.is_finite():
        raise InvalidValueError(f"{what} {value!r} is not an amount / 不是金额")
    if amount < 0:
        raise InvalidValueError(f"{what} {value!r} is negative / 金额不能为负")
    if amount != amount.quantize(FEN):
        raise InvalidValueError(f"{what} {value!r} is finer than a fen / 金额精确到分")
    return amount


def _share(used: ParameterValue, name: str) -> Decimal:
    value = used.value
    if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
        raise InvalidValueError(f'{name} must be a share written as text, e.g. "0.005"')
    try:
        share = Decimal(str(value))
    except InvalidOperation:
        raise InvalidValueError(f"{name} {value!r} is not a share") from None
    if not 0 <= share <= 1:
        raise InvalidValueError(f"{name} {value!r} is not a share from 0 to 1")
    return share


@attrs.frozen
class PartyDues:
    """A retired member's monthly Party dues.

    Attributes:
        base: the monthly base (yuan).
        on: the day whose rules applied.
        rate: the share of the base due.
        above_threshold: whether the base is above the threshold (the higher rate).
        monthly: the dues, rounded half up to the fen.
        hardship: the member was said to be in real hardship: the branch may agree to less or
            nothing; :attr:`monthly` is still the standard amount.
    """

    base: Decimal
    on: _dt.date
    rate: Decimal
    above_threshold: bool
    monthly: Decimal
    hardship: bool
    used: tuple[tuple[str, ParameterValue], ...] = attrs.field(repr=False)

    def explain(self) -> Explanation:
        used = dict(self.used)
        threshold = used["party_dues.retired.threshold"].value
        band = "以上" if self.above_threshold else "以下（含）"
        side = "above" if self.above_threshold else "at most"
        percent = f"{(self.rate * 100).normalize():f}%"
        rate_name = f"party_dues.retired.rate_{'high' if self.above_threshold else 'low'}"
        steps: list[Step] = [
            step(
                f"计算基数：{used['party_dues.retired.base'].value}，本月 {self.base} 元"
                f" / base {self.base} yuan",
                "party_dues.retired.base",
                used["party_dues.retired.base"],
            ),
            step(
                f"{self.base} 元在 {threshold} 元{band} / {side} {threshold} yuan",
                "party_dues.retired.threshold",
                used["party_dues.retired.threshold"],
            ),
        ]
        steps.append(
            step(
                f"按 {percent} 交纳（全额计，不分段）：{self.base} × {self.rate} ="
                f" {self.monthly} 元，四舍五入到分 / {percent} of the whole base:"
                f" {self.monthly} yuan a month",
                rate_name,
                used[rate_name],
            )
        )
        if self.hardship:
            steps.append(
                Step(
                    "生活确有困难的，经党支部研究同意，可以少交或免交 / in real hardship, the"
                    " branch may agree to less or nothing"
                )
            )
        return Explanation("离退休党员党费 Party dues of a retired member", tuple(steps))

    def to_dict(self) -> dict[str, Any]:
        """Amounts as exact text (``"25.00"``), as laoganbu's JSON writes money."""
        return {
            "base": str(self.base),
            "on": self.on.isoformat(),
            "rate": str(self.rate),
            "above_threshold": self.above_threshold,
            "monthly": str(self.monthly),
            "hardship": self.hardship,
            "explain": self.explain().to_list(),
        }


def party_dues(
    base: Decimal | int | str,
    *,
    on: _dt.date | PartialDate | str | None = None,
    hardship: bool = False,
    params: Parameters | Locality | None = None,
) -> PartyDues:
    """The monthly Party dues of a retired member whose monthly base is ``base`` yuan.

    Args:
        base: the monthly base: since 2017 the basic retirement pay or pension without
            allowances (see ``party_dues.retired.base`` for the day's wording).
        on: the day whose rules apply (today in China by default).
        hardship: the member is in real hardship (noted in the explanation; the amount stays
            the standard one, which the branch may reduce).
        params: the parameters to use (a :class:`~laoganbu.Locality` or its parameters); the
            national ones by default.

    Raises:
        InvalidValueError: a base that is not an exact, non-negative amount (a float, text
            that is no number, a fraction of a fen).

    Example:
        >>> d = party_dues("5000.01", on="2026-01-01")
        >>> str(d.rate), str(d.monthly)
        ('0.01', '50.00')
    """
    amount = yuan(base, "base")
    params = resolve_parameters(params)
    day = today_date() if on is None else as_day(on)
    used = {name: params.at(name, day) for name in PARAMETERS}
    threshold = yuan(used["party_dues.retired.threshold"].value, "party_dues.retired.threshold")
    above = amount > threshold
    name = "party_dues.retired.rate_high" if above else "party_dues.retired.rate_low"
    rate = _share(used[name], name)
    monthly = (amount * rate).quantize(FEN, rounding=ROUND_HALF_UP)
    return PartyDues(
        base=amount,
        on=day,
        rate=rate,
        above_threshold=above,
        monthly=monthly,
        hardship=hardship,
        used=tuple(used.items()),
    )
