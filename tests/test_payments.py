"""The payments ledger (待遇发放台账, #15): exact money, every bad row reported with its reason,
the same outcome read row by row or as columns, and money paid after a death flagged."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from laoganbu import Cadre, FundingSource, Payment, PaymentKind, Roster, read_frame, read_table
from laoganbu.models.roster import LEDGERS, TABLES

HEADERS = (
    "编号,干部编号,发放类型,发放项目,所属期间起,所属期间止,金额（元）,资金来源,发放日期,凭证号,备注"
    "\n"
)


def _cadre(cid: str, death: str | None = None, kind: str = "离休") -> Cadre:
    return Cadre.model_validate(
        {"id": cid, "name": "某", "sex": "男", "birth_date": "1930.01", "kind": kind,
         "work_start": "1948.03", "death_date": death}
    )  # fmt: skip


ROSTER = Roster(cadres=(_cadre("C1"), _cadre("C2", death="2026-02-10")))


def test_a_payment_is_exact_and_covers_months() -> None:
    p = Payment(
        id="P1", cadre_id="C1", kind="护理费", period_from="2026-01", period_to="2026-03",
        amount="1200.00", source="财政", paid_on="2026-01-05",
    )  # fmt: skip
    assert p.kind is PaymentKind.NURSING_FEE and p.source is FundingSource.FINANCE
    assert p.amount == Decimal("1200.00") and p.months == 3
    assert Payment(id="P2", cadre_id="C1", kind="lixiu_pay", period_from="2026-05",
                   amount=6200, paid_on="2026-05-05").months == 1  # fmt: skip
    assert "payments" in TABLES and "payments" in LEDGERS


def _file(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "payments.csv"
    path.write_text(HEADERS + rows, encoding="utf-8")
    return path


ROWS = """\
P1,C1,离休费,,2026-01,,6200,财政,2026-01-05,,
P2,C1,护理费,,2026-01,2026-03,1200,财政,2026-01-05,,
P3,C1,慰问金,春节慰问,2026-02,,500,单位,2026-02-10,,
P4,C1,离休费,,2026-03,2026-01,6200,财政,2026-03-05,,
P5,C1,离休费,,2026-04,,-5,财政,2026-04-05,,
P6,C9,离休费,,2026-04,,100,财政,2026-04-05,,
P7,C1,离休费,,2026-05,,0,财政,2026-05-05,,
P8,C1,医药费,,2026-05,,100.005,医保,2026-05-05,,
P9,C2,离休费,,2026-03,,6200,财政,2026-03-05,,
P10,C2,丧葬抚恤,,2026-03,,30000,单位,2026-03-05,,
P11,C2,离休费,,2026-02,,6200,财政,2026-02-05,,
"""


@pytest.mark.parametrize("against", [None, ROSTER], ids=["alone", "against-roster"])
def test_bad_rows_are_reported_with_their_reason_the_same_both_ways(
    tmp_path: Path, against: Roster | None
) -> None:
    path = _file(tmp_path, ROWS)
    slow = read_table(path, "payments", against=against)
    fast = read_frame(path, "payments", against=against)
    assert [str(p) for p in slow.problems] == [str(p) for p in fast.problems]
    by_row = {p.row: p for p in slow.problems}
    assert "ends (2026-01) before it starts" in by_row[5].message
    assert "greater than 0" in by_row[6].message and "greater than 0" in by_row[8].message
    assert "decimal places" in by_row[9].message
    if against is None:
        assert {p.row for p in slow.problems if p.severity == "error"} == {5, 6, 8, 9}
        return
    assert "unknown cadres id 'C9'" in by_row[7].message
    # Money for the months after the death, but not the funeral pay nor the month of death.
    assert by_row[10].code == "paid-after-death" and by_row[10].severity == "warning"
    assert 11 not in by_row and 12 not in by_row
    assert fast.accepted == len(slow.roster.payments) == 6


def test_money_stays_exact_as_columns(tmp_path: Path) -> None:
    fast = read_frame(_file(tmp_path, "P1,C1,离休费,,2026-01,,6200.50,财政,2026-01-05,,\n"),
                      "payments")  # fmt: skip
    (record,) = fast.records()
    assert record.amount == Decimal("6200.50") and isinstance(record.amount, Decimal)


def test_mis_periodised_payments_are_refused(tmp_path: Path) -> None:
    rows = (
        "P1,C1,生活补贴,,2025-12,2026-11,30000,财政,2026-12-20,,\n"  # two years
        "P2,C1,生活补贴,,2026-01,2026-12,30000,财政,2026-12-20,,\n"
        "P3,C1,离休费,,2027-03,,6200,财政,2026-02-05,,\n"  # 13 months ahead
        "P4,C1,离休费,,2027-02,,6200,财政,2026-02-05,,\n"  # 12 months ahead: allowed
    )
    path = _file(tmp_path, rows)
    slow = read_table(path, "payments")
    fast = read_frame(path, "payments")
    assert [str(p) for p in slow.problems] == [str(p) for p in fast.problems]
    by_row = {p.row: p for p in slow.problems}
    assert set(by_row) == {2, 4}
    assert by_row[2].column == "所属期间止" and "同一年度" in by_row[2].message
    assert by_row[4].column == "发放日期" and "一年以上" in by_row[4].message


def test_absurd_amounts_are_refused(tmp_path: Path) -> None:
    # Ten million yuan to one person is a slip of the keyboard, not a payment.
    rows = (
        "P1,C1,离休费,,2026-01,,62000000,财政,2026-01-05,,\n"
        "P2,C1,离休费,,2026-01,,6200,财政,2026-01-05,,\n"
    )
    path = _file(tmp_path, rows)
    slow = read_table(path, "payments")
    assert [str(p) for p in slow.problems] == [
        str(p) for p in read_frame(path, "payments").problems
    ]
    (problem,) = slow.problems
    assert problem.row == 2 and "不能大于 10000000" in problem.message
