"""The decision's pictures (MODEL.md section 11), as PNG bytes for the HTML report: net
gain per contract with intervals, the probability of being the best proposal, the staged
plan as a timeline, and the train-size curve as gains over no-sharing."""

from __future__ import annotations

from typing import Any

from predshare.plots.figure import png_bytes, pyplot, train_size_axes

MISSING = "--html: the pictures need matplotlib; pip install 'predshare[data]'"
FIRM_COLOURS = ("#1f77b4", "#ff7f0e")


def net_gain_png(data: dict[str, Any], firms: tuple[int, ...] = (1, 2)) -> bytes:
    """Net gain over the horizon per contract and firm, with the resamples' 95% interval."""
    plt = pyplot(MISSING)
    names = list(data["contracts"])
    figure, ax = plt.subplots(figsize=(7, 3.6))
    width = 0.8 / len(firms)
    for k, firm in enumerate(firms):
        key = f"firm{firm}"
        values = [data["contracts"][n]["net_gain"][key]["value"] for n in names]
        low = [data["contracts"][n]["net_gain"][key]["low"] for n in names]
        high = [data["contracts"][n]["net_gain"][key]["high"] for n in names]
        errors = [[v - lo if lo is not None else 0 for v, lo in zip(values, low)],
                  [hi - v if hi is not None else 0 for v, hi in zip(values, high)]]  # fmt: skip
        xs = [i + (k - (len(firms) - 1) / 2) * width for i in range(len(names))]
        ax.bar(xs, values, width, yerr=errors, capsize=3, color=FIRM_COLOURS[firm - 1],
               label=f"firm {firm}")  # fmt: skip
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xticks(range(len(names)), names, rotation=20)
    ax.set_ylabel("net gain over the horizon")
    ax.set_title("Net gain per contract (bars: 95% of resamples)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    figure.tight_layout()
    return png_bytes(figure)


def p_best_png(data: dict[str, Any]) -> bytes:
    """The probability that each contract is the best proposal, with the level."""
    plt = pyplot(MISSING)
    names = [n for n, c in data["contracts"].items() if "+fee" not in n]
    values = [data["contracts"][n]["p_best"] or 0.0 for n in names]
    figure, ax = plt.subplots(figsize=(6, 3))
    ax.bar(names, values, color="#2ca02c")
    ax.axhline(data["level"], color="black", linestyle="--", linewidth=0.8,
               label=f"level {data['level']:.0%}")  # fmt: skip
    ax.set_ylim(0, 1)
    ax.set_ylabel("P(best proposal)")
    ax.set_title(f"Probability of being the best proposal ({data['resamples']} resamples)")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    figure.tight_layout()
    return png_bytes(figure)


def timeline_png(data: dict[str, Any]) -> bytes:
    """The staged plan on a month axis: each stage from its month to the next one's."""
    plt = pyplot(MISSING)
    horizon = data["terms"]["volume"]["horizon_months"]
    stages = data["plan"]
    figure, ax = plt.subplots(figsize=(7, 0.6 + 0.5 * len(stages)))
    starts = [s["month"] for s in stages]
    for k, stage in enumerate(stages):
        if stage["month"] is None:
            ax.text(0, k, f"stage {stage['stage']}: {stage['contract']}: {stage['trigger']}",
                    va="center", fontsize=8, color="grey")  # fmt: skip
            continue
        later = [m for m in starts[k + 1 :] if m is not None and m >= stage["month"]]
        end = min(later) if later else horizon
        pilot = stage["months"] or 0
        ax.barh(k, max(end - stage["month"], 0.2), left=stage["month"], color="#9ecae1")
        if pilot:
            ax.barh(k, min(pilot, horizon), left=stage["month"], color="#3182bd",
                    label="pilot")  # fmt: skip
        ax.text(stage["month"], k, f" stage {stage['stage']}: {stage['contract']}",
                va="center", fontsize=8)  # fmt: skip
    ax.set_xlim(0, horizon)
    ax.set_yticks([])
    ax.invert_yaxis()
    ax.set_xlabel("month")
    ax.set_title("Staged plan")
    handles, labels = ax.get_legend_handles_labels()
    if handles:
        ax.legend(handles[:1], labels[:1], loc="upper left", bbox_to_anchor=(1.0, 1.0),
                  fontsize=8)  # fmt: skip
    figure.tight_layout()
    return png_bytes(figure)


def curve_png(data: dict[str, Any], firm: int) -> bytes:
    """Gain per loan over no-sharing against the labelled history, per contract; ticks at
    the sizes used, identical series drawn with distinct markers and offsets."""
    plt = pyplot(MISSING)
    sizes = sorted(int(s) for s in data["curve"])
    names = [n for n in data["curve"][str(sizes[0])] if n != "no"]
    figure, ax = plt.subplots(figsize=(7, 3.6))
    markers = ("o", "s", "^", "D", "v", "P")
    for k, name in enumerate(names):
        ys = [data["curve"][str(s)][name][firm - 1] for s in sizes]
        xs = [s * (1 + 0.01 * (k - len(names) / 2)) for s in sizes]
        ax.plot(xs, ys, marker=markers[k % len(markers)], label=name)
    train_size_axes(ax, sizes)
    ax.set_ylabel(f"firm {firm}'s gain per loan over no sharing")
    ax.set_title("Train-size curve")
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=8)
    figure.tight_layout()
    return png_bytes(figure)
