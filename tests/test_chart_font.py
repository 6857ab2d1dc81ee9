"""Which Chinese font charts use (#16: a lighter way than 100 MB of bundled fonts)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from laoganbu.errors import ReportError

pytest.importorskip("matplotlib")
mplfonts = pytest.importorskip("mplfonts")

from laoganbu.reports import charts  # noqa: E402

NOTO = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    charts._chart_font.cache_clear()
    yield
    charts._chart_font.cache_clear()


def test_a_font_file_named_in_the_environment_comes_first(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(charts.FONT_ENV, str(NOTO))
    monkeypatch.setattr(charts, "CJK_FONTS", ("DejaVu Sans",))  # installed with matplotlib
    assert charts.chart_font() == "Noto Sans CJK SC"


def test_a_missing_or_unusable_font_file_is_named(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(charts.FONT_ENV, str(tmp_path / "none.ttf"))
    with pytest.raises(ReportError, match="no such font file"):
        charts.chart_font()
    charts._chart_font.cache_clear()
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"not a font")
    monkeypatch.setenv(charts.FONT_ENV, str(junk))
    with pytest.raises(ReportError, match="not a usable font"):
        charts.chart_font()


def test_an_installed_font_comes_before_the_bundled_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(charts.FONT_ENV, raising=False)
    monkeypatch.setattr(charts, "CJK_FONTS", ("No Such Font", "DejaVu Sans"))
    assert charts.chart_font() == "DejaVu Sans"


def test_the_bundled_font_is_the_last_resort(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(charts.FONT_ENV, raising=False)
    monkeypatch.setattr(charts, "CJK_FONTS", ("No Such Font",))
    assert charts.chart_font() == "Noto Sans CJK SC"


def test_no_font_at_all_says_the_three_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(charts.FONT_ENV, raising=False)
    monkeypatch.setattr(charts, "CJK_FONTS", ("No Such Font",))
    monkeypatch.setitem(sys.modules, "mplfonts", None)  # not installed
    with pytest.raises(ReportError) as raised:
        charts.chart_font()
    message = str(raised.value)
    assert "fonts-noto-cjk" in message and charts.FONT_ENV in message
    assert "laoganbu[fonts]" in message and "缺少中文字体" in message


def test_the_font_follows_the_environment_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "CJK_FONTS", ("DejaVu Sans",))
    monkeypatch.setenv(charts.FONT_ENV, str(NOTO))
    assert charts.chart_font() == "Noto Sans CJK SC"
    monkeypatch.delenv(charts.FONT_ENV)
    assert charts.chart_font() == "DejaVu Sans"  # not the font of the earlier value
    monkeypatch.setenv(charts.FONT_ENV, "/no/such/font.ttf")
    with pytest.raises(ReportError, match="no such font file"):
        charts.chart_font()
