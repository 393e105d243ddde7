"""Phase diagrams: where in parameter space each contract is the IRPO one (matplotlib).

The IRPO set of every point is a coloured region (one colour per set, the legend says
whether it is a unique IRPO contract, a tie of equivalent contracts or a tie of
inequivalent ones); points where some IRPO contract has several pure equilibria are
hatched; a third swept parameter gives small multiples, one panel per value.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from predshare.plots.figure import pyplot, save_png
from solvers.sweep.totals import set_text

#: Most panels of small multiples (values of the third axis are thinned to this many).
MAX_PANELS = 9
_COLOURS = (
    "#4c72b0", "#dd8452", "#55a868", "#c44e52", "#8172b3", "#937860", "#da8bc3",
    "#8c8c8c", "#ccb974", "#64b5cd", "#1b9e77", "#d95f02", "#7570b3", "#e7298a",
)  # fmt: skip


_MISSING = "phase plots need matplotlib: pip install 'predshare[sweep]'"


def _swept(frame: Any) -> list[str]:
    """The swept parameters: recorded by :func:`predshare.sweep`, else every parameter
    column with more than one value."""
    swept = list(frame.attrs.get("swept", []))
    if swept:
        return swept
    skip = {"point", "ir", "po", "irpo", "irpo_set", "exact_rechecked"}
    return [
        c
        for c in frame.columns
        if "." not in c
        and c not in skip
        and not c.startswith("unique_")
        and frame[c].dtype.kind == "f"
        and frame[c].nunique() > 1
    ]


def region_label(irpo_set: str, equivalent_first: Any) -> str:
    """Legend text of an IRPO set: ``train (unique IRPO)``, ``no ~ train (equivalent)``
    or ``infer, full (tie)``."""
    names = irpo_set.split(",") if irpo_set else []
    if not names:
        return "none"
    if len(names) == 1:
        return f"{names[0]} (unique IRPO)"
    if isinstance(equivalent_first, str):
        return " ~ ".join(names) + " (equivalent)"
    return ", ".join(names) + " (tie)"


def region_labels(frame: Any) -> Any:
    """Every row's region: its IRPO set and whether that set is one contract up to
    equivalence (:func:`region_label`), as a pandas Series of strings."""
    chosen = frame["unique_irpo_up_to_equivalence"].astype(object)
    pairs = frame["irpo_set"].astype(str) + "|" + chosen.where(chosen.notna(), "").astype(str)
    labels = {p: region_label(p.split("|")[0], p.split("|")[1] or None) for p in pairs.unique()}
    return pairs.map(labels)


def _plot_axes(
    swept: list[str], known: Any, x: str | None, y: str | None, facet: str | None, what: str
) -> tuple[str, str, str | None]:
    """A phase plot's x, y and facet: the first three swept parameters unless given;
    each given one must be in ``known`` (else a ValueError saying it is not ``what``)."""
    x = x or (swept[0] if swept else None)
    y = y or (swept[1] if len(swept) > 1 else None)
    for name, value in (("x", x), ("y", y), ("facet", facet)):
        if value is not None and value not in known:
            raise ValueError(f"{name} = {value!r}: not {what}")
    if x is None or y is None:
        raise ValueError("phase plot: needs two swept parameters (x and y)")
    if facet is None:
        rest = [s for s in swept if s not in (x, y)]
        facet = rest[0] if rest else None
    return x, y, facet


def _finish(
    figure: Any,
    order: list[str],
    colour: dict[str, str],
    marks: Sequence[tuple[float, float]],
    several: bool,
    title: str,
    width: float,
) -> None:
    """The legend (regions, marked points, the hatching), the title and the layout,
    leaving 3 inches of the figure's ``width`` to the legend."""
    from matplotlib.patches import Patch

    handles: list[Any] = [Patch(facecolor=colour[s], label=s) for s in order]
    if marks:
        from matplotlib.lines import Line2D

        label = "marked point" + ("s" if len(marks) > 1 else "")
        handles.append(Line2D([], [], marker="*", color="black", linestyle="none", label=label))
    if several:
        handles.append(Patch(facecolor="white", edgecolor="black", hatch="////",
                             label="an IRPO contract has several equilibria"))  # fmt: skip
    figure.legend(handles=handles, loc="center right", fontsize=8, title="IRPO set", frameon=False)
    figure.suptitle(title, fontsize=11)
    figure.tight_layout(rect=(0, 0, 1 - 3.6 / width, 0.96))


