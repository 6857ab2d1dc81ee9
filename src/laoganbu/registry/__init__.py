"""Registry hygiene: one person, one record. Cadres entered twice are found
(:mod:`laoganbu.registry.duplicates`) and merged with nothing lost
(:mod:`laoganbu.registry.merge`)."""

from __future__ import annotations

from laoganbu.registry.duplicates import (
    REASONS,
    DuplicatePair,
    find_duplicates,
    read_not_duplicates,
)
from laoganbu.registry.merge import (
    MergeChange,
    MergeProposal,
    MergeResult,
    MergeStep,
    apply_merges,
    propose_merges,
)

__all__ = [
    "REASONS",
    "DuplicatePair",
    "MergeChange",
    "MergeProposal",
    "MergeResult",
    "MergeStep",
    "apply_merges",
    "find_duplicates",
    "propose_merges",
    "read_not_duplicates",
]
