"""Batch forms of the per-person rules: dataframe expressions that run on any engine.

Each function takes a frame with one row a person — polars, pandas, pyarrow, a DuckDB relation,
PySpark or Dask — and returns the same kind of frame with the rule's columns added, computed
from the same parameters as the per-record rule (:func:`laoganbu.statutory_retirement`,
:func:`laoganbu.age_profile`, :func:`laoganbu.lixiu_status`, :func:`laoganbu.party_dues`),
whose results they equal. The
expressions are written once with `narwhals <https://narwhals-dev.github.io/narwhals/>`_.

``import laoganbu`` does not import this package; importing it imports narwhals (and the
engine of the frame it is given, when called).
"""

from laoganbu.batch._age import AGE_COLUMNS, age_profile
from laoganbu.batch._frames import CADRE_COLUMNS, cadres_frame
from laoganbu.batch._lixiu import LIXIU_COLUMNS, lixiu_status
from laoganbu.batch._party_dues import PARTY_DUES_COLUMNS, party_dues
from laoganbu.batch._retirement import RETIREMENT_COLUMNS, retirement

__all__ = [
    "AGE_COLUMNS",
    "CADRE_COLUMNS",
    "LIXIU_COLUMNS",
    "PARTY_DUES_COLUMNS",
    "RETIREMENT_COLUMNS",
    "age_profile",
    "cadres_frame",
    "lixiu_status",
    "party_dues",
    "retirement",
]