def phase_plot(
    frame: Any,
    x: str | None = None,
    y: str | None = None,
    facet: str | None = None,
    title: str | None = None,
    marks: Sequence[tuple[float, float]] = (),
) -> Any:
    """A matplotlib Figure of the IRPO sets of a sweep table over ``x`` and ``y``.

    ``x``, ``y``, ``facet`` default to the first three swept parameters; with a facet
    there is one panel per value (at most ``MAX_PANELS``, evenly thinned). Grids are
    drawn as filled cells, random samples as dots. ``marks``: points ``(x, y)`` drawn
    as black stars on every panel (a paper's example point, say).
    """
    plt = pyplot(_MISSING)
    x, y, facet = _plot_axes(_swept(frame), frame.columns, x, y, facet,
                             "a column of the sweep table")  # fmt: skip
    if len(frame) == 0:
        raise ValueError("phase plot: the sweep table has no rows")
    sets = region_labels(frame)
    order = sets.value_counts().index.tolist()
    colour = {s: _COLOURS[k % len(_COLOURS)] for k, s in enumerate(order)}
    irpo_masks = frame["irpo"].to_numpy()
    contracts = list(frame.attrs.get("contracts", [])) or [
        c.split(".")[0] for c in frame.columns if c.endswith(".equilibria")
    ]
    several = np.zeros(len(frame), dtype=bool)
    for k, name in enumerate(contracts):
        several |= ((irpo_masks >> k) & 1).astype(bool) & (
            frame[f"{name}.equilibria"].to_numpy() > 1
        )
    panels = [None] if facet is None else _thin(np.unique(frame[facet].to_numpy()))
    columns = min(len(panels), 3)
    rows = (len(panels) + columns - 1) // columns
    width = 4.2 * columns + 3.8
    figure, axes = plt.subplots(rows, columns, figsize=(width, 3.8 * rows), squeeze=False,
                                sharex=True, sharey=True)  # fmt: skip
    for k, value in enumerate(panels):
        ax = axes[k // columns][k % columns]
        keep = (
            np.ones(len(frame), dtype=bool) if value is None else (frame[facet].to_numpy() == value)
        )
        _panel(
            ax,
            frame[x].to_numpy()[keep],
            frame[y].to_numpy()[keep],
            sets.to_numpy()[keep],
            several[keep],
            colour,
        )
        for mx, my in marks:
            ax.plot([mx], [my], marker="*", color="black", markersize=9, linestyle="none")
        if value is not None:
            ax.set_title(f"{facet} = {value:.6g}", fontsize=9)
        ax.set_xlabel(x)
        ax.set_ylabel(y)
    for k in range(len(panels), rows * columns):
        axes[k // columns][k % columns].axis("off")
    _finish(figure, order, colour, marks, bool(several.any()), title or "IRPO contracts", width)
    return figure


def _thin(values: np.ndarray) -> list[Any]:
    if len(values) <= MAX_PANELS:
        return list(values)
    picks = np.unique(np.round(np.linspace(0, len(values) - 1, MAX_PANELS)).astype(int))
    return [values[i] for i in picks]


def _panel(
    ax: Any,
    xs: np.ndarray,
    ys: np.ndarray,
    sets: np.ndarray,
    several: np.ndarray,
    colour: dict[str, str],
) -> None:
    ux, uy = np.unique(xs), np.unique(ys)
    if len(ux) * len(uy) == len(xs) and len(ux) > 1 and len(uy) > 1:  # a full grid
        from matplotlib.colors import ListedColormap

        names = list(colour)
        code = {s: k for k, s in enumerate(names)}
        grid = np.full((len(uy), len(ux)), np.nan)
        hatch = np.zeros((len(uy), len(ux)))
        ix, iy = np.searchsorted(ux, xs), np.searchsorted(uy, ys)
        grid[iy, ix] = [code[s] for s in sets]
        hatch[iy, ix] = several
        ax.pcolormesh(
            _edges(ux),
            _edges(uy),
            grid,
            cmap=ListedColormap([colour[n] for n in names]),
            vmin=-0.5,
            vmax=len(names) - 0.5,
            shading="flat",
        )
        if several.any():
            ax.contourf(ux, uy, hatch, levels=[0.5, 1.5], colors="none", hatches=["////"])
            ax.contour(ux, uy, hatch, levels=[0.5], colors="black", linewidths=0.6)
    else:
        size = max(1.0, 4000 / max(len(xs), 1))
        for s, c in colour.items():
            here = sets == s
            ax.scatter(xs[here], ys[here], s=size, c=c, marker="s", linewidths=0)
        if several.any():
            ax.scatter(
                xs[several],
                ys[several],
                s=size,
                facecolors="none",
                edgecolors="black",
                marker="x",
                linewidths=0.4,
            )


def _edges(values: np.ndarray) -> np.ndarray:
    """Cell edges around sorted centres."""
    middle = (values[1:] + values[:-1]) / 2
    return np.concatenate(
        [[values[0] - (middle[0] - values[0])], middle, [values[-1] + (values[-1] - middle[-1])]]
    )


def save_phase_plot(figure: Any, path: str | os.PathLike[str]) -> None:
    """Write the figure as a PNG atomically."""
    save_png(figure, path, "--plot", dpi=130)


#: Pixels along each axis of a rasterized phase plot (a grid axis with fewer values
#: keeps one pixel per value).
RASTER_PIXELS = 256


def _axis_bins(axis: Any, grid: bool) -> tuple[np.ndarray, Any]:
    """An axis's pixel edges and a function from values to pixel numbers: one pixel
    per value of a ``grid`` axis with at most ``RASTER_PIXELS`` values, else equal bins
    (equal in the logarithm for a log axis) over [low, high] (random draws too)."""
    values = axis.float_values() if grid and axis.count <= RASTER_PIXELS else None
    if values is not None and len(values) > 1:
        return _edges(values), lambda v: np.clip(np.searchsorted(_edges(values), v) - 1, 0,
                                                 len(values) - 1)  # fmt: skip
    low, high = float(axis.low), float(axis.high)
    if axis.log:
        edges = np.geomspace(low, high, RASTER_PIXELS + 1)
        scale = np.log
    else:
        edges = np.linspace(low, high, RASTER_PIXELS + 1)
        scale = np.asarray  # type: ignore[assignment]
    a, b = scale(low), scale(high)
    span = (b - a) or 1.0
    return edges, lambda v: np.clip(
        ((scale(v) - a) / span * RASTER_PIXELS).astype(np.int64), 0, RASTER_PIXELS - 1
    )


def _facet_panels(axis: Any, grid: bool) -> tuple[list[str], Any]:
    """Panel titles of a facet axis and a function from values to panel numbers (-1:
    no panel): the grid values thinned to ``MAX_PANELS``, or equal bins of the range
    (random draws, or a grid of more than 10^6 values)."""
    if grid and axis.count <= 10**6:
        values = axis.float_values()
        shown = np.array(_thin(values))

        def panel(v: np.ndarray) -> np.ndarray:
            k = np.clip(np.searchsorted(shown, v), 0, len(shown) - 1)
            return np.where(shown[k] == v, k, -1)

        return [f"{axis.name} = {v:.6g}" for v in shown], panel
    edges = np.linspace(float(axis.low), float(axis.high), MAX_PANELS + 1)
    titles = [f"{axis.name} in [{a:.4g}, {b:.4g}]" for a, b in zip(edges, edges[1:])]
    return titles, lambda v: np.clip(np.searchsorted(edges, v, side="right") - 1, 0,
                                     MAX_PANELS - 1)  # fmt: skip


def phase_raster_plot(
    run: Any,
    x: str | None = None,
    y: str | None = None,
    facet: str | None = None,
    title: str | None = None,
    marks: Sequence[tuple[float, float]] = (),
) -> Any:
    """The phase plot of a sweep too large to hold: rasterized from per-pixel
    aggregates read one chunk at a time (``run``: a finished
    :class:`~solvers.sweep.execute.SweepRun`). Each pixel shows its most common region
    (IRPO set, as in :func:`phase_plot`) and is hatched where some point in it has an
    IRPO contract with several equilibria."""
    plt = pyplot(_MISSING)
    import pandas

    spec, contracts = run.plan.spec, list(run.plan.contracts)
    axes_by_name = {a.name: a for a in spec.axes}
    x, y, facet = _plot_axes(list(axes_by_name), axes_by_name, x, y, facet,
                             "a swept parameter of the sweep")  # fmt: skip
    if run.rows == 0:
        raise ValueError("phase plot: the sweep table has no rows")
    grid = spec.random is None
    x_edges, x_pixel = _axis_bins(axes_by_name[x], grid)
    y_edges, y_pixel = _axis_bins(axes_by_name[y], grid)
    nx, ny = len(x_edges) - 1, len(y_edges) - 1
    titles, panel_of = (
        ([""], lambda v: np.zeros(len(v), dtype=np.int64))
        if facet is None
        else _facet_panels(axes_by_name[facet], grid)
    )
    pixels = len(titles) * nx * ny
    regions: dict[tuple[int, int], np.ndarray] = {}  # (irpo, equivalent-first) -> counts
    several = np.zeros(pixels, dtype=bool)
    wanted = [x, y, "irpo", "unique_irpo_up_to_equivalence"]
    wanted += [facet] if facet is not None and facet not in wanted else []
    wanted += [f"{n}.equilibria" for n in contracts]
    for batch in run.batches(list(dict.fromkeys(wanted))):
        panel = panel_of(batch[facet].to_numpy()) if facet is not None else np.zeros(
            len(batch), dtype=np.int64)  # fmt: skip
        keep = panel >= 0
        pixel = (panel * ny + y_pixel(batch[y].to_numpy())) * nx + x_pixel(batch[x].to_numpy())
        pixel = pixel[keep]
        masks = batch["irpo"].to_numpy()[keep]
        chosen = batch["unique_irpo_up_to_equivalence"].astype(pandas.CategoricalDtype(contracts))
        first = chosen.cat.codes.to_numpy().astype(np.int64)[keep]
        many = np.zeros(len(masks), dtype=bool)
        for k, name in enumerate(contracts):
            many |= ((masks >> k) & 1).astype(bool) & (
                batch[f"{name}.equilibria"].to_numpy()[keep] > 1
            )
        several[pixel[many]] = True
        keys = masks * 64 + (first + 1)
        for key in np.unique(keys):
            here = keys == key
            region = (int(key) // 64, int(key) % 64 - 1)
            if region not in regions:
                regions[region] = np.zeros(pixels, dtype=np.int64)
            regions[region] += np.bincount(pixel[here], minlength=pixels)
    if not regions:
        raise ValueError("phase plot: no point falls on a panel")
    labels = {r: region_label(set_text(r[0], contracts),
                              contracts[r[1]] if r[1] >= 0 else None) for r in regions}  # fmt: skip
    totals: dict[str, int] = {}
    for region, counts in regions.items():
        totals[labels[region]] = totals.get(labels[region], 0) + int(counts.sum())
    order = sorted(totals, key=lambda s: -totals[s])
    colour = {s: _COLOURS[k % len(_COLOURS)] for k, s in enumerate(order)}
    code = {s: k for k, s in enumerate(order)}
    by_label = np.zeros((len(order), pixels), dtype=np.int64)
    for region, counts in regions.items():
        by_label[code[labels[region]]] += counts
    filled = by_label.sum(axis=0) > 0
    mode = np.where(filled, by_label.argmax(axis=0), np.nan).reshape(len(titles), ny, nx)
    hatch = several.reshape(len(titles), ny, nx)
    columns = min(len(titles), 3)
    rows = (len(titles) + columns - 1) // columns
    width = 4.2 * columns + 3.8
    figure, axes = plt.subplots(rows, columns, figsize=(width, 3.8 * rows), squeeze=False,
                                sharex=True, sharey=True)  # fmt: skip
    from matplotlib.colors import ListedColormap

    cmap = ListedColormap([colour[n] for n in order])
    xc, yc = (x_edges[1:] + x_edges[:-1]) / 2, (y_edges[1:] + y_edges[:-1]) / 2
    for k, text in enumerate(titles):
        ax = axes[k // columns][k % columns]
        ax.pcolormesh(x_edges, y_edges, mode[k], cmap=cmap, vmin=-0.5,
                      vmax=len(order) - 0.5, shading="flat")  # fmt: skip
        if hatch[k].any() and nx > 1 and ny > 1:
            ax.contourf(xc, yc, hatch[k].astype(float), levels=[0.5, 1.5], colors="none",
                        hatches=["////"])  # fmt: skip
        for mx, my in marks:
            ax.plot([mx], [my], marker="*", color="black", markersize=9, linestyle="none")
        if text:
            ax.set_title(text, fontsize=9)
        ax.set_xlabel(x)
        ax.set_ylabel(y)
    for k in range(len(titles), rows * columns):
        axes[k // columns][k % columns].axis("off")
    heading = title or f"IRPO contracts ({run.rows:,} points, most common per pixel)"
    _finish(figure, order, colour, marks, bool(several.any()), heading, width)
    return figure
