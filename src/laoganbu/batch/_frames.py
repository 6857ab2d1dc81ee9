"""A roster's cadres as a polars frame with the columns the batch rules read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from laoganbu.rules.retirement import RetirementCategory

if TYPE_CHECKING:
    from laoganbu.models import Roster

__all__ = ["CADRE_COLUMNS", "cadres_frame"]

#: The columns of :func:`cadres_frame`, with their Chinese labels.
CADRE_COLUMNS: dict[str, str] = {
    "id": "编号",
    "sex": "性别",
    "kind": "人员类别",
    "birth_date": "出生年月",
    "work_start": "参加工作时间",
    "health_status": "健康状况",
    "retirement_category": "退休人员类别",
}


def cadres_frame(
    roster: Roster, *, women: RetirementCategory | str = RetirementCategory.FEMALE_CADRE
) -> Any:
    """The roster's cadres, one row each, as a polars ``DataFrame`` the batch rules read.

    Codes are laoganbu's English codes (``male``, ``tuixiu``, ``serious``), dates ``YYYY-MM``
    or ``YYYY-MM-DD`` text as given. No names, ID numbers or contact details are copied; the
    health status is, unmasked, for 双高期 (:func:`~laoganbu.batch.age_profile`). For every
    column of the cadres' table, personal ones masked, see :meth:`laoganbu.Roster.frame`,
    whose frame the batch rules read too.

    ``retirement_category`` is ``male`` for men and ``women`` for women. A roster does not
    record which of the two female categories applies (the law does not derive it either);
    ``female-cadre`` (原法定退休年龄五十五周岁, 女干部) is the default because the roster holds
    cadres. Where some women were workers (女工人), set the column per row.

    Args:
        roster: the roster whose cadres to take.
        women: the retirement category of women, for every woman.

    Example:
        >>> from laoganbu import batch
        >>> from laoganbu.testing import sample_roster
        >>> frame = batch.cadres_frame(sample_roster())
        >>> frame.columns == list(batch.CADRE_COLUMNS)
        True
    """
    import polars as pl

    # Imported here: laoganbu.io (readers, writers) is not needed to import laoganbu.batch.
    from laoganbu.io.roster_frames import retirement_categories

    cadres = roster.cadres
    columns: dict[str, list[Any]] = {
        "id": [c.id for c in cadres],
        "sex": [c.sex.value for c in cadres],
        "kind": [c.kind.value for c in cadres],
        "birth_date": [c.birth_date.isoformat() for c in cadres],
        "work_start": [None if c.work_start is None else c.work_start.isoformat() for c in cadres],
        "health_status": [
            None if c.health.status is None else c.health.status.value for c in cadres
        ],
        # Derived as the cadres' frame of Roster.frame derives it, so that the two agree.
        "retirement_category": retirement_categories(cadres, women),
    }
    return pl.DataFrame(columns, schema=dict.fromkeys(CADRE_COLUMNS, pl.String))
