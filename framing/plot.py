"""Publication-ready figures from the toolkit's tables.

Every function takes the tidy tables that :mod:`framing.compare`,
:mod:`framing.classify` and the extractors return, draws on ``ax`` (a new
one-column figure when ``ax`` is None) and returns the Axes, so a figure can be
adjusted further with ordinary matplotlib calls. New figures use constrained
layout and put their legend below the axes as a figure legend
(``ax.figure.legends``); on an Axes you pass in, the legend is the Axes'
own (``ax.get_legend()``), placed under its tick labels.

Defaults aim at a journal column: 3.5 in wide, text of 7-8 pt, the Okabe-Ito
colour-blind-safe palette [1]_, no top/right spines, a light grid only on the
value axis, and vector-friendly output (text stays text in PDF/SVG: TrueType
fonts are embedded with ``pdf.fonttype=42``). :func:`save` writes PNG and PDF
in one call.

matplotlib is imported only when a function is called: ``import framing.plot``
is cheap. A new figure is created through :mod:`matplotlib.pyplot` when pyplot
is already imported (a notebook or script that uses it, so ``plt.show()`` and
inline display work as usual); otherwise it is a stand-alone
:class:`matplotlib.figure.Figure` on the non-interactive Agg canvas, so the
global backend is never switched.

Labels of points (terms in :func:`fighting_words`, outlets in
:func:`similarity_map`) are placed by :func:`repel_labels`, a deterministic
greedy search that measures every label with the renderer and never lets two
labels overlap; a label that finds no free place is left out and logged.
Place labels last: the search works on the final axis limits and layout.

References
----------
.. [1] Okabe, M., & Ito, K. (2008). *Color Universal Design (CUD): How to make
   figures and presentations that are friendly to colorblind people*.
   https://jfly.uni-koeln.de/color/
.. [2] Monroe, B. L., Colaresi, M. P., & Quinn, K. M. (2008). Fightin' words:
   Lexical feature selection and evaluation for identifying the content of
   political conflict. *Political Analysis*, 16(4), 372-403.
.. [3] Efron, B., & Tibshirani, R. J. (1993). *An Introduction to the Bootstrap*.
   Chapman & Hall.
.. [4] Torgerson, W. S. (1952). Multidimensional scaling: I. Theory and method.
   *Psychometrika*, 17(4), 401-419.
.. [5] Brewer, C. A. (1994). Color use guidelines for mapping and visualization.
   In *Visualization in Modern Cartography* (pp. 123-147). Elsevier. (The
   diverging ``RdBu`` scheme used for centred heat maps.)
"""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "OKABE_ITO",
    "COLUMN_WIDTH",
    "style",
    "apply_style",
    "save",
    "repel_labels",
    "short_feature_names",
    "label_choice",
    "fighting_words",
    "group_means",
    "feature_heatmap",
    "trend_table",
    "trend",
    "confusion_matrix",
    "top_features",
    "similarity_map",
]

log = logging.getLogger(__name__)

#: Okabe & Ito (2008) colour-blind-safe palette, ordered for contrast on white
#: (blue, orange, bluish green, vermillion, sky blue, reddish purple, yellow, black).
OKABE_ITO: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000")
#: Grey for context (non-significant points, "other" segments).
GREY = "#A0A0A0"
#: One journal column, in inches.
COLUMN_WIDTH = 3.5
#: Base and small font sizes (points); nothing is drawn smaller than ``SMALL``.
FONT_SIZE = 8.0
SMALL = 7.0
#: Markers that keep series apart in greyscale print.
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
#: Political leanings in their natural order, with fixed colours.
LEANING_ORDER = ("left", "lean left", "center", "lean right", "right")
_LEANING_COLOURS = {"left": "#0072B2", "lean left": "#56B4E9", "center": "#7F7F7F",
                    "lean right": "#E69F00", "right": "#D55E00"}

#: matplotlib settings of :func:`style`.
RC: dict[str, Any] = {
    "font.size": FONT_SIZE,
    "axes.titlesize": FONT_SIZE,
    "axes.labelsize": FONT_SIZE,
    "xtick.labelsize": SMALL,
    "ytick.labelsize": SMALL,
    "legend.fontsize": SMALL,
    "legend.title_fontsize": SMALL,
    "figure.titlesize": FONT_SIZE + 1,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.6,
    "axes.edgecolor": "0.2",
    "axes.grid": False,
    "grid.color": "0.9",
    "grid.linewidth": 0.5,
    "xtick.major.width": 0.6,
    "ytick.major.width": 0.6,
    "xtick.major.size": 3.0,
    "ytick.major.size": 3.0,
    "xtick.minor.width": 0.4,
    "ytick.minor.width": 0.4,
    "lines.linewidth": 1.2,
    "lines.markersize": 4.0,
    "patch.linewidth": 0.5,
    "legend.frameon": False,
    "figure.figsize": (COLUMN_WIDTH, 2.6),
    "savefig.dpi": 300,
    "savefig.bbox": "tight",
    "savefig.pad_inches": 0.02,
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "svg.fonttype": "none",
    "image.cmap": "cividis",
}


# ---------------------------------------------------------------- style, figures, saving


@contextlib.contextmanager
def style(**overrides: Any) -> Iterator[None]:
    """Context manager applying the package's figure settings (:data:`RC`) plus ``overrides``.

    Only matplotlib's settings inside the ``with`` block change; the user's
    global settings are restored afterwards. Every plotting function here uses
    it internally; use it for your own additions to a figure.

    Parameters
    ----------
    **overrides
        rcParams to change on top of :data:`RC`; their names contain dots, so
        pass them as a dict: ``style(**{"font.size": 9})``.

    Examples
    --------
    >>> import matplotlib
    >>> with style(**{"font.size": 9}):
    ...     matplotlib.rcParams["font.size"], matplotlib.rcParams["axes.spines.top"]
    (9.0, False)
    """
    import matplotlib
    from cycler import cycler

    rc = dict(RC, **{"axes.prop_cycle": cycler(color=list(OKABE_ITO))})
    rc.update(overrides)
    with matplotlib.rc_context(rc):
        yield


def apply_style(ax: Any, *, grid: str | None = "y", spines: Sequence[str] = ("left", "bottom")) -> Any:
    """Give an existing Axes the package's look: thin visible ``spines`` only, 7-8 pt text, light grid.

    Parameters
    ----------
    ax : matplotlib Axes
    grid : {"x", "y", "both", None}, default "y"
        Axis whose major ticks get a light grid line (behind the data).
    spines : sequence of str, default ("left", "bottom")
        Spines to keep; the others are hidden.

    Returns
    -------
    The same Axes.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> ax = apply_style(Figure().add_subplot(), grid="x")
    >>> ax.spines["top"].get_visible(), ax.spines["left"].get_visible()
    (False, True)
    """
    if grid not in ("x", "y", "both", None):
        raise ValueError(f"grid must be 'x', 'y', 'both' or None, got {grid!r}")
    for name, spine in ax.spines.items():
        spine.set_visible(name in spines)
        spine.set_linewidth(0.6)
        spine.set_color("0.2")
    ax.tick_params(which="major", labelsize=SMALL, width=0.6, length=3.0, color="0.2", labelcolor="0.1")
    ax.tick_params(which="minor", width=0.4, length=1.8, color="0.2")
    ax.xaxis.label.set_fontsize(FONT_SIZE)
    ax.yaxis.label.set_fontsize(FONT_SIZE)
    ax.title.set_fontsize(FONT_SIZE)
    ax.grid(False)
    if grid is not None:
        ax.grid(True, axis=grid, which="major", color="0.9", linewidth=0.5)
        ax.set_axisbelow(True)
    return ax


def _new_figure(figsize: tuple[float, float], *, layout: str | None = None) -> Any:
    """A new Figure: via pyplot when the user already imported it, else a stand-alone Agg figure."""
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib.pyplot as plt

        return plt.figure(figsize=figsize, layout=layout)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, layout=layout)
    FigureCanvasAgg(fig)
    return fig


def _axes(ax: Any, figsize: tuple[float, float]) -> tuple[Any, Any, bool]:
    """``(figure, axes, created)``: the given Axes, or a new one-panel figure of ``figsize`` inches.

    New figures use matplotlib's constrained layout, so tick labels, colour bars
    and the legend fit inside ``figsize`` (a column-wide figure stays column-wide).
    """
    if ax is None:
        fig = _new_figure(figsize, layout="constrained")
        return fig, fig.add_subplot(), True
    if not hasattr(ax, "get_figure") or not hasattr(ax, "transData"):
        raise TypeError(f"ax must be a matplotlib Axes (or None for a new figure), found {type(ax).__name__}")
    return ax.get_figure(root=True), ax, False


def _freeze_layout(fig: Any, created: bool) -> None:
    """Run a new figure's layout once and keep it fixed (label placement needs final positions)."""
    engine = fig.get_layout_engine()
    if created and engine is not None:
        engine.execute(fig)
        fig.set_layout_engine("none")


def _renderer(fig: Any) -> Any:
    """The renderer that measures text extents for ``fig`` (Agg's, or the backend's own)."""
    get = getattr(fig.canvas, "get_renderer", None)
    if get is not None:
        try:
            return get()
        except Exception:  # pragma: no cover - backend-specific
            pass
    return fig._get_renderer()


