"""What every predshare picture shares: matplotlib on the Agg backend, loaded only when a
picture is drawn, and PNG files written atomically."""

from __future__ import annotations

import os
from typing import Any

from contracts.files import atomic_output


def pyplot(missing: str) -> Any:
    """``matplotlib.pyplot`` on the Agg backend; ``missing`` is the one-line error when
    matplotlib is not installed."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:  # pragma: no cover - depends on the install
        raise ValueError(missing) from None
    return plt


def save_png(
    figure: Any, path: str | os.PathLike[str], what: str, dpi: float | None = None
) -> None:
    """Write ``figure`` to ``path`` as a PNG atomically (nothing half-written), then close it."""
    try:
        with atomic_output(path, what) as handle:
            figure.savefig(handle, format="png", dpi=dpi)
    finally:
        import matplotlib.pyplot as plt  # loaded already: the figure exists

        plt.close(figure)


def png_bytes(figure: Any, dpi: float | None = None) -> bytes:
    """The figure as PNG bytes (for a page that carries its pictures inline), then close it."""
    import io

    buffer = io.BytesIO()
    try:
        figure.savefig(buffer, format="png", dpi=dpi)
    finally:
        import matplotlib.pyplot as plt

        plt.close(figure)
    return buffer.getvalue()


def train_size_axes(ax: Any, sizes: list[int]) -> None:
    """Gains against labelled history: a zero line, a log x axis whose ticks are exactly
    the train sizes used."""
    ax.axhline(0, color="black", linewidth=0.8)
    ax.set_xscale("log")
    ax.set_xticks(sizes, [f"{s:,}" for s in sizes])
    ax.minorticks_off()
    ax.set_xlabel("labelled loans per firm")
