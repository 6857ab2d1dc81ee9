"""The city's own roster checks: each takes a roster and yields problems, never raises."""

from __future__ import annotations

from collections.abc import Iterator

from laoganbu import Problem, Roster


def every_cadre_has_a_phone(roster: Roster) -> Iterator[Problem]:
    """A phone number for every living cadre, so the monthly call can be made."""
    for cadre in roster.living_cadres():
        if cadre.phone is None and not cadre.contacts:
            yield Problem(
                message="no phone number and no family contact / 无联系电话",
                table="cadres",
                record_id=cadre.id,
                field="phone",
                severity="warning",
            )
