"""Checks of Wenxi's three-level grid: "横向到边、纵向到底、全覆盖、无死角".

The core already requires every living cadre to sit in exactly one level-3 grid and the grids
to form a tree. Wenxi's practice adds:

- every level-2 grid (community or township) reaches down to at least one level-3 grid;
- every level-3 grid has a grid worker (网格员) to serve its cadres;
- "四就近": a cadre is served near home — when both are known, the cadre's residence lies within
  the division of the grid they are placed in (relocated cadres, 易地安置, excepted);
- one level-1 grid: the county bureau (老干部局) at the head.

All findings are warnings: the records stay, the bureau follows up.
"""

from __future__ import annotations

from collections.abc import Iterator

from laoganbu import Problem, Roster

__all__ = ["grid_coverage"]


def _warning(table: str, record_id: str, field: str, message: str) -> Problem:
    return Problem(
        message=message, table=table, record_id=record_id, field=field, severity="warning"
    )


def grid_coverage(roster: Roster) -> Iterator[Problem]:
    """Wenxi's grid coverage checks (see the module docstring)."""
    tops = [g for g in roster.grids if g.level == 1]
    for extra in tops[1:]:
        yield _warning(
            "grids",
            extra.id,
            "level",
            f"more than one level-1 grid (first: {tops[0].id!r}) / 一级网格应只有县老干部局一个",
        )
    has_child = {g.parent_id for g in roster.grids if g.level == 3}
    grids = {g.id: g for g in roster.grids}
    for grid in roster.grids:
        if grid.level == 2 and grid.id not in has_child:
            yield _warning(
                "grids",
                grid.id,
                "id",
                "level-2 grid with no level-3 grid beneath it / 二级网格下没有基层网格（纵向到底）",
            )
        if grid.level == 3 and not grid.workers:
            yield _warning(
                "grids",
                grid.id,
                "workers",
                "level-3 grid with no grid worker / 基层网格未配备网格员",
            )
    # A check has no day of its own: the cadres living today.
    for cadre in roster.living_cadres():
        grid = grids.get(cadre.grid_id) if cadre.grid_id else None
        if grid is None or not grid.division_code or not cadre.division_code:
            continue
        if cadre.relocated:  # 易地安置: lives elsewhere by design, served from home county
            continue
        if not cadre.division_code.startswith(grid.division_code):
            yield _warning(
                "cadres",
                cadre.id,
                "grid_id",
                f"lives in {cadre.division_code}, outside grid {grid.id!r} ({grid.division_code})"
                " / 居住地不在所在网格区划内（四就近）",
            )
