"""Rubrics as data: indicators with weights, each scored from a metric or from entered
evidence, by one of four methods, and the grade bands the total falls in.

A rubric file::

    name = "xuzhou"                  # the short name `laoganbu assess --rubric` takes
    title = "五彩联动工作考核"
    source = "徐州市委老干部局"
    grades = [["优秀", 90], ["良好", 80], ["一般", 60], ["较差", 0]]

    [[indicator]]
    id = "red.new_branches"
    name = "新建离退休干部党支部"
    group = "红色·党建引领"
    weight = 10
    metric = "new_branches"          # computed from data (see laoganbu.assessment.metrics)
    method = "linear"                # threshold | linear | pass_fail | deductions
    lower = 0                        # the value scoring nothing …
    upper = 5                        # … and the value scoring the full weight

    [[indicator]]
    id = "gold.studios"
    name = "老党员工作室"
    weight = 10
    evidence = true                  # entered by hand, with a document, date and who
    method = "threshold"
    threshold = 1

Methods: ``threshold`` — full weight when the value reaches ``threshold`` (or, with
``lower_is_better``, stays at or below it), else nothing; ``linear`` — in proportion between
``lower`` and ``upper``; ``pass_fail`` — full weight when the value is true (or non-zero);
``deductions`` — the weight less ``per_item`` for each counted item, never below ``floor``.
"""

from __future__ import annotations

import math
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from laoganbu._toml import read_toml
from laoganbu.errors import InvalidValueError, RubricError

__all__ = ["Indicator", "Method", "Rubric", "load_rubric"]

Method = Literal["threshold", "linear", "pass_fail", "deductions"]


class Indicator(BaseModel):
    """考核指标 — one indicator of a rubric."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(title="编号", min_length=1)
    name: str = Field(title="指标名称", min_length=1)
    group: str | None = Field(None, title="类别")
    weight: float = Field(title="分值", gt=0)
    metric: str | None = Field(None, title="数据指标")
    evidence: bool = Field(False, title="需佐证材料")
    method: Method = Field(title="计分方法")
    threshold: float | None = Field(None, title="达标值")
    lower_is_better: bool = Field(False, title="越低越好")
    lower: float | None = Field(None, title="零分值")
    upper: float | None = Field(None, title="满分值")
    per_item: float | None = Field(None, title="每项扣分", gt=0)
    floor: float = Field(0, title="最低得分", ge=0)
    description: str | None = Field(None, title="说明")

    @model_validator(mode="after")
    def _consistent(self) -> Indicator:
        if (self.metric is None) == (not self.evidence):
            raise ValueError("give a metric or evidence = true, not both / 数据指标与佐证二选一")
        needs: dict[str, tuple[str, ...]] = {
            "threshold": ("threshold",),
            "linear": ("lower", "upper"),
            "deductions": ("per_item",),
        }
        missing = [f for f in needs.get(self.method, ()) if getattr(self, f) is None]
        if missing:
            raise ValueError(f"method {self.method} needs {', '.join(missing)}")
        if self.method == "linear" and self.lower == self.upper:
            raise ValueError("linear needs lower and upper to differ")
        if self.floor > self.weight:
            raise ValueError("floor is above the weight")
        return self

    def score(self, value: Any) -> float:
        """Points for ``value`` (never negative, never above the weight)."""
        w = self.weight
        if self.method == "pass_fail":
            return w if bool(value) else 0.0
        x = float(value)
        if not math.isfinite(x):
            raise InvalidValueError(f"{value!r} is not a finite number / 不是有限数值")
        if self.method == "threshold":
            assert self.threshold is not None
            ok = x <= self.threshold if self.lower_is_better else x >= self.threshold
            return w if ok else 0.0
        if self.method == "linear":
            assert self.lower is not None and self.upper is not None
            share = (x - self.lower) / (self.upper - self.lower)
            return w * min(1.0, max(0.0, share))
        assert self.per_item is not None
        if x < 0:
            raise InvalidValueError(
                f"{x:g} items to deduct: a count is never negative / 扣分项数不能为负"
            )
        return max(self.floor, w - self.per_item * x)


class Rubric(BaseModel):
    """考核细则 — a rubric: indicators, their weights, and the grade bands."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(title="简称", pattern=r"^[\w\-]+$")
    title: str = Field(title="名称", min_length=1)
    source: str = Field(title="依据", min_length=1)
    subject: Literal["locality", "unit", "organization", "grid"] = Field(
        "locality", title="考核对象"
    )
    grades: tuple[tuple[str, float], ...] = Field(
        (("优秀", 90.0), ("良好", 80.0), ("一般", 60.0), ("较差", 0.0)), title="等次"
    )
    indicators: tuple[Indicator, ...] = Field(title="指标", min_length=1)
    note: str | None = Field(None, title="说明")

    @model_validator(mode="after")
    def _consistent(self) -> Rubric:
        ids = [i.id for i in self.indicators]
        if len(set(ids)) != len(ids):
            raise ValueError("indicator ids repeat / 指标编号重复")
        bounds = [b for _, b in self.grades]
        if bounds != sorted(bounds, reverse=True) or not bounds or bounds[-1] > 0:
            raise ValueError("grades run from the highest bound down to 0 / 等次应从高到低")
        return self

    @property
    def total_weight(self) -> float:
        return sum(i.weight for i in self.indicators)

    def grade(self, percent: float) -> str:
        """The grade of a score given as a percentage of the total weight."""
        for label, bound in self.grades:
            if percent >= bound:
                return label
        return self.grades[-1][0]


def load_rubric(path: str | Path | Traversable) -> Rubric:
    """A rubric from a TOML file (see the module docstring).

    Raises:
        RubricError: the file cannot be read or is malformed; the message names the file,
            the indicator and the field.
    """
    origin = str(path)
    data = read_toml(path, RubricError, "考核细则")
    data["indicators"] = data.pop("indicator", [])
    if "grades" in data:
        data["grades"] = [tuple(g) for g in data["grades"]]
    try:
        return Rubric.model_validate(data)
    except ValidationError as exc:
        problems = []
        for e in exc.errors():
            loc = list(e["loc"])
            if len(loc) >= 2 and loc[0] == "indicators" and isinstance(loc[1], int):
                entry = data["indicators"][loc[1]]
                loc[1] = entry.get("id", loc[1]) if isinstance(entry, dict) else loc[1]
            problems.append(f"{'.'.join(str(p) for p in loc) or 'rubric'}: {e['msg']}")
        raise RubricError(f"{origin}: {'; '.join(problems)} / 考核细则有误") from None
