"""Figures: content checks on real data (bars, points, labels, intervals, files), bad input, lazy import."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from framing import plot

matplotlib = pytest.importorskip("matplotlib")
from matplotlib.collections import PathCollection, PolyCollection, QuadMesh  # noqa: E402
from matplotlib.container import BarContainer, ErrorbarContainer  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


# ---------------------------------------------------------------- helpers


def texts_of(ax, gid):
    return [t for t in ax.texts if t.get_gid() == gid]


def label_boxes(ax):
    """Rendered bounding boxes of the placed labels (text only, without leader lines)."""
    fig = ax.get_figure(root=True)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    return {t.get_text(): Text.get_window_extent(t, renderer) for t in texts_of(ax, "framing-label")}


def assert_no_overlap(boxes):
    items = list(boxes.items())
    for i in range(len(items)):
        for j in range(i + 1, len(items)):
            assert not items[i][1].overlaps(items[j][1]), f"labels {items[i][0]!r} and {items[j][0]!r} overlap"


def assert_inside_axes(ax, boxes):
    frame = ax.get_window_extent(ax.get_figure(root=True).canvas.get_renderer())
    for name, bb in boxes.items():
        assert frame.x0 <= bb.x0 and bb.x1 <= frame.x1 and frame.y0 <= bb.y0 and bb.y1 <= frame.y1, name


def assert_readable(fig):
    """Every visible text is at least 7 pt; no text is rasterized."""
    for t in fig.findobj(Text):
        if t.get_visible() and t.get_text().strip():
            assert t.get_fontsize() >= 7, (t.get_text(), t.get_fontsize())
            assert not t.get_rasterized(), t.get_text()


def legend_texts(ax):
    fig = ax.get_figure(root=True)
    legend = ax.get_legend() or (fig.legends[0] if fig.legends else None)
    assert legend is not None, "no legend"
    return [t.get_text() for t in legend.get_texts()]


def assert_saved(ax, stem):
    files = plot.save(ax, stem)
    assert [f.suffix for f in files] == [".png", ".pdf"]
    for f in files:
        assert f.is_file() and f.stat().st_size > 1000, f
    assert files[0].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    pdf = files[1].read_bytes()
    assert pdf.startswith(b"%PDF")
    assert b"/FontFile2" in pdf  # text embedded as TrueType text, not paths or pixels
    return files


def bars_of(ax):
    return [c for c in ax.containers if isinstance(c, BarContainer)]


def errorbars_of(ax):
    return [c for c in ax.containers if isinstance(c, ErrorbarContainer)]


# ---------------------------------------------------------------- import, style, save


def test_import_does_not_load_matplotlib():
    code = (
        "import sys, framing, framing.plot\n"
        "assert 'matplotlib' not in sys.modules, 'import loaded matplotlib'\n"
        "import pandas as pd\n"
        "s = pd.DataFrame({'group': ['A', 'B'], 'concept': 'c', 'label': 'x', 'share': 1.0,"
        " 'ci_low': 1.0, 'ci_high': 1.0})\n"
        "ax = framing.plot.label_choice(s)\n"
        "assert 'matplotlib' in sys.modules\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'a call without pyplot imported pyplot'\n"
        "print(type(ax.figure.canvas).__name__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "FigureCanvasAgg"


def test_pyplot_users_get_pyplot_figures_and_keep_their_backend():
    code = (
        "import matplotlib\nmatplotlib.use('svg')\nimport matplotlib.pyplot as plt\nimport pandas as pd\n"
        "import framing.plot as fp\n"
        "c = pd.DataFrame({'group': ['A', 'B'], 'dim1': [0.0, 1.0], 'dim2': [0.0, 1.0], 'cluster': [1, 2]})\n"
        "ax = fp.similarity_map(c)\n"
        "print(plt.get_fignums(), matplotlib.get_backend(), matplotlib.rcParams['font.size'])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["[1]", "svg", "10.0"]  # registered with pyplot; backend and rc untouched


def test_style_is_scoped_and_apply_style_sets_the_look():
    before = dict(matplotlib.rcParams)
    with plot.style():
        assert matplotlib.rcParams["axes.spines.right"] is False
        assert matplotlib.rcParams["pdf.fonttype"] == 42
        assert matplotlib.rcParams["axes.prop_cycle"].by_key()["color"][0] == plot.OKABE_ITO[0]
    assert dict(matplotlib.rcParams) == before
    ax = Figure().add_subplot()
    plot.apply_style(ax, grid="y")
    assert not ax.spines["top"].get_visible() and not ax.spines["right"].get_visible()
    assert ax.yaxis.get_gridlines()[0].get_visible() and not ax.xaxis.get_gridlines()[0].get_visible()
    assert ax.xaxis.get_ticklabels()[0].get_fontsize() == 7
    with pytest.raises(ValueError, match="grid must be"):
        plot.apply_style(ax, grid="z")


def test_okabe_ito_palette():
    assert plot.OKABE_ITO[:4] == ("#0072B2", "#E69F00", "#009E73", "#D55E00")
    assert len(set(plot.OKABE_ITO)) == 8


def test_save_writes_each_format_and_rejects_unknown(tmp_path):
    fig = Figure()
    ax = fig.add_subplot()
    ax.plot([0, 1], [1, 0])
    ax.set_xlabel("x label")
    files = assert_saved(ax, tmp_path / "sub" / "line")
    assert [f.name for f in files] == ["line.png", "line.pdf"]
    svg = plot.save(fig, tmp_path / "line", formats=("svg",))[0]
    assert "<text" in svg.read_text()  # svg.fonttype none: text stays text
    first = files[1].read_bytes()
    assert plot.save(fig, tmp_path / "sub" / "line", formats="pdf")[0].read_bytes() == first  # reproducible
    with pytest.raises(ValueError, match="cannot write"):
        plot.save(fig, tmp_path / "x", formats=("docx",))
    with pytest.raises(ValueError, match="formats is empty"):
        plot.save(fig, tmp_path / "x", formats=())
    with pytest.raises(TypeError, match="Figure or Axes"):
        plot.save("not a figure", tmp_path / "x")


def test_short_feature_names():
    names, common = plot.short_feature_names(["wording__report_verbs__report_verb__say__per_1k",
                                              "wording__report_verbs__report_verb__tell__per_1k",
                                              "wording__report_verbs__report_verb__per_1k"])
    assert names == ["say / per 1k", "tell / per 1k", "per 1k"]
    assert common == "wording / report verbs / report verb"
    names, common = plot.short_feature_names(["tone__polarity"])
    assert names == ["polarity"] and common == "tone"
    names, _ = plot.short_feature_names(["a__" + "x" * 60])
    assert len(names[0]) == 32 and "\u2026" in names[0]
    names, _ = plot.short_feature_names(["plain", "other"])
    assert names == ["plain", "other"]


# ---------------------------------------------------------------- label placement


def test_repel_labels_never_overlap_in_a_crowd():
    fig = Figure(figsize=(3.5, 2.6))
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    rng = np.random.default_rng(0)
    x, y = rng.normal(0, 0.05, 25), rng.normal(0, 0.05, 25)
    ax.scatter(x, y)
    ax.set_xlim(-1, 1)
    ax.set_ylim(-1, 1)
    words = [f"term{i}" for i in range(25)]
    anns = plot.repel_labels(ax, x, y, words)
    assert len(anns) >= 20  # a crowd at one spot still gets most labels
    boxes = label_boxes(ax)
    assert set(boxes) == {a.get_text() for a in anns}
    assert_no_overlap(boxes)
    assert_inside_axes(ax, boxes)
    assert ax.get_xlim() == (-1.0, 1.0)  # limits untouched
    again = Figure(figsize=(3.5, 2.6))
    FigureCanvasAgg(again)
    ax2 = again.add_subplot()
    ax2.set_xlim(-1, 1)
    ax2.set_ylim(-1, 1)
    anns2 = plot.repel_labels(ax2, x, y, words)
    assert [a.xyann for a in anns2] == [a.xyann for a in anns]  # deterministic
    with pytest.raises(ValueError, match="differ in length"):
        plot.repel_labels(ax, [0], [0, 1], ["a"])


def test_repel_labels_drops_what_cannot_fit():
    fig = Figure(figsize=(1.0, 0.5))
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    anns = plot.repel_labels(ax, [0.5] * 30, [0.5] * 30, [f"a long label {i}" for i in range(30)])
    assert len(anns) < 30
    assert_no_overlap(label_boxes(ax))


# ---------------------------------------------------------------- bad input


def _shares():
    return pd.DataFrame({"group": ["A", "A", "B", "B"], "concept": "forces", "label": ["rebels", "opposition"] * 2,
                         "share": [0.7, 0.3, 0.2, 0.8], "ci_low": [0.6, 0.2, 0.1, 0.7],
                         "ci_high": [0.8, 0.4, 0.3, 0.9], "mentions": [7, 3, 2, 8], "concept_mentions": 10})


def _fw(groups=("A", "B")):
    rows = []
    for g in groups:
        for i, term in enumerate(["rebels", "regime", "city", "forces"]):
            rows.append({"group": g, "other": "(rest)", "term": term, "count": 5 + i, "count_other": 3,
                         "z": [3.0, -2.5, 0.1, 2.2][i] * (1 if g == groups[0] else -1)})
    return pd.DataFrame(rows)


@pytest.mark.parametrize("func, table, needed", [
    (plot.label_choice, _shares().drop(columns=["ci_low", "label"]), "['label', 'ci_low']"),
    (plot.fighting_words, _fw().drop(columns=["count_other"]), "['count_other']"),
    (plot.top_features, pd.DataFrame({"class": ["A"], "term": ["x"]}), "['weight']"),
    (plot.similarity_map, pd.DataFrame({"group": ["A"], "dim1": [0.0], "cluster": [1]}), "['dim2']"),
])
def test_missing_columns_are_named(func, table, needed):
    with pytest.raises(ValueError, match="lacks column") as err:
        func(table)
    assert needed in str(err.value)
    assert "found" in str(err.value)


@pytest.mark.parametrize("func, table", [
    (plot.label_choice, _shares().iloc[:0]),
    (plot.fighting_words, _fw().iloc[:0]),
    (plot.top_features, pd.DataFrame(columns=["class", "term", "weight"])),
    (plot.similarity_map, pd.DataFrame(columns=["group", "dim1", "dim2", "cluster"])),
    (plot.confusion_matrix, pd.DataFrame()),
])
def test_empty_tables_are_refused(func, table):
    with pytest.raises(ValueError, match="empty"):
        func(table)


def test_bad_input_messages():
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        plot.label_choice([1, 2, 3])
    two = pd.concat([_shares(), _shares().assign(concept="leader")])
    with pytest.raises(ValueError, match="choose one with concept="):
        plot.label_choice(two)
    with pytest.raises(ValueError, match="concept='nope' is not in shares"):
        plot.label_choice(two, concept="nope")
    with pytest.raises(ValueError, match="kind must be"):
        plot.label_choice(_shares(), kind="pie")
    with pytest.raises(ValueError, match=r"labels \['militants'\] are not labels"):
        plot.label_choice(_shares(), labels=["militants"])
    with pytest.raises(ValueError, match="choose one with group="):
        plot.fighting_words(_fw(("A", "B", "C")))
    with pytest.raises(TypeError, match="matplotlib Axes"):
        plot.label_choice(_shares(), ax="not an axes")
    feats = pd.DataFrame({"tone__polarity": [0.1, 0.2], "outlet": ["A", "B"]})
    with pytest.raises(ValueError, match="groups='leaning' is not a column"):
        plot.feature_heatmap(feats, "leaning")
    with pytest.raises(ValueError, match="one label per row"):
        plot.feature_heatmap(feats, ["A"])
    with pytest.raises(ValueError, match=r"lacks column\(s\) \['tone__x'\]"):
        plot.feature_heatmap(feats, "outlet", columns=["tone__x"])
    with pytest.raises(ValueError, match="features is empty"):
        plot.feature_heatmap(feats.iloc[:0], "outlet")
    t = pd.DataFrame({"date": ["2020-01-01"], "outlet": ["A"], "tone": [0.1]})
    with pytest.raises(ValueError, match=r"table lacks column\(s\) \['polarity'\]"):
        plot.trend(t, y="polarity")
    with pytest.raises(ValueError, match="not a pandas period frequency"):
        plot.trend(t, y="tone", freq="fortnight")
    with pytest.raises(ValueError, match="no article has a valid"):
        plot.trend(t.assign(date=None), y="tone")
    cm = pd.DataFrame([[1, 2], [3, 4]], index=["a", "b"], columns=["a", "b"])
    with pytest.raises(ValueError, match="normalize must be"):
        plot.confusion_matrix(cm, normalize="rows")
    with pytest.raises(ValueError, match="non-negative"):
        plot.confusion_matrix(cm - 5)
    with pytest.raises(ValueError, match="one Axes per class"):
        plot.top_features(pd.DataFrame({"class": ["A", "B"], "term": ["x", "y"], "weight": [1.0, 2.0]}),
                          ax=[Figure().add_subplot()])


# ---------------------------------------------------------------- small hand-made tables


def test_label_choice_on_a_given_axes_puts_the_legend_under_it():
    fig = Figure(figsize=(3.5, 3))
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    out = plot.label_choice(_shares(), kind="grouped", ax=ax)
    assert out is ax and not fig.legends
    legend = ax.get_legend()
    fig.canvas.draw()
    r = fig.canvas.get_renderer()
    assert legend.get_window_extent(r).y1 <= ax.xaxis.label.get_window_extent(r).y0 + 1
    assert [t.get_text() for t in legend.get_texts()] == ["A", "B"]


def test_trend_table_means_ratios_and_gaps():
    t = pd.DataFrame({"date": pd.to_datetime(["2020-01-03", "2020-01-20", "2020-03-01", "2020-01-10"], utc=True),
                      "outlet": ["A", "A", "A", "B"], "num": [1.0, 3.0, 2.0, 5.0], "den": [2.0, 2.0, 4.0, 10.0]})
    out = plot.trend_table(t, y="num", n_boot=200)
    a = out[out["group"] == "A"].set_index(out[out["group"] == "A"]["period"].astype(str))
    assert a.loc["2020-01", "value"] == pytest.approx(2.0) and a.loc["2020-01", "n_docs"] == 2
    assert np.isnan(a.loc["2020-02", "value"]) and a.loc["2020-02", "n_docs"] == 0
    assert a.loc["2020-01", "ci_low"] <= 2.0 <= a.loc["2020-01", "ci_high"]
    ratio = plot.trend_table(t, y="num", denominator="den", n_boot=50, group=None)
    jan = ratio[ratio["period"].astype(str) == "2020-01"].iloc[0]
    assert jan["value"] == pytest.approx((1 + 3 + 5) / (2 + 2 + 10)) and jan["group"] == "all"
    few = plot.trend_table(t, y="num", min_docs=2, n_boot=50)
    assert few["value"].notna().sum() == 1


def test_group_means_standardized():
    f = pd.DataFrame({"a": [1.0, 2.0, 3.0, 4.0], "b": [5.0, 5.0, 5.0, 5.0], "g": ["x", "x", "y", "y"]})
    m = plot.group_means(f, "g")
    z = (f["a"] - f["a"].mean()) / f["a"].std(ddof=0)
    assert m.loc["x", "a"] == pytest.approx(z[:2].mean()) and m.loc["y", "a"] == pytest.approx(z[2:].mean())
    assert (m["b"] == 0).all()  # constant feature: no signal, not NaN
    assert m.attrs["n_docs"] == {"x": 2, "y": 2}
    lean = plot.group_means(f.assign(g=["right", "left", "center", "left"]), "g", standardize=False)
    assert list(lean.index) == ["left", "center", "right"]


def test_confusion_matrix_normalizations():
    cm = pd.DataFrame([[8, 2], [1, 3]], index=pd.Index(["A", "B"], name="true"),
                      columns=pd.Index(["A", "B"], name="predicted"))
    cells = lambda ax: [t.get_text() for t in texts_of(ax, "framing-cell")]  # noqa: E731
    assert cells(plot.confusion_matrix(cm)) == ["80%", "20%", "25%", "75%"]
    assert cells(plot.confusion_matrix(cm, normalize="pred")) == ["89%", "40%", "11%", "60%"]
    assert cells(plot.confusion_matrix(cm, normalize="all")) == ["57%", "14%", "7%", "21%"]
    ax = plot.confusion_matrix(cm, normalize=False)
    assert cells(ax) == ["8", "2", "1", "3"]
    cbar = ax.figure.axes[-1]
    assert cbar.get_ylabel() == "Articles (count)"


# ---------------------------------------------------------------- real data


@pytest.fixture(scope="module")
def basil(data_dir):
    from framing.datasets import load_dataset

    return load_dataset("basil", data_dir=data_dir)


@pytest.fixture(scope="module")
def basil_wording(basil):
    from framing.extract.wording import WordingFeatures

    w = WordingFeatures(lexicons=("report-verbs",)).set_output(transform="pandas").fit(basil)
    return w.transform(basil), w.mentions(basil)


@pytest.fixture(scope="module")
def basil_tone(basil):
    from framing.extract.tone import ToneFeatures

    return ToneFeatures().set_output(transform="pandas").fit(basil).transform(basil)


OUTLETS = ["Fox News", "HuffPost", "New York Times"]


@pytest.mark.data
def test_label_choice_on_basil_report_verbs(basil, basil_wording, tmp_path):
    from framing.compare.labels import label_choice

    _, mentions = basil_wording
    shares = label_choice(mentions, basil, n_boot=200, n_permutations=50).shares
    ax = plot.label_choice(shares, kind="stacked")
    assert [t.get_text() for t in ax.get_yticklabels()] == OUTLETS
    assert ax.get_xlabel() == "Share of mentions (%)" and ax.get_ylabel() == "Outlet"
    bars = bars_of(ax)
    assert len(bars) == 7 and all(len(b) == 3 for b in bars)  # 6 labels + "other", one bar per outlet
    totals = np.sum([[p.get_width() for p in b] for b in bars], axis=0)
    assert totals == pytest.approx([100, 100, 100])
    say = shares[shares["label"] == "say"].set_index("group").loc[OUTLETS, "share"].to_numpy() * 100
    assert [p.get_width() for p in bars[0]] == pytest.approx(say)  # the largest label comes first
    errs = errorbars_of(ax)
    assert len(errs) == 6 and all(len(e.lines[2][0].get_segments()) == 3 for e in errs)
    seg = errs[0].lines[2][0].get_segments()[0]  # CI of "say" for Fox News, drawn at the segment's edge
    fox = shares[(shares["group"] == "Fox News") & (shares["label"] == "say")].iloc[0]
    assert sorted(seg[:, 0]) == pytest.approx([fox["ci_low"] * 100, fox["ci_high"] * 100])
    legend = legend_texts(ax)
    assert legend[:3] == ["say", "tell", "according to"] and legend[-1].startswith("other (")
    assert_readable(ax.figure)
    assert ax.figure.get_size_inches()[0] == pytest.approx(plot.COLUMN_WIDTH)
    assert_saved(ax, tmp_path / "label_choice_stacked")

    ax = plot.label_choice(shares, kind="grouped", max_labels=4)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["say", "tell", "according to", "ask"]
    assert len(bars_of(ax)) == 3 and sum(len(b) for b in bars_of(ax)) == 12
    assert len(errorbars_of(ax)) == 3 and legend_texts(ax) == OUTLETS
    assert_saved(ax, tmp_path / "label_choice_grouped")


@pytest.mark.data
def test_fighting_words_funnel_on_basil(basil, tmp_path):
    from framing.compare.terms import fighting_words

    fw = fighting_words(basil["text"], basil["outlet"], min_count=3)
    ax = plot.fighting_words(fw, group="Fox News", top=12)
    sub = fw[fw["group"] == "Fox News"]
    points = sum(len(c.get_offsets()) for c in ax.collections if isinstance(c, PathCollection))
    assert points == len(sub)
    coloured = sum(len(c.get_offsets()) for c in ax.collections[1:3])
    assert coloured == int((sub["z"].abs() > 1.96).sum())
    assert ax.get_xscale() == "log"
    assert "frequency" in ax.get_xlabel() and "z-score" in ax.get_ylabel()
    boxes = label_boxes(ax)
    top_fox = sub.nlargest(3, "z")["term"].tolist()
    top_rest = sub.nsmallest(3, "z")["term"].tolist()
    assert set(top_fox + top_rest) <= set(boxes), (top_fox, top_rest, sorted(boxes))
    assert 12 <= len(boxes) <= 24
    assert set(boxes) <= set(sub.loc[sub["z"].abs() > 1.96, "term"])
    assert_no_overlap(boxes)
    assert_inside_axes(ax, boxes)
    assert legend_texts(ax) == ["more in Fox News", "more in the rest", "|z| \u2264 1.96"]
    assert_readable(ax.figure)
    files = assert_saved(ax, tmp_path / "fighting_words")
    assert files[1].stat().st_size < 2_000_000
    boxes_after = label_boxes(ax)
    assert_no_overlap(boxes_after)  # still apart after saving at another resolution


@pytest.mark.data
def test_feature_heatmaps_on_basil(basil, basil_tone, basil_wording, tmp_path):
    ax = plot.feature_heatmap(basil_tone, basil["outlet"])
    assert [t.get_text() for t in ax.get_xticklabels()] == OUTLETS
    rows = [t.get_text() for t in ax.get_yticklabels()]
    assert rows[:2] == ["polarity", "subjectivity"] and len(rows) == basil_tone.shape[1]
    assert ax.get_ylabel() == "Feature (tone)" and ax.get_xlabel() == "Outlet"
    cells = [t.get_text() for t in texts_of(ax, "framing-cell")]
    assert len(cells) == 3 * basil_tone.shape[1]
    z = (basil_tone - basil_tone.mean()) / basil_tone.std(ddof=0)
    expected = z.groupby(basil["outlet"].to_numpy()).mean().loc[OUTLETS, "tone__polarity"]
    assert cells[:3] == [f"{v:+.2f}" for v in expected]
    mesh = next(c for c in ax.collections if isinstance(c, QuadMesh))
    assert mesh.norm.vmin == pytest.approx(-mesh.norm.vmax)  # diverging map centred on zero
    assert "z-score" in ax.figure.axes[-1].get_ylabel()
    assert_readable(ax.figure)
    assert_saved(ax, tmp_path / "heatmap_tone")

    features, _ = basil_wording
    ax = plot.feature_heatmap(features, basil["outlet"], max_columns=10, rows="groups")
    assert [t.get_text() for t in ax.get_yticklabels()] == OUTLETS
    assert len(ax.get_xticklabels()) == 10
    assert ax.get_xlabel() == "Feature (wording / report verbs / report verb)"
    raw = plot.feature_heatmap(features, basil["outlet"], columns=["wording__report_verbs__report_verb__per_1k"],
                               standardize=False)
    means = features.groupby(basil["outlet"].to_numpy())["wording__report_verbs__report_verb__per_1k"].mean()
    assert [t.get_text() for t in texts_of(raw, "framing-cell")] == [f"{means[o]:.3g}" for o in OUTLETS]


@pytest.mark.data
def test_trend_over_basil_years(basil, basil_tone, tmp_path):
    table = pd.concat([basil[["date", "outlet"]], basil_tone], axis=1)
    ax = plot.trend(table, y="tone__polarity", freq="Y", n_boot=200)
    lines = [ln for ln in ax.get_lines() if ln.get_label() in OUTLETS]
    assert [ln.get_label() for ln in lines] == OUTLETS
    assert all(len(ln.get_xdata()) == 10 for ln in lines)  # 2010-2019
    years = basil.assign(year=pd.to_datetime(basil["date"]).dt.year)
    fox = years[years["outlet"] == "Fox News"].groupby("year").size()
    expected = table.assign(year=years["year"])[table["outlet"] == "Fox News"].groupby("year")["tone__polarity"].mean()
    assert lines[0].get_ydata() == pytest.approx(expected.to_numpy())
    assert len([c for c in ax.collections if isinstance(c, PolyCollection)]) == 3  # one CI band per outlet
    assert ax.get_xlabel() == "Year" and ax.get_ylabel() == "Polarity (tone)"
    ticks = [t.get_text() for t in ax.get_xticklabels()]
    assert {"2010", "2014", "2018"} <= set(ticks) and "2011" not in ticks  # every other year: no crowding
    assert legend_texts(ax) == OUTLETS
    assert_readable(ax.figure)
    assert_saved(ax, tmp_path / "trend")
    assert fox.sum() == 100
    bars = plot.trend(table, y="tone__polarity", freq="Y", n_boot=100, ci_style="bars")
    assert len(errorbars_of(bars)) == 3


@pytest.mark.data
def test_confusion_and_top_features_of_a_basil_classifier(basil, tmp_path):
    from framing.classify import evaluate, make_pipeline

    pipe = make_pipeline("tfidf", ngram_range=(1, 1), min_df=5, max_features=3000)
    res = evaluate(pipe, basil, "outlet", cv=3, n_boot=50, top_k=8)
    ax = plot.confusion_matrix(res.confusion)
    assert [t.get_text() for t in ax.get_yticklabels()] == OUTLETS
    assert [t.get_text() for t in ax.get_xticklabels()] == OUTLETS
    assert ax.get_xlabel() == "Predicted class" and ax.get_ylabel() == "True class"
    cells = np.array([float(t.get_text().rstrip("%")) for t in texts_of(ax, "framing-cell")]).reshape(3, 3)
    assert cells.sum(axis=1) == pytest.approx([100, 100, 100], abs=1.6)  # rows: shares of the true class
    recall = res.confusion.to_numpy().diagonal() / res.confusion.to_numpy().sum(axis=1) * 100
    assert cells.diagonal() == pytest.approx(np.round(recall), abs=0.51)
    assert_readable(ax.figure)
    assert_saved(ax, tmp_path / "confusion")

    axes = plot.top_features(res.top_features, k=5)
    assert len(axes) == 3 and [a.get_title(loc="left") for a in axes] == OUTLETS
    for a, cls in zip(axes, OUTLETS):
        expected = res.top_features[res.top_features["class"] == cls].sort_values("rank")["term"].head(5).tolist()
        assert [t.get_text() for t in a.get_yticklabels()] == expected
        assert sum(len(b) for b in bars_of(a)) == 5
        assert a.get_xlabel() == "Coefficient (log-odds)"
    assert_readable(axes[0].figure)
    assert_saved(axes, tmp_path / "top_features")


@pytest.mark.data
def test_similarity_map_of_allsides_outlets(data_dir, tmp_path):
    from framing.compare.similarity import outlet_similarity
    from framing.datasets import load_dataset
    from framing.extract.wording import WordingFeatures

    corpus = load_dataset("allsides_abp", data_dir=data_dir, limit=3000, clean=False)
    outlets = corpus["outlet"].value_counts().index[:8]
    corpus = corpus[corpus["outlet"].isin(outlets)].groupby("outlet").head(20).reset_index(drop=True)
    feats = (WordingFeatures(lexicons=("hedges", "report-verbs"), fields=("text",)).set_output(transform="pandas")
             .fit(corpus).transform(corpus))
    coords = outlet_similarity(feats, corpus["outlet"], n_boot=10).coordinates
    leaning = corpus.groupby("outlet")["bias_label"].agg(lambda s: s.mode()[0]).rename("leaning")
    coords = coords.merge(leaning, left_on="group", right_index=True)
    ax = plot.similarity_map(coords, hue="leaning")
    points = np.vstack([c.get_offsets() for c in ax.collections if isinstance(c, PathCollection)])
    assert len(points) == 8
    boxes = label_boxes(ax)
    assert set(boxes) == set(coords["group"])
    assert_no_overlap(boxes)
    assert_inside_axes(ax, boxes)
    renderer = ax.figure.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    per_px_x = np.ptp(ax.get_xlim()) / frame.width
    per_px_y = np.ptp(ax.get_ylim()) / frame.height
    assert per_px_x == pytest.approx(per_px_y, rel=0.01)  # equal scales: page distance = profile distance
    order = [v for v in plot.LEANING_ORDER if v in set(coords["leaning"])]
    assert legend_texts(ax) == order
    assert "MDS dimension 1" in ax.get_xlabel() and "MDS dimension 2" in ax.get_ylabel()
    assert_readable(ax.figure)
    assert_saved(ax, tmp_path / "similarity")
    clusters = plot.similarity_map(coords)
    assert legend_texts(clusters) == [f"Cluster {c}" for c in sorted(coords["cluster"].unique())]