def save(fig: Any, path_stem: str | Path, formats: Sequence[str] = ("png", "pdf"), *, dpi: int = 300,
         **savefig_kwargs: Any) -> list[Path]:
    """Write a figure once per format: ``<path_stem>.png``, ``<path_stem>.pdf``...

    Text stays vector text in PDF/SVG/EPS (TrueType embedding, ``pdf.fonttype=42``),
    bounding boxes are tight, and PDF/SVG carry no creation date (files are
    reproducible byte for byte). Missing parent folders are created.

    Parameters
    ----------
    fig : Figure, Axes or array of Axes
        What to save (for Axes, their figure).
    path_stem : str or Path
        Path without extension; each format's extension is appended.
    formats : sequence of str, default ("png", "pdf")
        Any format the figure's canvas supports (``"svg"``, ``"eps"``...).
    dpi : int, default 300
        Resolution of raster formats.
    **savefig_kwargs
        Passed to :meth:`matplotlib.figure.Figure.savefig`.

    Returns
    -------
    list of Path
        The files written, in the order of ``formats``.

    Raises
    ------
    ValueError
        For an empty ``formats`` or a format the canvas cannot write.

    Examples
    --------
    >>> import tempfile, os
    >>> from matplotlib.figure import Figure
    >>> fig = Figure(); _ = fig.add_subplot().plot([0, 1])
    >>> with tempfile.TemporaryDirectory() as d:
    ...     [p.name for p in save(fig, os.path.join(d, "fig1"))]
    ['fig1.png', 'fig1.pdf']
    """
    import matplotlib

    if isinstance(fig, np.ndarray):
        fig = fig.flat[0]
    if hasattr(fig, "get_figure") and not hasattr(fig, "savefig"):
        fig = fig.get_figure(root=True)
    if not hasattr(fig, "savefig"):
        raise TypeError(f"save needs a matplotlib Figure or Axes, found {type(fig).__name__}")
    if isinstance(formats, str):
        formats = (formats,)
    formats = [f.lower().lstrip(".") for f in formats]
    if not formats:
        raise ValueError("formats is empty: give at least one, e.g. formats=('png', 'pdf')")
    supported = fig.canvas.get_supported_filetypes()
    bad = [f for f in formats if f not in supported]
    if bad:
        raise ValueError(f"cannot write format(s) {bad}; this canvas supports {sorted(supported)}")
    stem = Path(path_stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    written = []
    rc = {"pdf.fonttype": 42, "ps.fonttype": 42, "svg.fonttype": "none", "svg.hashsalt": "framing"}
    with matplotlib.rc_context(rc):
        for fmt in formats:
            path = stem.parent / f"{stem.name}.{fmt}"
            kwargs = {"bbox_inches": "tight", "pad_inches": 0.02, "dpi": dpi, **savefig_kwargs}
            if fmt == "pdf":
                kwargs.setdefault("metadata", {"CreationDate": None})
            elif fmt == "svg":
                kwargs.setdefault("metadata", {"Date": None})
            fig.savefig(path, format=fmt, **kwargs)
            written.append(path)
            log.info("wrote %s", path)
    return written


# ---------------------------------------------------------------- validation and names


def _require(table: Any, columns: Sequence[str], what: str, hint: str = "") -> pd.DataFrame:
    """Check ``table`` is a non-empty DataFrame with ``columns``; clear errors otherwise."""
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{what} must be a pandas DataFrame, found {type(table).__name__}")
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise ValueError(f"{what} lacks column(s) {missing}; found {list(table.columns)}"
                         + (f". {hint}" if hint else ""))
    if len(table) == 0:
        raise ValueError(f"{what} is empty: there is nothing to plot" + (f". {hint}" if hint else ""))
    return table


def _pretty(value: Any) -> str:
    """Readable form of a label or column name: underscores to spaces."""
    return str(value).replace("__", " / ").replace("_", " ")


def short_feature_names(columns: Sequence[str], *, max_chars: int = 32) -> tuple[list[str], str]:
    """Short, unique tick labels for ``<prefix>__...`` feature columns, and the part they share.

    The leading ``__``-separated parts common to every name (``wording``,
    ``report_verbs``...) are removed and returned separately (for an axis label);
    the rest is joined with ``" / "`` and underscores become spaces. Names longer
    than ``max_chars`` are shortened in the middle with an ellipsis. Names that
    would collide keep more of their prefix.

    Returns
    -------
    names : list of str
    common : str
        The removed common prefix, readable (``""`` when there is none).

    Examples
    --------
    >>> short_feature_names(["wording__hedges__hedge__may__per_1k", "wording__hedges__hedge__might__per_1k"])
    (['may / per 1k', 'might / per 1k'], 'wording / hedges / hedge')
    >>> short_feature_names(["tone__polarity", "tone__title__polarity"])
    (['polarity', 'title / polarity'], 'tone')
    """
    cols = [str(c) for c in columns]
    parts = [c.split("__") for c in cols]
    k = 0
    if len(parts) > 1:
        shortest = min(len(p) for p in parts)
        while k < shortest - 1 and all(p[k] == parts[0][k] for p in parts):
            k += 1
    elif parts and len(parts[0]) > 1:
        k = len(parts[0]) - 1
    common = " / ".join(_pretty(x) for x in parts[0][:k]) if parts else ""

    def shorten(s: str) -> str:
        if len(s) <= max_chars:
            return s
        head = (max_chars - 1) // 2
        return s[:head] + "\u2026" + s[len(s) - (max_chars - 1 - head):]

    names = [shorten(" / ".join(_pretty(x) for x in p[k:])) for p in parts]
    if len(set(names)) < len(names):  # collisions after cutting: keep everything
        names = [shorten(" / ".join(_pretty(x) for x in p)) for p in parts]
        common = ""
    if len(set(names)) < len(names):
        names = [f"{n} ({i})" for i, n in enumerate(names, 1)]
    return names, common


def _categorical_colours(values: Sequence[Any], palette: dict[Any, str] | None = None) -> dict[Any, str]:
    """Colour per category: ``palette`` first, known leanings in fixed colours, else Okabe-Ito in order."""
    palette = dict(palette or {})
    out: dict[Any, str] = {}
    free = [c for c in OKABE_ITO if c not in palette.values()]
    i = 0
    for v in values:
        if v in palette:
            out[v] = palette[v]
        elif str(v).lower() in _LEANING_COLOURS and all(str(u).lower() in _LEANING_COLOURS for u in values):
            out[v] = _LEANING_COLOURS[str(v).lower()]
        else:
            out[v] = free[i % len(free)] if free else OKABE_ITO[i % len(OKABE_ITO)]
            i += 1
    return out


def _order_categories(values: Sequence[Any]) -> list[Any]:
    """Unique values in a natural order: political leanings left to right, numbers numerically, else sorted."""
    uniq = list(pd.unique(pd.Series(list(values), dtype=object).dropna()))
    low = [str(v).lower() for v in uniq]
    if uniq and all(v in LEANING_ORDER for v in low):
        return sorted(uniq, key=lambda v: LEANING_ORDER.index(str(v).lower()))
    try:
        return sorted(uniq)
    except TypeError:
        return sorted(uniq, key=str)


def _legend_below(fig: Any, ax: Any, created: bool, handles: list[Any], labels: list[str], *,
                  title: str | None = None, ncol: int | None = None, markerscale: float = 1.0) -> Any:
    """A frameless legend centred under the axes, outside the data area.

    In a figure made here it is a figure legend that constrained layout makes
    room for; on a given Axes it is placed just below the Axes' tick labels and
    axis label (measured with the renderer).
    """
    if ncol is None:
        longest = max((len(s) for s in labels), default=1)
        ncol = max(1, min(len(labels), 4 if longest <= 10 else 3 if longest <= 16 else 2))
    kwargs = dict(ncol=ncol, frameon=False, fontsize=SMALL, title=title, title_fontsize=SMALL, handlelength=1.2,
                  columnspacing=1.0, markerscale=markerscale)
    if created and fig.get_layout_engine() is not None:
        return fig.legend(handles, labels, loc="outside lower center", **kwargs)
    renderer = _renderer(fig)
    below = ax.get_tightbbox(renderer).y0 - 3 * fig.dpi / 72
    y = ax.transAxes.inverted().transform((0, below))[1]
    return ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, y), borderaxespad=0.0, **kwargs)


def _rotate_if_crowded(ax: Any, axis: str = "x") -> None:
    """Turn category tick labels 35 degrees when any is wider than its slot (measured with the renderer)."""
    fig = ax.get_figure(root=True)
    renderer = _renderer(fig)
    labels = ax.get_xticklabels() if axis == "x" else ax.get_yticklabels()
    if not labels:
        return
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
    slot = ax.get_window_extent(renderer).width / len(labels)
    if max(t.get_window_extent(renderer).width for t in labels) > 0.95 * slot:
        ax.tick_params(axis="x", labelrotation=35)
        for t in ax.get_xticklabels():
            t.set_ha("right")
            t.set_rotation_mode("anchor")


