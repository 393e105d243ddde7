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
    swept = _swept(frame)
    x = x or (swept[0] if swept else None)
    y = y or (swept[1] if len(swept) > 1 else None)
    for name, value in (("x", x), ("y", y), ("facet", facet)):
        if value is not None and value not in frame.columns:
            raise ValueError(f"{name} = {value!r}: not a column of the sweep table")
    if x is None or y is None:
        raise ValueError("phase plot: needs two swept parameters (x and y)")
    if facet is None:
        rest = [s for s in swept if s not in (x, y)]
        facet = rest[0] if rest else None
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
    figure, axes = plt.subplots(
        rows,
        columns,
        figsize=(4.2 * columns + 3.2, 3.8 * rows),
        squeeze=False,
        sharex=True,
        sharey=True,
    )
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
    from matplotlib.patches import Patch

    handles: list[Any] = [Patch(facecolor=colour[s], label=s) for s in order]
    if marks:
        from matplotlib.lines import Line2D

        label = "marked point" + ("s" if len(marks) > 1 else "")
        handles.append(Line2D([], [], marker="*", color="black", linestyle="none", label=label))
    if several.any():
        handles.append(
            Patch(
                facecolor="white",
                edgecolor="black",
                hatch="////",
                label="an IRPO contract has several equilibria",
            )
        )
    figure.legend(handles=handles, loc="center right", fontsize=8, title="IRPO set", frameon=False)
    figure.suptitle(title or "IRPO contracts", fontsize=11)
    figure.tight_layout(rect=(0, 0, 1 - 3.0 / (4.2 * columns + 3.2), 0.96))
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
