"""Registry hygiene and the life cycle: one person, one record, and nobody lost. Cadres
entered twice are found (:mod:`laoganbu.registry.duplicates`) and merged with nothing lost
(:mod:`laoganbu.registry.merge`); what a death sets in motion is gathered
(:mod:`laoganbu.registry.lifecycle`); a cadre who moves is sent and received
(:mod:`laoganbu.registry.transfers`)."""

from __future__ import annotations

from laoganbu.registry.duplicates import (
    REASONS,
    DuplicatePair,
    DuplicateReason,
    find_duplicates,
    read_not_duplicates,
)
from laoganbu.registry.lifecycle import (
    DeathCase,
    DeathDuty,
    Lifecycle,
    RecordedAs,
    SurvivorCandidate,
    lifecycle,
)
from laoganbu.registry.merge import (
    MergeChange,
    MergeProposal,
    MergeResult,
    MergeStep,
    apply_merges,
    propose_merges,
)
from laoganbu.registry.transfers import (
    IncomingTransfer,
    OutgoingTransfer,
    TransferArea,
    TransferFile,
    read_transfer_file,
    receive,
    transfer_out,
)

__all__ = [
    "REASONS",
    "DeathCase",
    "DeathDuty",
    "DuplicatePair",
    "DuplicateReason",
    "IncomingTransfer",
    "Lifecycle",
    "MergeChange",
    "MergeProposal",
    "MergeResult",
    "MergeStep",
    "OutgoingTransfer",
    "RecordedAs",
    "SurvivorCandidate",
    "TransferArea",
    "TransferFile",
    "apply_merges",
    "find_duplicates",
    "lifecycle",
    "propose_merges",
    "read_not_duplicates",
    "read_transfer_file",
    "receive",
    "transfer_out",
]