def _text_colour(rgba: Sequence[float]) -> str:
    """Black or white, whichever reads better on a cell of colour ``rgba`` (WCAG relative luminance)."""
    def lin(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (lin(float(c)) for c in rgba[:3])
    return "black" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.18 else "white"


# ---------------------------------------------------------------- label placement


def repel_labels(ax: Any, x: Sequence[float], y: Sequence[float], texts: Sequence[str], *,
                 colors: Sequence[str] | str | None = None, fontsize: float = SMALL,
                 avoid: Any = None, marker_radius: float = 3.0, gap: float = 1.5,
                 max_steps: int = 24, direction: Sequence[float] | None = None) -> list[Any]:
    """Label points without overlap: deterministic greedy placement measured with the renderer.

    Labels are placed in the given order (put the most important first). For
    each, candidate boxes around its point (right, left, centred; moving up and
    down in half-line steps and sideways in line-height steps) are tried nearest
    first; the first box that lies inside the axes and overlaps neither an
    already placed label nor any point in ``avoid`` wins. A thin leader line
    joins a label to its point when it had to move away. A label with no free
    place is left out (logged at INFO). The axis limits are frozen first, so set
    limits and layout before calling.

    Parameters
    ----------
    ax : matplotlib Axes
    x, y : sequences of float
        Points to label, in data coordinates.
    texts : sequence of str
    colors : str or sequence of str, optional
        Text colour(s); default near-black.
    fontsize : float, default 7
    avoid : array of shape (n, 2), optional
        Data points that labels must not cover (default: the labelled points).
    marker_radius : float, default 3.0
        Half-size, in points, of the square kept free around each avoided point.
    gap : float, default 1.5
        Distance in points between a point and its label.
    max_steps : int, default 24
        How far (in half-line steps) a label may travel up or down.
    direction : sequence of float, optional
        Per label, +1 to keep the label level with or above its point, -1 level
        with or below (e.g. away from a crowded middle), 0 anywhere.

    Returns
    -------
    list of matplotlib.text.Annotation
        The labels placed (gid ``"framing-label"``), in the given order.

    Examples
    --------
    >>> from matplotlib.figure import Figure
    >>> from matplotlib.backends.backend_agg import FigureCanvasAgg
    >>> fig = Figure(figsize=(3, 2)); _ = FigureCanvasAgg(fig); ax = fig.add_subplot()
    >>> _ = ax.scatter([1, 1.01, 1.02], [1, 1.0, 1.01]); ax.set_xlim(0, 2); ax.set_ylim(0, 2)
    (0.0, 2.0)
    (0.0, 2.0)
    >>> anns = repel_labels(ax, [1, 1.01, 1.02], [1, 1.0, 1.01], ["alpha", "beta", "gamma"])
    >>> len(anns)
    3
    """
    from matplotlib.text import Text

    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    texts = [str(t) for t in texts]
    if not (len(xs) == len(ys) == len(texts)):
        raise ValueError(f"x, y and texts differ in length: {len(xs)}, {len(ys)}, {len(texts)}")
    if isinstance(colors, str) or colors is None:
        colors = [colors or "0.1"] * len(texts)
    colors = list(colors)
    if len(colors) != len(texts):
        raise ValueError(f"colors has {len(colors)} entries for {len(texts)} labels")
    prefer = np.zeros(len(texts)) if direction is None else np.sign(np.asarray(direction, dtype=float))
    if len(prefer) != len(texts):
        raise ValueError(f"direction has {len(prefer)} entries for {len(texts)} labels")
    fig = ax.get_figure(root=True)
    renderer = _renderer(fig)
    ax.apply_aspect()
    if ax.get_aspect() == "auto" or ax.get_adjustable() == "box":
        ax.set_xlim(ax.get_xlim())  # freeze autoscaling: labels are placed for these limits
        ax.set_ylim(ax.get_ylim())
    px = fig.dpi / 72.0
    frame = ax.get_window_extent(renderer)
    anchors = ax.transData.transform(np.column_stack([xs, ys])) if len(xs) else np.empty((0, 2))
    obstacles = anchors if avoid is None else ax.transData.transform(np.asarray(avoid, dtype=float).reshape(-1, 2))
    r = marker_radius * px
    g = gap * px
    obstacle_boxes = np.column_stack([obstacles - r, obstacles + r]) if len(obstacles) else np.empty((0, 4))
    placed = np.empty((0, 4))
    pad = 1.0  # pixels kept free between two labels
    annotations = []
    for i, (s, colour, (axp, ayp)) in enumerate(zip(texts, colors, anchors)):
        if not np.isfinite([axp, ayp]).all():
            continue
        probe = Text(0, 0, s, fontsize=fontsize, ha="left", va="bottom")
        probe.set_figure(fig)
        bb = probe.get_window_extent(renderer)
        w, h = bb.width, bb.height
        dx0, dy0 = bb.x0, bb.y0  # offset of the box from the text position
        xs_opt = [g + r, -g - r - w, -w / 2]
        xs_opt += [g + j * h for j in range(1, 5)] + [-g - w - j * h for j in range(1, 5)]
        ys_opt = [-h / 2 + k * h / 2 for k in range(-max_steps, max_steps + 1)]
        cx = np.repeat(np.asarray(xs_opt), len(ys_opt)) + axp
        cy = np.tile(np.asarray(ys_opt), len(xs_opt)) + ayp
        boxes = np.column_stack([cx, cy, cx + w, cy + h])
        # distance from the point to the nearest point of each box; prefer right, then by index
        ddx = np.maximum.reduce([boxes[:, 0] - axp, np.zeros(len(boxes)), axp - boxes[:, 2]])
        ddy = np.maximum.reduce([boxes[:, 1] - ayp, np.zeros(len(boxes)), ayp - boxes[:, 3]])
        shift = (boxes[:, 1] + boxes[:, 3]) / 2 - ayp
        dist = np.hypot(ddx, ddy)
        score = dist + 0.25 * np.abs(shift)
        order = np.argsort(score, kind="stable")
        inside = ((boxes[:, 0] >= frame.x0 + 1) & (boxes[:, 2] <= frame.x1 - 1)
                  & (boxes[:, 1] >= frame.y0 + 1) & (boxes[:, 3] <= frame.y1 - 1))
        free = inside & (prefer[i] * shift >= -h / 2)
        for others, p in ((placed, pad), (obstacle_boxes, 0.0)):
            if len(others):
                hit = ((boxes[:, None, 0] < others[None, :, 2] + p) & (boxes[:, None, 2] > others[None, :, 0] - p)
                       & (boxes[:, None, 1] < others[None, :, 3] + p) & (boxes[:, None, 3] > others[None, :, 1] - p))
                free &= ~hit.any(axis=1)
        choice = order[free[order]]
        if len(choice) == 0:
            log.info("no free place for the label %r: left out", s)
            continue
        best = choice[0]
        box = boxes[best]
        offset = ((box[0] - axp - dx0) / px, (box[1] - ayp - dy0) / px)
        far = dist[best] > r + g + 1.0
        arrow = dict(arrowstyle="-", color="0.45", lw=0.4, shrinkA=0.5, shrinkB=marker_radius * 0.6) if far else None
        ann = ax.annotate(s, xy=(xs[i], ys[i]), xycoords="data",
                          xytext=offset, textcoords="offset points", ha="left", va="bottom",
                          fontsize=fontsize, color=colour, arrowprops=arrow, annotation_clip=False)
        ann.set_gid("framing-label")
        annotations.append(ann)
        placed = np.vstack([placed, box])
    _check_no_overlap(annotations, renderer)
    return annotations


def _check_no_overlap(annotations: list[Any], renderer: Any) -> None:
    """Measure placed labels with the renderer and log any overlap (there should be none)."""
    from matplotlib.text import Text

    boxes = []
    for ann in annotations:
        ann.update_positions(renderer)
        boxes.append(Text.get_window_extent(ann, renderer))
    for i in range(len(boxes)):
        for j in range(i + 1, len(boxes)):
            if boxes[i].overlaps(boxes[j]):
                log.warning("labels %r and %r overlap", annotations[i].get_text(), annotations[j].get_text())


# ---------------------------------------------------------------- label choice


def _select_one(table: pd.DataFrame, column: str, value: Any, what: str, param: str) -> tuple[pd.DataFrame, Any]:
    """Rows of ``table`` where ``column == value``; with ``value`` None, the only value there is."""
    values = list(pd.unique(table[column]))
    if value is None:
        if len(values) != 1:
            raise ValueError(f"{what} holds {len(values)} {column} values {values[:10]}: choose one with {param}=")
        value = values[0]
    sub = table[table[column] == value]
    if sub.empty:
        sub = table[table[column].astype(str) == str(value)]
    if sub.empty:
        raise ValueError(f"{param}={value!r} is not in {what}; found {values[:20]}")
    return sub, value


def label_choice(shares: pd.DataFrame, *, concept: Any = None, kind: str = "stacked",
                 labels: Sequence[Any] | None = None,
                 max_labels: int = 6, groups: Sequence[Any] | None = None, ax: Any = None) -> Any:
    """Bars of each group's label shares for one concept, with bootstrap confidence intervals.

    ``kind="stacked"``: one horizontal 100 % bar per group (tick labels are the
    groups), one segment per label. Each segment carries its label's CI as a thin
    error bar **on the segment's right edge** (the boundary that label's share
    moves): the bar's length is the CI of that label's share, not of the
    cumulative sum. Labels beyond ``max_labels`` are pooled into a grey "other"
    segment without an interval.

    ``kind="grouped"``: one row of bars per label (tick labels are the labels),
    one bar per group side by side, with the CI as error bars; labels beyond
    ``max_labels`` are not shown.

    Labels are ordered by their pooled share over all groups (largest first), so
    the same label has the same colour and place in every figure of a concept.
    The legend sits below the axes.

    Parameters
    ----------
    shares : DataFrame
        :attr:`framing.compare.labels.LabelChoice.shares`: ``group, concept, label,
        share, ci_low, ci_high`` (``mentions`` and ``concept_mentions`` are used
        for the pooled order when present).
    concept : optional
        Which concept to draw (required when ``shares`` holds several).
    kind : {"stacked", "grouped"}, default "stacked"
    labels : sequence, optional
        Labels to show, in this order (default: the ``max_labels`` largest).
    max_labels : int, default 6
    groups : sequence, optional
        Groups to show, in this order (default: as in ``shares``).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Raises
    ------
    ValueError
        For missing columns, an empty table, an unknown concept/label/group or kind.

    Examples
    --------
    >>> s = pd.DataFrame({"group": ["A", "A", "B", "B"], "concept": "forces",
    ...                   "label": ["rebels", "opposition"] * 2, "share": [0.7, 0.3, 0.2, 0.8],
    ...                   "ci_low": [0.6, 0.2, 0.1, 0.7], "ci_high": [0.8, 0.4, 0.3, 0.9]})
    >>> ax = label_choice(s)
    >>> [t.get_text() for t in ax.get_yticklabels()], ax.get_xlabel()
    (['A', 'B'], 'Share of mentions (%)')
    """
    if kind not in ("stacked", "grouped"):
        raise ValueError(f"kind must be 'stacked' or 'grouped', got {kind!r}")
    if not isinstance(max_labels, (int, np.integer)) or max_labels < 1:
        raise ValueError(f"max_labels must be a positive integer, got {max_labels!r}")
    hint = "Use LabelChoice.shares from framing.compare.labels.label_choice"
    _require(shares, ["group", "concept", "label", "share", "ci_low", "ci_high"], "shares", hint)
    sub, concept = _select_one(shares, "concept", concept, "shares", "concept")
    sub = sub.assign(group=sub["group"].astype(str), label=sub["label"].astype(str))
    group_order = list(pd.unique(sub["group"])) if groups is None else [str(g) for g in groups]
    unknown = [g for g in group_order if g not in set(sub["group"])]
    if unknown:
        raise ValueError(f"groups {unknown} have no rows for concept {concept!r}; found {sorted(set(sub['group']))}")
    sub = sub[sub["group"].isin(group_order)]
    if {"mentions", "concept_mentions"} <= set(sub.columns):
        totals = sub.drop_duplicates("group")["concept_mentions"].sum()
        pooled = sub.groupby("label")["mentions"].sum() / max(totals, 1)
    else:
        pooled = sub.groupby("label")["share"].mean()
    ranked = sorted(pooled.index, key=lambda lab: (-pooled[lab], lab))
    if labels is not None:
        shown = [str(lab) for lab in labels]
        unknown = [lab for lab in shown if lab not in pooled.index]
        if unknown:
            raise ValueError(f"labels {unknown} are not labels of concept {concept!r}; found {ranked}")
    else:
        shown = ranked[:max_labels]
    rest = [lab for lab in ranked if lab not in shown]
    table = sub.pivot_table(index="group", columns="label", values=["share", "ci_low", "ci_high"], aggfunc="first")
    table = table.reindex(group_order)
    share = table["share"].reindex(columns=ranked).fillna(0.0) * 100
    low = table["ci_low"].reindex(columns=ranked) * 100
    high = table["ci_high"].reindex(columns=ranked) * 100
    by = shares.attrs.get("by", "group")
    colours = {lab: OKABE_ITO[i % len(OKABE_ITO)] for i, lab in enumerate(shown)}
    n_g, n_l = len(group_order), len(shown)
    with style():
        if kind == "stacked":
            n_leg = n_l + bool(rest)
            fig, ax, created = _axes(ax, (COLUMN_WIDTH, 1.05 + 0.3 * n_g + 0.15 * np.ceil(n_leg / 3)))
            ypos = np.arange(n_g)
            left = np.zeros(n_g)
            handles = []
            for lab in shown:
                w = share[lab].to_numpy()
                bars = ax.barh(ypos, w, left=left, height=0.62, color=colours[lab], edgecolor="white",
                               linewidth=0.5, label=_pretty(lab))
                handles.append(bars)
                edge = left + w
                lo = np.clip(w - low[lab].to_numpy(), 0, None)
                hi = np.clip(high[lab].to_numpy() - w, 0, None)
                ok = np.isfinite(lo) & np.isfinite(hi)
                ax.errorbar(edge[ok], ypos[ok], xerr=[lo[ok], hi[ok]], fmt="none", ecolor="0.15",
                            elinewidth=0.6, capsize=1.5, capthick=0.6, zorder=3)
                left = edge
            if rest:
                w = share[rest].sum(axis=1).to_numpy()
                handles.append(ax.barh(ypos, w, left=left, height=0.62, color="#D9D9D9", edgecolor="white",
                                       linewidth=0.5, label=f"other ({len(rest)})"))
            ax.set_yticks(ypos, group_order)
            ax.invert_yaxis()
            ax.set_xlim(0, 100)
            ax.set_xlabel("Share of mentions (%)")
            ax.set_ylabel(_pretty(by).capitalize())
            apply_style(ax, grid="x")
            ax.tick_params(axis="y", length=0)
            ax.spines["left"].set_visible(False)
            leg_labels = [h.get_label() for h in handles]
            _legend_below(fig, ax, created, handles, leg_labels, title=_pretty(concept), ncol=min(3, len(handles)))
        else:
            fig, ax, created = _axes(ax, (COLUMN_WIDTH, max(2.0, 1.0 + n_l * (0.1 * n_g + 0.1))))
            height = 0.8 / n_g
            ypos = np.arange(n_l)
            g_colours = _categorical_colours(group_order)
            handles = []
            for gi, grp in enumerate(group_order):
                offs = ypos - 0.4 + height * (gi + 0.5)
                w = share.loc[grp, shown].to_numpy(dtype=float)
                bars = ax.barh(offs, w, height=height * 0.92, color=g_colours[grp], label=grp, linewidth=0)
                handles.append(bars)
                lo = np.clip(w - low.loc[grp, shown].to_numpy(dtype=float), 0, None)
                hi = np.clip(high.loc[grp, shown].to_numpy(dtype=float) - w, 0, None)
                ok = np.isfinite(lo) & np.isfinite(hi)
                ax.errorbar(w[ok], offs[ok], xerr=[lo[ok], hi[ok]], fmt="none", ecolor="0.15", elinewidth=0.6,
                            capsize=1.2, capthick=0.6, zorder=3)
            ax.set_yticks(ypos, [_pretty(lab) for lab in shown])
            ax.invert_yaxis()
            ax.set_xlim(0, None)
            ax.set_xlabel("Share of mentions (%)")
            ax.set_ylabel(f"Label ({_pretty(concept)})")
            apply_style(ax, grid="x")
            ax.tick_params(axis="y", length=0)
            _legend_below(fig, ax, created, handles, group_order, title=_pretty(by).capitalize())
    return ax


# ---------------------------------------------------------------- Fightin' Words


def fighting_words(fw: pd.DataFrame, *, group: Any = None, top: int = 15, threshold: float = 1.96,
                   ax: Any = None) -> Any:
    """The Monroe et al. (2008) funnel: each term's z-score against its frequency.

    Every term is a point at (total count in the two sides, log scale; z-score
    of the log-odds ratio with informative Dirichlet prior). Terms with
    ``|z| <= threshold`` are grey; terms more typical of ``group`` (z above) are
    vermillion, of the other side (z below) blue. The ``top`` terms of each side
    (largest ``|z|`` among the significant ones) are labelled without overlap
    (:func:`repel_labels`). Dashed lines mark ``+-threshold``. When there are more
    than 2,000 points the grey ones are rasterized to keep PDFs small (text and
    coloured points stay vector).

    Parameters
    ----------
    fw : DataFrame
        :func:`framing.compare.terms.fighting_words` output: ``group, other, term,
        count, count_other, z``.
    group : optional
        Which group's comparison to draw. Required when ``fw`` has more than two
        groups (one-vs-rest); with two (a pair, or one-vs-rest of two groups) the
        first is used, the two directions being mirror images.
    top : int, default 15
        Terms labelled per side.
    threshold : float, default 1.96
        ``|z|`` above which a term is highlighted (two-sided 5 % level, unadjusted).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    References
    ----------
    .. [1] Monroe, Colaresi & Quinn (2008), *Political Analysis* 16(4), fig. 5-7
       (z-score against frequency).

    Examples
    --------
    >>> from framing.compare.terms import fighting_words as fightin
    >>> fw = fightin(["rebels seized the city", "rebels advanced", "the opposition took the city",
    ...               "opposition fighters entered"], ["A", "A", "B", "B"], compare=("A", "B"))
    >>> ax = fighting_words(fw, top=1, threshold=0.5)
    >>> sorted(t.get_text() for t in ax.texts if t.get_gid() == "framing-label")
    ['opposition', 'rebels']
    """
    if not isinstance(top, (int, np.integer)) or top < 0:
        raise ValueError(f"top must be a non-negative integer, got {top!r}")
    hint = "Use the table of framing.compare.terms.fighting_words"
    _require(fw, ["group", "other", "term", "count", "count_other", "z"], "fw", hint)
    if group is None:
        groups = list(pd.unique(fw["group"]))
        if len(groups) > 2:
            raise ValueError(f"fw compares {len(groups)} groups {groups[:10]}: choose one with group=")
        group = groups[0]
    sub, group = _select_one(fw, "group", group, "fw", "group")
    others = list(pd.unique(sub["other"]))
    if len(others) != 1:
        raise ValueError(f"group {group!r} is compared with several others {others}: filter fw to one comparison")
    other = others[0]
    freq = (sub["count"] + sub["count_other"]).to_numpy(dtype=float)
    z = sub["z"].to_numpy(dtype=float)
    terms = sub["term"].astype(str).to_numpy()
    keep = (freq > 0) & np.isfinite(z)
    if (~keep).any():
        log.info("%d term(s) with no occurrence in either side (or no z) not drawn", int((~keep).sum()))
    freq, z, terms = freq[keep], z[keep], terms[keep]
    if len(z) == 0:
        raise ValueError(f"no term of group {group!r} occurs in either side: nothing to plot")
    pos, neg = z > threshold, z < -threshold
    grey = ~(pos | neg)
    col_pos, col_neg = OKABE_ITO[3], OKABE_ITO[0]
    other_name = "the rest" if str(other) == "(rest)" else str(other)
    with style():
        fig, ax, created = _axes(ax, (COLUMN_WIDTH, 3.2))
        h_grey = ax.scatter(freq[grey], z[grey], s=3, color=GREY, alpha=0.6, linewidths=0,
                            rasterized=bool(len(z) > 2000), label=f"|z| \u2264 {threshold:g}")
        h_pos = ax.scatter(freq[pos], z[pos], s=5, color=col_pos, linewidths=0, label=f"more in {group}")
        h_neg = ax.scatter(freq[neg], z[neg], s=5, color=col_neg, linewidths=0, label=f"more in {other_name}")
        for t in (threshold, -threshold):
            ax.axhline(t, color="0.5", lw=0.5, ls=(0, (3, 2)), zorder=0)
        ax.axhline(0, color="0.8", lw=0.5, zorder=0)
        ax.set_xscale("log")
        lo_x, hi_x = freq.min(), freq.max()
        ax.set_xlim(lo_x / 1.6, hi_x * 3.0)
        span = max(np.abs(z).max(), threshold) * 1.12
        ax.set_ylim(min(z.min(), -threshold) - 0.2 * span, max(z.max(), threshold) + 0.2 * span)
        ax.set_xlabel("Term frequency (occurrences, log scale)")
        ax.set_ylabel("z-score of log-odds ratio")
        apply_style(ax, grid=None)
        _legend_below(fig, ax, created, [h_pos, h_neg, h_grey],
                      [h_pos.get_label(), h_neg.get_label(), h_grey.get_label()], ncol=2, markerscale=2.0)
        _freeze_layout(fig, created)
        top_pos = np.flatnonzero(pos)[np.argsort(-z[pos], kind="stable")][:top]
        top_neg = np.flatnonzero(neg)[np.argsort(z[neg], kind="stable")][:top]
        # interleave the sides so both get their strongest terms placed first
        order = [i for pair in zip(top_pos, top_neg) for i in pair]
        order += [i for i in list(top_pos[len(top_neg):]) + list(top_neg[len(top_pos):])]
        order = np.asarray(order, dtype=int)
        if len(order):
            sig = pos | neg
            repel_labels(ax, freq[order], z[order], terms[order],
                         colors=[col_pos if z[i] > 0 else col_neg for i in order],
                         avoid=np.column_stack([freq[sig], z[sig]]), marker_radius=1.5,
                         direction=np.sign(z[order]))
    return ax


# ---------------------------------------------------------------- feature heat map


def _group_values(features: pd.DataFrame, groups: Any) -> tuple[np.ndarray, str]:
    """Group label per row, and the name of the grouping (for an axis label)."""
    if isinstance(groups, str):
        if groups not in features.columns:
            raise ValueError(f"groups={groups!r} is not a column of features; found {list(features.columns)[:20]}")
        return features[groups].to_numpy(dtype=object), groups
    values = np.asarray(groups, dtype=object)
    if values.ndim != 1 or len(values) != len(features):
        raise ValueError(f"groups must be a column name or one label per row: features has {len(features)} rows, "
                         f"groups has {len(values) if values.ndim == 1 else values.shape}")
    return values, str(getattr(groups, "name", None) or "group")


def group_means(features: pd.DataFrame, groups: Any, *, columns: Sequence[str] | None = None,
                standardize: bool = True) -> pd.DataFrame:
    """Mean of each feature per group (rows: groups in natural order; columns: features).

    With ``standardize`` each feature is first z-scored over all articles
    (mean 0, SD 1; NaN ignored, constant features stay 0), so a value reads "this
    group's articles are 0.4 SD above the average article". ``attrs["n_docs"]``
    holds the number of articles per group.

    Parameters
    ----------
    features : DataFrame
        One row per article (an extractor's output, possibly with a group column).
    groups : str or sequence
        A column of ``features`` or one label per row.
    columns : sequence of str, optional
        Feature columns (default: every numeric column except the group column).
    standardize : bool, default True

    Examples
    --------
    >>> f = pd.DataFrame({"tone__polarity": [0.0, 0.2, 0.4, 0.6], "outlet": list("AABB")})
    >>> group_means(f, "outlet", standardize=False)["tone__polarity"].round(2).tolist()
    [0.1, 0.5]
    """
    _require(features, [], "features")
    labels, gname = _group_values(features, groups)
    if columns is None:
        columns = [c for c in features.columns if pd.api.types.is_numeric_dtype(features[c])
                   and not pd.api.types.is_bool_dtype(features[c]) and c != gname]
        if not columns:
            raise ValueError(f"features has no numeric columns to average; found {list(features.columns)[:20]}")
    else:
        columns = list(columns)
        missing = [c for c in columns if c not in features.columns]
        if missing:
            raise ValueError(f"features lacks column(s) {missing}; found {list(features.columns)[:20]}")
        bad = [c for c in columns if not pd.api.types.is_numeric_dtype(features[c])]
        if bad:
            raise ValueError(f"column(s) {bad} are not numeric: only numeric features can be averaged")
    X = features[columns].astype(float)
    if standardize:
        sd = X.std(ddof=0).replace(0.0, np.nan)
        X = ((X - X.mean()) / sd).where(sd.notna().to_numpy()[None, :] | X.isna(), 0.0)
    ok = pd.notna(labels)
    if not ok.any():
        raise ValueError("every group label is missing: nothing to average")
    frame = X[ok].copy()
    frame["_group"] = labels[ok]
    means = frame.groupby("_group", sort=False).mean()
    order = _order_categories(list(means.index))
    means = means.loc[order]
    means.index.name = gname
    means.attrs["n_docs"] = frame["_group"].value_counts().reindex(order).to_dict()
    means.attrs["standardized"] = bool(standardize)
    return means


def feature_heatmap(features: pd.DataFrame, groups: Any, *, columns: Sequence[str] | None = None,
                    standardize: bool = True, rows: str = "features", max_columns: int = 15,
                    annotate: bool = True, fmt: str | None = None, cmap: str | None = None, ax: Any = None) -> Any:
    """Heat map of feature means per group (outlet), values printed in the cells.

    With ``standardize=True`` (default) cells are means of article-level
    z-scores (:func:`group_means`) on a diverging blue-red map centred on 0
    (ColorBrewer ``RdBu``, colour-blind safe), so features of any scale compare.
    With ``standardize=False`` cells are raw means on the sequential ``cividis``
    map: use it only for features sharing one unit (e.g. all rates per 1,000 words).

    By default features are rows and groups columns (``rows="features"``), so
    long feature names read horizontally; ``rows="groups"`` transposes. Tick
    labels are shortened with :func:`short_feature_names`; the common prefix goes
    into the axis label. A colour bar with its unit is added beside the axes.

    Parameters
    ----------
    features : DataFrame
        One row per article.
    groups : str or sequence
        Column of ``features`` or one label per row (e.g. ``corpus["outlet"]``).
    columns : sequence of str, optional
        Features to show. Default: every numeric column, and when there are more
        than ``max_columns`` the ones whose group means differ most (range of the
        standardized means), logged at INFO.
    standardize : bool, default True
    rows : {"features", "groups"}, default "features"
    max_columns : int, default 15
    annotate : bool, default True
        Print each cell's value (black or white for contrast).
    fmt : str, optional
        Format of printed values (default ``"{:+.2f}"`` standardized, ``"{:.3g}"`` raw).
    cmap : str, optional
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes (the heat map; the colour bar is a separate Axes of the figure)

    Examples
    --------
    >>> f = pd.DataFrame({"tone__polarity": [0.0, 0.2, 0.4, 0.6], "tone__subjectivity": [0.5, 0.4, 0.3, 0.3],
    ...                   "outlet": list("AABB")})
    >>> ax = feature_heatmap(f, "outlet")
    >>> [t.get_text() for t in ax.get_yticklabels()], [t.get_text() for t in ax.get_xticklabels()]
    (['polarity', 'subjectivity'], ['A', 'B'])
    """
    if rows not in ("features", "groups"):
        raise ValueError(f"rows must be 'features' or 'groups', got {rows!r}")
    means = group_means(features, groups, columns=columns, standardize=standardize)
    if columns is None and means.shape[1] > max_columns:
        spread = group_means(features, groups, columns=list(means.columns), standardize=True)
        spread = (spread.max() - spread.min()).fillna(0.0)
        ranked = spread.sort_values(ascending=False, kind="stable").index[:max_columns]
        keep = sorted(ranked, key=list(means.columns).index)
        log.info("feature_heatmap: showing the %d of %d features whose group means differ most", max_columns,
                 means.shape[1])
        means = means[keep]
    names, common = short_feature_names(list(means.columns))
    gname = means.index.name or "group"
    data = means.to_numpy(dtype=float)
    group_labels = [str(g) for g in means.index]
    if rows == "features":
        data = data.T
        row_labels, col_labels = names, group_labels
    else:
        row_labels, col_labels = group_labels, names
    n_r, n_c = data.shape
    finite = data[np.isfinite(data)]
    with style():
        import matplotlib as mpl

        width = COLUMN_WIDTH if n_c <= 6 else min(7.2, 1.6 + 0.42 * n_c)
        fig, ax, created = _axes(ax, (width, 0.75 + 0.24 * n_r + (0.45 if max(map(len, col_labels)) > 8 else 0)))
        if standardize:
            vmax = float(np.abs(finite).max()) if finite.size else 1.0
            vmax = vmax if vmax > 0 else 1.0
            norm = mpl.colors.Normalize(-vmax, vmax)
            cmap_obj = mpl.colormaps[cmap or "RdBu_r"]
            unit = "Group mean (z-score, SD units)"
            fmt = fmt or "{:+.2f}"
        else:
            lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
            norm = mpl.colors.Normalize(lo, hi if hi > lo else lo + 1)
            cmap_obj = mpl.colormaps[cmap or "cividis"]
            unit = "Group mean (feature units)"
            fmt = fmt or "{:.3g}"
        masked = np.ma.masked_invalid(data)
        mesh = ax.pcolormesh(np.arange(n_c + 1), np.arange(n_r + 1), masked, cmap=cmap_obj, norm=norm,
                             edgecolors="white", linewidth=0.6)
        ax.set_xlim(0, n_c)
        ax.set_ylim(n_r, 0)
        ax.set_xticks(np.arange(n_c) + 0.5, col_labels)
        ax.set_yticks(np.arange(n_r) + 0.5, row_labels)
        feature_axis = "Feature" + (f" ({common})" if common else "")
        group_axis = _pretty(gname).capitalize()
        ax.set_xlabel(group_axis if rows == "features" else feature_axis)
        ax.set_ylabel(feature_axis if rows == "features" else group_axis)
        if annotate:
            for i in range(n_r):
                for j in range(n_c):
                    v = data[i, j]
                    text = fmt.format(v) if np.isfinite(v) else "n/a"
                    colour = _text_colour(cmap_obj(norm(v))) if np.isfinite(v) else "0.3"
                    ax.text(j + 0.5, i + 0.5, text, ha="center", va="center", fontsize=SMALL, color=colour,
                            gid="framing-cell")
        apply_style(ax, grid=None, spines=())
        ax.tick_params(length=0)
        cbar = fig.colorbar(mesh, ax=ax, fraction=0.06, pad=0.03, aspect=max(8, 6 * n_r ** 0.5))
        cbar.set_label(unit, fontsize=SMALL)
        cbar.ax.tick_params(labelsize=SMALL, width=0.5, length=2)
        cbar.outline.set_linewidth(0.4)
        _rotate_if_crowded(ax)
    return ax


# ---------------------------------------------------------------- trends


_FREQ_NAMES = {"Y": "Year", "A": "Year", "Q": "Quarter", "M": "Month", "W": "Week", "D": "Day"}


def trend_table(table: pd.DataFrame, *, y: str, x: str = "date", group: str | None = "outlet", freq: str = "M",
                denominator: str | None = None, n_boot: int = 1000, level: float = 0.95, min_docs: int = 1,
                random_state: int = 0) -> pd.DataFrame:
    """Per-period value of a feature per group, with bootstrap confidence intervals over articles.

    Without ``denominator`` the value is the mean of ``y`` over the period's
    articles; with it, the ratio of sums ``sum(y) / sum(denominator)`` (e.g. a
    label's mentions over its concept's mentions: the pooled label share). The
    interval is a percentile bootstrap resampling the period's articles
    (:func:`framing.compare.stats.bootstrap_ratio_ci`; Efron & Tibshirani 1993).
    Articles with no date, group or ``y`` are left out (logged).

    Parameters
    ----------
    table : DataFrame
        One row per article with ``x`` (dates), ``y`` (numeric), ``group``.
    y : str
    x : str, default "date"
    group : str or None, default "outlet"
        None: one series over all articles.
    freq : str, default "M"
        pandas period: ``"Y"``, ``"Q"``, ``"M"``, ``"W"``, ``"D"``.
    denominator : str, optional
    n_boot : int, default 1000
    level : float, default 0.95
    min_docs : int, default 1
        Periods with fewer articles in a group get NaN (a gap in the line).
    random_state : int, default 0

    Returns
    -------
    DataFrame
        ``group, period, start, value, ci_low, ci_high, n_docs`` for every group
        and every period from the first to the last date (gaps as NaN).

    Examples
    --------
    >>> t = pd.DataFrame({"date": pd.to_datetime(["2020-01-05", "2020-01-20", "2020-03-02"]),
    ...                   "outlet": "A", "tone": [0.2, 0.4, 0.1]})
    >>> out = trend_table(t, y="tone", n_boot=50)
    >>> [(str(p), round(v, 2), n) for p, v, n in out[["period", "value", "n_docs"]].values]
    [('2020-01', 0.3, 2), ('2020-02', nan, 0), ('2020-03', 0.1, 1)]
    """
    from framing.compare.stats import bootstrap_ratio_ci

    cols = [x, y] + ([group] if group else []) + ([denominator] if denominator else [])
    _require(table, cols, "table")
    for c in [y] + ([denominator] if denominator else []):
        if not pd.api.types.is_numeric_dtype(table[c]):
            raise ValueError(f"column {c!r} must be numeric, found dtype {table[c].dtype}")
    dates = pd.to_datetime(table[x], errors="coerce", utc=True)
    dates = dates.dt.tz_convert(None)
    pfreq = {"A": "Y", "YE": "Y", "ME": "M", "QE": "Q"}.get(freq, freq)
    try:
        periods = dates.dt.to_period(pfreq)
    except (ValueError, TypeError) as exc:
        raise ValueError(f"freq={freq!r} is not a pandas period frequency; use 'Y', 'Q', 'M', 'W' or 'D'") from exc
    frame = pd.DataFrame({"period": periods, "y": table[y].to_numpy(dtype=float),
                          "den": table[denominator].to_numpy(dtype=float) if denominator else 1.0,
                          "group": table[group].to_numpy(dtype=object) if group else "all"})
    bad = frame["period"].isna() | frame["y"].isna() | frame["den"].isna() | frame["group"].isna()
    if bad.any():
        log.info("trend_table: %d article(s) without a date, %s or %r left out", int(bad.sum()), group, y)
    frame = frame[~bad]
    if frame.empty:
        raise ValueError(f"no article has a valid {x!r}, {y!r}" + (f" and {group!r}" if group else "")
                         + ": nothing to plot")
    all_periods = pd.period_range(frame["period"].min(), frame["period"].max(), freq=pfreq)
    rng = np.random.default_rng(random_state)
    rows = []
    for grp in _order_categories(frame["group"]):
        part = frame[frame["group"] == grp]
        by_period = dict(tuple(part.groupby("period", sort=True)))
        for per in all_periods:
            p = by_period.get(per)
            n = 0 if p is None else len(p)
            est = lo = hi = np.nan
            if n >= max(min_docs, 1):
                est, lo, hi = bootstrap_ratio_ci(p["y"].to_numpy(), p["den"].to_numpy(), n_boot=n_boot, level=level,
                                                 random_state=int(rng.integers(2**31)))
            rows.append({"group": grp, "period": per, "start": per.start_time, "value": est, "ci_low": lo,
                         "ci_high": hi, "n_docs": n})
    out = pd.DataFrame(rows)
    out.attrs.update(freq=pfreq, y=y, denominator=denominator, level=level, n_boot=n_boot)
    return out


def trend(table: pd.DataFrame, *, y: str, x: str = "date", group: str | None = "outlet", freq: str = "M",
          ci: bool = True, ci_style: str = "band", denominator: str | None = None, n_boot: int = 1000,
          level: float = 0.95, min_docs: int = 1, ylabel: str | None = None, random_state: int = 0,
          ax: Any = None) -> Any:
    """A feature or label share over time, one line per group, with bootstrap CIs over articles.

    The values come from :func:`trend_table` (mean of ``y`` per period, or
    ``sum(y) / sum(denominator)`` for a pooled share). Each group has its own
    Okabe-Ito colour and marker (readable in greyscale); periods without articles
    break the line. The CI is a light band (``ci_style="band"``) or error bars
    (``"bars"``). The legend sits below the axes.

    Parameters
    ----------
    table : DataFrame
        One row per article: a corpus table joined with features.
    y, x, group, freq, denominator, n_boot, level, min_docs, random_state
        As in :func:`trend_table`.
    ci : bool, default True
    ci_style : {"band", "bars"}, default "band"
    ylabel : str, optional
        Default: the short name of ``y`` (:func:`short_feature_names`).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> t = pd.DataFrame({"date": pd.to_datetime(["2019-05-01", "2020-05-01"] * 2), "outlet": list("AABB"),
    ...                   "tone": [0.1, 0.2, 0.3, 0.1]})
    >>> ax = trend(t, y="tone", freq="Y", n_boot=50)
    >>> ax.get_xlabel(), [t.get_text() for t in ax.figure.legends[0].get_texts()]
    ('Year', ['A', 'B'])
    """
    if ci_style not in ("band", "bars"):
        raise ValueError(f"ci_style must be 'band' or 'bars', got {ci_style!r}")
    data = trend_table(table, y=y, x=x, group=group, freq=freq, denominator=denominator, n_boot=n_boot,
                       level=level, min_docs=min_docs, random_state=random_state)
    groups = list(pd.unique(data["group"]))
    colours = _categorical_colours(groups)
    pfreq = data.attrs["freq"]
    with style():
        import matplotlib.dates as mdates

        fig, ax, created = _axes(ax, (COLUMN_WIDTH, 2.8))
        handles = []
        for gi, grp in enumerate(groups):
            part = data[data["group"] == grp]
            xs = part["start"].to_numpy(dtype="datetime64[ns]")
            v = part["value"].to_numpy(dtype=float)
            (line,) = ax.plot(xs, v, color=colours[grp], marker=MARKERS[gi % len(MARKERS)], markersize=3.2,
                              lw=1.1, label=str(grp), markeredgewidth=0, zorder=3)
            handles.append(line)
            if ci:
                lo, hi = part["ci_low"].to_numpy(dtype=float), part["ci_high"].to_numpy(dtype=float)
                if ci_style == "band":
                    ax.fill_between(xs, lo, hi, color=colours[grp], alpha=0.18, linewidth=0, zorder=1)
                else:
                    ok = np.isfinite(v) & np.isfinite(lo) & np.isfinite(hi)
                    ax.errorbar(xs[ok], v[ok], yerr=[v[ok] - lo[ok], hi[ok] - v[ok]], fmt="none",
                                ecolor=colours[grp], elinewidth=0.7, capsize=1.5, capthick=0.6, zorder=2)
        n_periods = len(pd.unique(data["period"]))
        if pfreq.startswith("Y") and n_periods <= 14:
            locator = mdates.YearLocator(base=1 if n_periods <= 7 else 2)
        else:
            locator = mdates.AutoDateLocator(minticks=3, maxticks=7)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator, show_offset=False))
        ax.set_xlabel(_FREQ_NAMES.get(pfreq[:1], "Period"))
        if ylabel is None:
            names, common = short_feature_names([y])
            ylabel = names[0][:1].upper() + names[0][1:] + (f" ({common})" if common else "")
            ylabel += " (share)" if denominator else ""
        ax.set_ylabel(ylabel)
        apply_style(ax, grid="y")
        if group:
            title = _pretty(group).capitalize()
            if ci:
                title += f" ({'bands' if ci_style == 'band' else 'bars'}: {level * 100:g}% CI)"
            _legend_below(fig, ax, created, handles, [str(g) for g in groups], title=title)
    return ax


