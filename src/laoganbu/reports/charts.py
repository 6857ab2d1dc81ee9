"""Charts drawn as PNG images with a CJK-capable font.

matplotlib draws them (the ``reports`` extra). The font, in order of preference:

1. the font file named by the environment variable ``LAOGANBU_CHART_FONT``;
2. the first of :data:`CJK_FONTS` installed on the machine (a Chinese Windows or macOS has
   one, and so does a Linux with ``fonts-noto-cjk`` or ``fonts-wqy-microhei``);
3. Noto Sans CJK SC from the ``mplfonts`` package (the ``fonts`` extra: about 100 MB of fonts,
   for a server with no Chinese font), under the SIL Open Font License.

With none of them a :class:`~laoganbu.errors.ReportError` says what to install — a chart whose
Chinese labels print as boxes is worse than none.
"""

from __future__ import annotations

import io
import os
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from laoganbu.errors import ReportError
from laoganbu.reports.model import Chart

__all__ = [
    "CHARTS_MISSING",
    "CJK_FONTS",
    "FONT_ENV",
    "chart_font",
    "charts_available",
    "render_png",
]

#: What a report written without charts says instead of them.
CHARTS_MISSING = (
    "图表未绘制：需安装报告组件 pip install 'laoganbu[reports]'"
    " / charts left out: they need pip install 'laoganbu[reports]'"
)


def charts_available() -> bool:
    """Whether charts can be drawn here: matplotlib (the ``reports`` extra) is installed.
    Markdown and HTML reports are written without charts, saying so, when it is not."""
    import importlib.util

    return importlib.util.find_spec("matplotlib") is not None


#: The environment variable naming a font file for charts (``.ttf``, ``.otf`` or ``.ttc``).
FONT_ENV = "LAOGANBU_CHART_FONT"

#: Installed font families tried, in order, after ``LAOGANBU_CHART_FONT``.
CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei",
    "PingFang SC",
    "Hiragino Sans GB",
    "SimHei",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
)

_NO_FONT = (
    "no Chinese font for charts: install one (fonts-noto-cjk on Debian or Ubuntu), set"
    f" {FONT_ENV} to a font file, or pip install 'laoganbu[fonts]' (about 100 MB)"
    f" / 缺少中文字体：请安装中文字体，或设置 {FONT_ENV}，或安装 laoganbu[fonts]"
)


def chart_font() -> str:
    """The family name of the CJK font charts use (see the module's docstring for the order);
    a font file is registered with matplotlib first. Looked up once for each value of
    ``LAOGANBU_CHART_FONT``."""
    return _chart_font(os.environ.get(FONT_ENV, "").strip())


@cache
def _chart_font(named: str) -> str:
    try:
        import matplotlib

        matplotlib.use("Agg")
        from matplotlib import font_manager
    except ImportError:
        raise ReportError(
            "charts need matplotlib: pip install 'laoganbu[reports]' / 需要安装报告组件"
        ) from None
    if named:
        path = Path(named).expanduser()
        if not path.is_file():
            raise ReportError(f"{FONT_ENV}={named}: no such font file / 找不到字体文件")
        try:
            font_manager.fontManager.addfont(str(path))
            return str(font_manager.FontProperties(fname=str(path)).get_name())
        except (OSError, RuntimeError, ValueError) as exc:
            raise ReportError(
                f"{FONT_ENV}={named}: not a usable font ({exc}) / 字体不可用"
            ) from None
    installed = {f.name for f in font_manager.fontManager.ttflist}
    for family in CJK_FONTS:
        if family in installed:
            return family
    try:
        import mplfonts
    except ImportError:
        raise ReportError(_NO_FONT) from None
    bundled = Path(mplfonts.__file__).parent / "fonts" / "NotoSansCJKsc-Regular.otf"
    if not bundled.exists():
        raise ReportError(_NO_FONT)
    font_manager.fontManager.addfont(str(bundled))
    return str(font_manager.FontProperties(fname=str(bundled)).get_name())


def render_png(chart: Chart, *, width: float = 6.4, dpi: int = 150) -> bytes:
    """The chart as PNG bytes (kept for the few charts last drawn: a report rendered in
    several formats draws each chart once, in the font of the day)."""
    return _render_png(chart, width, dpi, chart_font())


@lru_cache(maxsize=32)
def _render_png(chart: Chart, width: float, dpi: int, family: str) -> bytes:
    import matplotlib.pyplot as plt

    with plt.rc_context({"font.family": family, "axes.unicode_minus": False}):
        height = (
            max(3.0, 0.32 * len(chart.categories) + 1.2)
            if chart.kind in ("barh", "pyramid")
            else 3.6
        )
        fig, ax = plt.subplots(figsize=(width, height), dpi=dpi)
        try:
            _draw(ax, chart)
            ax.set_title(chart.title)
            fig.tight_layout()
            out = io.BytesIO()
            fig.savefig(out, format="png")
        finally:
            plt.close(fig)
    return out.getvalue()


def _draw(ax: Any, chart: Chart) -> None:
    cats = list(chart.categories)
    if chart.kind == "pyramid":
        (left_name, left), (right_name, right) = chart.series[:2]
        ax.barh(cats, [-v for v in left], color="#4878a8", label=left_name)
        ax.barh(cats, list(right), color="#c8553d", label=right_name)
        top = max([*left, *right, 1.0])
        ax.set_xlim(-top * 1.1, top * 1.1)
        ticks = ax.get_xticks()
        ax.set_xticks(ticks)
        ax.set_xticklabels([f"{abs(t):g}" for t in ticks])
        ax.legend()
        return
    for name, values in chart.series:
        if chart.kind == "bar":
            ax.bar(cats, list(values), label=name)
        elif chart.kind == "barh":
            ax.barh(cats, list(values), label=name, color="#4878a8")
        else:
            ax.plot(cats, list(values), marker="o", label=name)
    if chart.unit == "%":
        axis = ax.xaxis if chart.kind == "barh" else ax.yaxis
        axis.set_major_formatter(lambda v, _pos: f"{v:g}%")
    if len(chart.series) > 1:
        ax.legend()
