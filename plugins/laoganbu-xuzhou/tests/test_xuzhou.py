"""The Xuzhou plugin: found through its entry point and well-formed."""

from __future__ import annotations

import laoganbu_xuzhou
from laoganbu import testing


def test_installed_and_found_through_its_entry_point() -> None:
    info = testing.installed_plugin("xuzhou")
    assert info.jurisdiction is not None
    assert (info.jurisdiction.code, info.jurisdiction.name) == ("320300", "徐州市")
    assert info.jurisdiction.parent == "320000"


def test_plugin_is_well_formed() -> None:
    assert testing.plugin_errors(laoganbu_xuzhou) == []