# ---------------------------------------------------------------- classifiers


def confusion_matrix(confusion: pd.DataFrame, *, normalize: bool | str = True, annotate: bool = True,
                     cmap: str = "Blues", ax: Any = None) -> Any:
    """Confusion matrix as a heat map: true classes in rows, predicted in columns.

    Parameters
    ----------
    confusion : DataFrame
        :attr:`framing.classify.ClassificationResult.confusion` (counts; index =
        true classes, columns = predicted classes).
    normalize : bool or {"true", "pred", "all"}, default True
        ``True``/``"true"``: percent of each true class (rows sum to 100, the
        diagonal is recall); ``"pred"``: percent of each predicted class (the
        diagonal is precision); ``"all"``: percent of all articles; ``False``:
        counts.
    annotate : bool, default True
        Print values in the cells.
    cmap : str, default "Blues"
        A sequential map (single hue: readable by colour-blind readers and in greyscale).
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> cm = pd.DataFrame([[8, 2], [1, 9]], index=pd.Index(["A", "B"], name="true"),
    ...                   columns=pd.Index(["A", "B"], name="predicted"))
    >>> ax = confusion_matrix(cm)
    >>> sorted(t.get_text() for t in ax.texts)
    ['10%', '20%', '80%', '90%']
    """
    _require(confusion, [], "confusion", "Use ClassificationResult.confusion from framing.classify.evaluate")
    if confusion.shape[1] == 0:
        raise ValueError("confusion has no columns (predicted classes): nothing to plot")
    try:
        counts = confusion.to_numpy(dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError("confusion must hold numbers (counts of articles) in every cell") from exc
    if np.any(counts < 0) or not np.isfinite(counts).all():
        raise ValueError("confusion must hold non-negative, finite counts")
    mode = "true" if normalize is True else (None if normalize is False or normalize is None else normalize)
    if mode not in (None, "true", "pred", "all"):
        raise ValueError(f"normalize must be True, False, 'true', 'pred' or 'all', got {normalize!r}")
    with np.errstate(invalid="ignore", divide="ignore"):
        if mode == "true":
            values = 100 * counts / counts.sum(axis=1, keepdims=True)
            unit = "Share of true class (%)"
        elif mode == "pred":
            values = 100 * counts / counts.sum(axis=0, keepdims=True)
            unit = "Share of predicted class (%)"
        elif mode == "all":
            values = 100 * counts / counts.sum()
            unit = "Share of all articles (%)"
        else:
            values = counts
            unit = "Articles (count)"
    rows = [str(v) for v in confusion.index]
    cols = [str(v) for v in confusion.columns]
    n_r, n_c = values.shape
    with style():
        import matplotlib as mpl

        size = min(7.2, max(COLUMN_WIDTH, 1.2 + 0.45 * n_c))
        fig, ax, created = _axes(ax, (size, min(7.2, max(2.8, 1.0 + 0.45 * n_r))))
        vmax = 100.0 if mode else max(float(np.nanmax(values)), 1.0)
        norm = mpl.colors.Normalize(0, vmax)
        cmap_obj = mpl.colormaps[cmap]
        mesh = ax.pcolormesh(np.arange(n_c + 1), np.arange(n_r + 1), np.ma.masked_invalid(values), cmap=cmap_obj,
                             norm=norm, edgecolors="white", linewidth=0.6)
        ax.set_xlim(0, n_c)
        ax.set_ylim(n_r, 0)
        ax.set_aspect("equal")
        ax.set_xticks(np.arange(n_c) + 0.5, cols)
        ax.set_yticks(np.arange(n_r) + 0.5, rows)
        ax.set_xlabel("Predicted class")
        ax.set_ylabel("True class")
        if annotate:
            for i in range(n_r):
                for j in range(n_c):
                    v = values[i, j]
                    if not np.isfinite(v):
                        text, colour = "n/a", "0.3"
                    else:
                        text = f"{v:.0f}%" if mode else f"{v:.0f}"
                        colour = _text_colour(cmap_obj(norm(v)))
                    ax.text(j + 0.5, i + 0.5, text, ha="center", va="center", fontsize=SMALL, color=colour,
                            gid="framing-cell")
        apply_style(ax, grid=None, spines=())
        ax.tick_params(length=0)
        cbar = fig.colorbar(mesh, ax=ax, fraction=0.05, pad=0.03, shrink=0.9)
        cbar.set_label(unit, fontsize=SMALL)
        cbar.ax.tick_params(labelsize=SMALL, width=0.5, length=2)
        cbar.outline.set_linewidth(0.4)
        _rotate_if_crowded(ax)
    return ax


def top_features(top: pd.DataFrame, *, k: int = 10, classes: Sequence[Any] | None = None, ncols: int | None = None,
                 ax: Any = None) -> np.ndarray:
    """Small multiples: each class's ``k`` largest classifier weights as horizontal bars.

    One panel per class (titled with the class), the largest weight at the top,
    bars coloured by kind (``word`` blue, ``framing`` orange; a legend under the
    panels when both kinds occur). With several classes the panels form a grid of
    ``ncols`` columns (default: up to 3 side by side, about 2.4 in per column,
    i.e. a two-column-wide figure for three classes); one class gives a
    one-column figure.

    Parameters
    ----------
    top : DataFrame
        :func:`framing.classify.top_features` output: ``class, term, weight``
        (``rank`` and ``kind`` used when present).
    k : int, default 10
    classes : sequence, optional
        Classes to draw, in this order (default: as in ``top``).
    ncols : int, optional
    ax : sequence of matplotlib Axes, optional
        One Axes per class to draw on (a single Axes is accepted for one class).

    Returns
    -------
    numpy.ndarray of matplotlib Axes
        One per class, in class order (unused grid cells are hidden, not returned).

    Examples
    --------
    >>> t = pd.DataFrame({"class": ["A", "A", "B", "B"], "rank": [1, 2, 1, 2], "kind": "word",
    ...                   "term": ["rebels", "regime", "opposition", "forces"], "weight": [2.0, 1.0, 1.5, 0.5]})
    >>> axes = top_features(t, k=2)
    >>> [a.get_title(loc="left") for a in axes], [t.get_text() for t in axes[0].get_yticklabels()]
    (['A', 'B'], ['rebels', 'regime'])
    """
    if not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    _require(top, ["class", "term", "weight"], "top",
             "Use ClassificationResult.top_features or framing.classify.top_features")
    class_list = list(pd.unique(top["class"])) if classes is None else list(classes)
    unknown = [c for c in class_list if c not in set(top["class"])]
    if unknown:
        raise ValueError(f"classes {unknown} are not in top; found {list(pd.unique(top['class']))}")
    n = len(class_list)
    kinds = set(top["kind"]) if "kind" in top.columns else {"word"}
    kind_colours = {"word": OKABE_ITO[0], "framing": OKABE_ITO[1]}
    with style():
        if ax is None:
            ncols = ncols or (1 if n == 1 else min(n, 3))
            nrows = int(np.ceil(n / ncols))
            width = COLUMN_WIDTH if ncols == 1 else 2.4 * ncols
            fig = _new_figure((width, nrows * (0.45 + 0.15 * k) + (0.3 if len(kinds) > 1 else 0.1)),
                              layout="constrained")
            grid = np.atleast_1d(fig.subplots(nrows, ncols, squeeze=False)).ravel()
            for extra in grid[n:]:
                extra.set_visible(False)
            axes = grid[:n]
        else:
            axes = np.atleast_1d(np.asarray(ax, dtype=object)).ravel()
            if len(axes) != n:
                raise ValueError(f"ax must hold one Axes per class: {n} classes, {len(axes)} Axes given")
            fig = axes[0].get_figure(root=True)
        for a, cls in zip(axes, class_list):
            part = top[top["class"] == cls]
            part = part.sort_values("rank" if "rank" in part.columns else "weight",
                                    ascending="rank" in part.columns, kind="stable").head(k)
            terms = [t if len(t) <= 28 else t[:27] + "\u2026" for t in part["term"].astype(str)]
            colours = [kind_colours.get(str(kd), GREY) for kd in (part["kind"] if "kind" in part.columns
                                                                   else ["word"] * len(part))]
            ypos = np.arange(len(part))
            a.barh(ypos, part["weight"].to_numpy(dtype=float), color=colours, height=0.7, linewidth=0)
            a.set_yticks(ypos, terms)
            a.set_ylim(len(part) - 0.5 if len(part) else 0.5, -0.5)
            a.axvline(0, color="0.2", lw=0.6)
            a.set_title(str(cls), fontsize=FONT_SIZE, loc="left")
            a.set_xlabel("Coefficient (log-odds)")
            apply_style(a, grid="x")
            a.tick_params(axis="y", length=0)
        if len(kinds) > 1:
            from matplotlib.patches import Patch

            handles = [Patch(color=kind_colours.get(kd, GREY), label=f"{kd} feature") for kd in sorted(kinds)]
            fig.legend(handles=handles, loc="outside lower center" if fig.get_layout_engine() is not None
                       else "lower center", ncol=len(handles), frameon=False, fontsize=SMALL)
    return np.asarray(axes, dtype=object)


# ---------------------------------------------------------------- similarity map


def _equal_scale(ax: Any) -> None:
    """Widen the x or y limits (about their centre) so one data unit is as long on both axes."""
    fig = ax.get_figure(root=True)
    box = ax.get_window_extent(_renderer(fig))
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    per_x = (x1 - x0) / box.width
    per_y = (y1 - y0) / box.height
    if per_x > per_y:
        half = per_x * box.height / 2
        mid = (y0 + y1) / 2
        ax.set_ylim(mid - half, mid + half)
    else:
        half = per_y * box.width / 2
        mid = (x0 + x1) / 2
        ax.set_xlim(mid - half, mid + half)


def similarity_map(coordinates: pd.DataFrame, *, hue: str | None = "cluster", label: bool = True,
                   palette: dict[Any, str] | None = None, ax: Any = None) -> Any:
    """Map of groups (outlets) from classical MDS of their profile distances, labelled without overlap.

    Points are placed at (``dim1``, ``dim2``) with equal axis scales (distances
    on the page are proportional to profile distances; Torgerson 1952; the
    limits are widened to make the scales equal for the final axes size), coloured
    by ``hue``: a categorical column (clusters, or a leaning such as
    left/center/right, drawn in its natural order with fixed colours) gets
    Okabe-Ito colours and a legend below; a numeric column with many values gets
    the ``cividis`` map and a colour bar. Labels use :func:`repel_labels` and
    avoid every point.

    Parameters
    ----------
    coordinates : DataFrame
        :attr:`framing.compare.similarity.OutletSimilarity.coordinates`:
        ``group, dim1, dim2`` (+ ``cluster``, ``n_docs``, or any merged column).
    hue : str or None, default "cluster"
    label : bool, default True
    palette : dict, optional
        Category -> colour, overriding the defaults.
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> c = pd.DataFrame({"group": ["A", "B", "C"], "dim1": [0.0, 1.0, 0.9], "dim2": [0.0, 0.1, -0.1],
    ...                   "cluster": [1, 2, 2]})
    >>> ax = similarity_map(c)
    >>> sorted(t.get_text() for t in ax.texts if t.get_gid() == "framing-label")
    ['A', 'B', 'C']
    """
    hint = "Use OutletSimilarity.coordinates from framing.compare.similarity.outlet_similarity"
    _require(coordinates, ["group", "dim1", "dim2"] + ([hue] if hue else []), "coordinates", hint)
    xs = coordinates["dim1"].to_numpy(dtype=float)
    ys = coordinates["dim2"].to_numpy(dtype=float)
    if not (np.isfinite(xs).all() and np.isfinite(ys).all()):
        raise ValueError("coordinates has missing or infinite dim1/dim2 values")
    names = coordinates["group"].astype(str).to_numpy()
    with style():
        fig, ax, created = _axes(ax, (COLUMN_WIDTH, 3.2))
        colorbar_for = None
        handles, hlabels = [], []
        if hue is None:
            ax.scatter(xs, ys, s=26, color=OKABE_ITO[0], edgecolors="white", linewidths=0.5, zorder=3)
        elif pd.api.types.is_float_dtype(coordinates[hue]) and coordinates[hue].nunique() > 8:
            sc = ax.scatter(xs, ys, s=26, c=coordinates[hue].to_numpy(dtype=float), cmap="cividis",
                            edgecolors="white", linewidths=0.5, zorder=3)
            colorbar_for = sc
        else:
            values = coordinates[hue].to_numpy(dtype=object)
            cats = _order_categories(values)
            colours = _categorical_colours(cats, palette)
            for ci, cat in enumerate(cats):
                sel = values == cat
                h = ax.scatter(xs[sel], ys[sel], s=26, color=colours[cat], marker=MARKERS[ci % len(MARKERS)],
                               edgecolors="white", linewidths=0.5, zorder=3)
                handles.append(h)
                hlabels.append(f"{_pretty(hue).capitalize()} {cat}" if hue == "cluster" else str(cat))
            missing = pd.isna(pd.Series(values)).to_numpy()
            if missing.any():
                handles.append(ax.scatter(xs[missing], ys[missing], s=26, color=GREY, edgecolors="white",
                                          linewidths=0.5, zorder=3))
                hlabels.append("unknown")
        span = max(np.ptp(xs), np.ptp(ys), 1e-9)
        ax.set_xlim(xs.min() - 0.2 * span, xs.max() + 0.2 * span)
        ax.set_ylim(ys.min() - 0.2 * span, ys.max() + 0.2 * span)
        ax.set_xlabel("MDS dimension 1 (profile distance)")
        ax.set_ylabel("MDS dimension 2 (profile distance)")
        apply_style(ax, grid="both")
        ax.axhline(0, color="0.85", lw=0.5, zorder=0)
        ax.axvline(0, color="0.85", lw=0.5, zorder=0)
        if handles:
            _legend_below(fig, ax, created, handles, hlabels,
                          title=None if hue == "cluster" else _pretty(hue).capitalize())
        if colorbar_for is not None:
            cbar = fig.colorbar(colorbar_for, ax=ax, fraction=0.05, pad=0.03)
            cbar.set_label(_pretty(hue), fontsize=SMALL)
            cbar.ax.tick_params(labelsize=SMALL)
        _freeze_layout(fig, created)
        _equal_scale(ax)
        if label:
            repel_labels(ax, xs, ys, names, avoid=np.column_stack([xs, ys]), marker_radius=3.5)
    return ax
