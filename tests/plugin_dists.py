"""Plugins installed for a test as real distributions: a module and a ``.dist-info`` folder with
an ``entry_points.txt`` on ``sys.path``, so discovery goes through the ``laoganbu`` entry-point
group exactly as for a pip-installed plugin."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

HEADER = """
from laoganbu.hookspecs import hookimpl
from laoganbu.jurisdiction import Jurisdiction
from laoganbu.problems import Problem
"""


def install(
    root: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    source: str,
    *,
    version: str = "1.0",
    entry_name: str | None = None,
) -> None:
    """Install module ``name`` with ``source`` as a distribution registering it as a plugin."""
    root.mkdir(parents=True, exist_ok=True)
    (root / f"{name}.py").write_text(HEADER + textwrap.dedent(source), encoding="utf-8")
    info = root / f"{name}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n", encoding="utf-8"
    )
    (info / "entry_points.txt").write_text(
        f"[laoganbu]\n{entry_name or name} = {name}\n", encoding="utf-8"
    )
    monkeypatch.syspath_prepend(str(root))
