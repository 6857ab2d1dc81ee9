"""The plugin template the tutorial starts from works as shipped: its own tests pass."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TEMPLATE = Path(__file__).parent.parent / "templates" / "laoganbu-myplace"


def test_template_tests_pass() -> None:
    # In a fresh interpreter, with the template's source on the path (as `pip install -e`
    # would put it), so that its module does not leak into this test session.
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(TEMPLATE / "tests")],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(TEMPLATE / "src"), "PATH": ""},
        cwd=TEMPLATE,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 passed" in result.stdout
