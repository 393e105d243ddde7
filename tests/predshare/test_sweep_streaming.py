"""Streaming sweeps: chunks written where they are classified, totals summed as they
come, a lazy result, memory flat in the number of chunks, rasterized phase plots."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from predshare.cli import main
from solvers.sweep.grid import RANDOM_BLOCK
from solvers.sweep.totals import add_counts, chunk_counts, empty_counts, irpo_sets

pandas = pytest.importorskip("pandas")
from predshare.plots.phase import phase_raster_plot, region_labels  # noqa: E402
from predshare.sweeps import plan_sweep, sweep  # noqa: E402
from solvers.sweep.execute import execute_sweep  # noqa: E402

BOX = {"alpha": "0.5:1:2", "beta": "0.5:1:2", "cost": "0.5:1.5:2", "rho1": "indep",
       "rho2": "max"}  # fmt: skip
GRID = {"alpha": "0.55:0.95:40", "beta": "0.55:0.95:40", "cost": "0.5:1.5:3", "rho1": "indep",
        "rho2": "max"}  # fmt: skip


def test_random_rows_do_not_depend_on_the_chunking() -> None:
    """3 random blocks and a part: chunks of one block and one chunk of all."""
    size = 3 * RANDOM_BLOCK + 100
    many = sweep("correlation", BOX, random=size, seed=7, workers=1, chunk_points=RANDOM_BLOCK)
    one = sweep("correlation", BOX, random=size, seed=7, workers=1, chunk_points=4 * RANDOM_BLOCK)
    pandas.testing.assert_frame_equal(many, one)
    assert list(many["point"]) == list(range(size))


def test_the_totals_of_chunks_are_the_counts_of_the_table(tmp_path: Path) -> None:
    out = tmp_path / "g.parquet"
    frame = sweep("correlation", GRID, workers=2, out=out, chunk_points=RANDOM_BLOCK)
    names = ("no", "train", "infer", "full")
    sidecar = json.loads((tmp_path / "g.parquet.json").read_text())
    assert sidecar["irpo_sets"] == frame["irpo_set"].astype(str).value_counts().to_dict()
    assert sidecar["exact_rechecked"] == int(frame["exact_rechecked"].sum()) > 0
    assert sidecar["multiple_equilibria"] == {
        n: int((frame[f"{n}.equilibria"] > 1).sum()) for n in names
    }
    unique = frame["unique_irpo"].astype(object).where(frame["unique_irpo"].notna(), "none")
    assert sidecar["unique_irpo"] == unique.value_counts().to_dict()
    # the counts of two halves add up to the counts of the whole
    columns = {c: frame[c].to_numpy() for c in ("point", "irpo", "exact_rechecked")}
    columns["unique_irpo"] = (
        frame["unique_irpo"].astype(pandas.CategoricalDtype(names)).cat.codes.to_numpy()
    )
    for n in names:
        columns[f"{n}.equilibria"] = frame[f"{n}.equilibria"].to_numpy()
    half = len(frame) // 2
    parts = [
        chunk_counts({k: v[a:b] for k, v in columns.items()}, names, a, b)
        for a, b in ((0, half), (half, len(frame)))
    ]
    total = add_counts(add_counts(empty_counts(names), parts[0]), parts[1])
    assert total == chunk_counts(columns, names, 0, len(frame))
    assert irpo_sets(total, names) == sidecar["irpo_sets"]


def test_skipped_points_are_counted_chunk_by_chunk() -> None:
    names = ("no",)
    columns = {
        "point": np.array([10, 11, 13]),
        "irpo": np.array([1, 1, 0]),
        "unique_irpo": np.array([0, 0, -1]),
        "exact_rechecked": np.array([False, True, False]),
        "no.equilibria": np.array([1, 2, 3]),
    }
    counts = chunk_counts(columns, names, 10, 15)
    assert counts["first_skipped"] == 12 and counts["rows"] == 3 and counts["points"] == 5
    assert counts["irpo"] == {"0": 1, "1": 2} and counts["multiple_equilibria"] == {"no": 2}
    later = chunk_counts({k: v[:2] for k, v in columns.items()}, names, 10, 12)
    assert later["first_skipped"] is None
    assert add_counts(counts, later)["first_skipped"] == 12


def test_a_lazy_sweep_is_a_dataset_of_the_same_rows(tmp_path: Path) -> None:
    reference = sweep("correlation", GRID, workers=1, chunk_points=RANDOM_BLOCK)
    data = sweep("correlation", GRID, workers=1, chunk_points=RANDOM_BLOCK,
                 out=tmp_path / "l.parquet", lazy=True)  # fmt: skip
    assert type(data).__module__.startswith("pyarrow")
    assert data.count_rows() == len(reference)
    frame = data.to_table().to_pandas()
    pandas.testing.assert_frame_equal(frame, reference, check_categorical=False)
    with pytest.raises(ValueError, match="lazy = True: needs a Parquet out"):
        sweep("correlation", GRID, workers=1, lazy=True)
    with pytest.raises(ValueError, match=r"^lazy = 'yes': must be True, False or None$"):
        sweep("correlation", GRID, workers=1, lazy="yes")


def test_a_table_too_large_for_memory_is_returned_lazily(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import predshare.sweeps as module

    monkeypatch.setattr(module, "memory_budget", lambda: 1000)
    with pytest.raises(ValueError, match=r"would not fit in memory; pass out=FILE.parquet"):
        sweep("correlation", BOX, workers=1)
    data = sweep("correlation", BOX, workers=1, out=tmp_path / "big.parquet")
    assert data.count_rows() == 8
    monkeypatch.setattr(module, "memory_budget", lambda: 10**12)
    assert len(sweep("correlation", BOX, workers=1)) == 8


def test_force_never_removes_a_folder_that_is_not_a_sweep(tmp_path: Path) -> None:
    mine = tmp_path / "mine.parquet"
    mine.mkdir()
    (mine / "thesis.tex").write_text("keep")
    with pytest.raises(ValueError) as refused:
        sweep("correlation", BOX, workers=1, out=mine, force=True)
    assert str(refused.value) == (
        f"out {str(mine)!r}: is a folder that is not a predshare sweep's; "
        "--force replaces sweeps only"
    )
    with pytest.raises(ValueError, match="exists; pass --resume or --force"):
        sweep("correlation", BOX, workers=1, out=mine)
    assert (mine / "thesis.tex").read_text() == "keep"


MEMORY_SCRIPT = """
import resource, sys
from predshare.sweeps import plan_sweep
from solvers.sweep.execute import execute_sweep
plan = plan_sweep("correlation", {box!r}, random={points}, workers=1, out={out!r},
                  chunk_points=4096)
with execute_sweep(plan) as run:
    print(run.rows, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def test_peak_memory_does_not_grow_with_the_number_of_chunks(tmp_path: Path) -> None:
    """4 chunks and 32 chunks of 4096 points, each sweep in a fresh process: the peak
    resident set differs by less than 16 MiB (a table held in the process would add
    about 0.65 KB a point, 75 MiB here)."""
    peaks = {}
    for points in (4 * 4096, 32 * 4096):
        script = MEMORY_SCRIPT.format(box=BOX, points=points, out=str(tmp_path / f"{points}"))
        done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                              timeout=120, check=True)  # fmt: skip
        rows, peak_kib = map(int, done.stdout.split())
        assert rows == points
        peaks[points] = peak_kib
    assert peaks[32 * 4096] - peaks[4 * 4096] < 16 * 1024, peaks


def test_a_rasterized_phase_plot_shows_each_grid_cell_s_region(tmp_path: Path) -> None:
    """A grid of at most RASTER_PIXELS values per axis: one pixel per cell, so every
    pixel's region is its point's region, panel by panel."""
    plan = plan_sweep("correlation", GRID, workers=1, chunk_points=RANDOM_BLOCK)
    with execute_sweep(plan) as run:
        figure = phase_raster_plot(run, "alpha", "beta")
        frame = run.frame()
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    labels = region_labels(frame).to_numpy()
    panels = [ax for ax in figure.axes if ax.axison]
    assert [ax.get_title() for ax in panels] == ["cost = 0.5", "cost = 1", "cost = 1.5"]
    for ax, cost in zip(panels, (0.5, 1.0, 1.5)):
        shown = np.asarray(ax.collections[0].get_array()).reshape(40, 40)
        here = frame["cost"].to_numpy() == cost
        alphas = np.unique(frame["alpha"].to_numpy())
        betas = np.unique(frame["beta"].to_numpy())
        ix = np.searchsorted(alphas, frame["alpha"].to_numpy()[here])
        iy = np.searchsorted(betas, frame["beta"].to_numpy()[here])
        assert [legend[int(c)] for c in shown[iy, ix]] == list(labels[here])


def test_the_command_rasterizes_a_large_sweep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import predshare.commands.sweep as command
    import predshare.plots.phase as phase

    def no_table(*args: object, **kwargs: object) -> None:
        raise AssertionError("the table was plotted row by row")

    monkeypatch.setattr(command, "PLOT_FROM_TABLE_ROWS", 100)
    monkeypatch.setattr(phase, "phase_plot", no_table)
    code = main(["sweep", "correlation", "--random", "5000", "--alpha", "0.5:1:2", "--beta",
                 "0.5:1:2", "--world", "indep", "--world", "max", "--workers", "1", "--plot",
                 str(tmp_path / "r.png"), "--json"])  # fmt: skip
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["rows"] == 5000
    png = (tmp_path / "r.png").read_bytes()
    assert png.startswith(b"\x89PNG") and len(png) > 5000


def test_a_rasterized_random_sweep_bins_its_range_and_shows_each_pixel_s_mode() -> None:
    """Random draws fall in 256 x 256 equal bins of the box (per facet: equal bins of
    the facet's range); each pixel shows the most common region of its points."""
    from predshare.plots.phase import RASTER_PIXELS

    box = {"alpha": "0.5:1:2", "beta": "0.5:1:2", "cost": "0.25:2:2", "rho1": "indep",
           "rho2": "max"}  # fmt: skip
    plan = plan_sweep("correlation", box, random=20000, seed=3, workers=1)
    with execute_sweep(plan) as run:
        figure = phase_raster_plot(run, "alpha", "beta", facet="cost")
        frame = run.frame()
    legend = [t.get_text() for t in figure.legends[0].get_texts()]
    code = {name: k for k, name in enumerate(legend)}
    labels = np.array([code[s] for s in region_labels(frame)])
    panels = [ax for ax in figure.axes if ax.axison]
    assert len(panels) == 9 and panels[0].get_title() == "cost in [0.25, 0.4444]"
    facet = np.clip(((frame["cost"].to_numpy() - 0.25) / 1.75 * 9).astype(int), 0, 8)
    ix = np.clip(((frame["alpha"].to_numpy() - 0.5) * 2 * RASTER_PIXELS).astype(int), 0, 255)
    iy = np.clip(((frame["beta"].to_numpy() - 0.5) * 2 * RASTER_PIXELS).astype(int), 0, 255)
    checked = 0
    for k, ax in enumerate(panels):
        shown = np.ma.getdata(ax.collections[0].get_array()).reshape(256, 256)
        mask = np.ma.getmaskarray(ax.collections[0].get_array()).reshape(256, 256)
        here = facet == k
        counts = np.zeros((256, 256, len(legend)), dtype=int)
        np.add.at(counts, (iy[here], ix[here], labels[here]), 1)
        filled = counts.sum(axis=2) > 0
        assert (~mask | ~np.isnan(shown))[filled].all()
        assert (shown[filled] == counts.argmax(axis=2)[filled]).all()
        assert np.isnan(np.where(mask, np.nan, shown)[~filled]).all()
        checked += int(filled.sum())
    assert checked > 15000  # almost every point has a pixel of its own


def test_resuming_a_finished_csv_sweep_runs_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from solvers.sweep import run as sweep_run

    out = tmp_path / "done.csv"
    first = sweep("correlation", BOX, workers=1, out=out)
    assert not (tmp_path / "done.csv.chunks").exists()

    def no_work(*args: object) -> None:
        raise AssertionError("a finished sweep was classified again")

    monkeypatch.setattr(sweep_run, "classify_chunk", no_work)
    again = sweep("correlation", BOX, workers=1, out=out, resume=True)
    pandas.testing.assert_frame_equal(again, first, check_dtype=False, check_categorical=False)
    code = main(["sweep", "correlation", "--alpha", "0.5:1:2", "--beta", "0.5:1:2", "--cost",
                 "0.5:1.5:2", "--world", "indep", "--world", "max", "--workers", "1",
                 "--out", str(out), "--resume"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and "a finished sweep" in err and err.count("\n") == 1


def test_force_with_nothing_to_replace_writes_the_table(tmp_path: Path) -> None:
    for name in ("fresh.csv", "fresh.parquet"):
        out = tmp_path / name
        rows = sweep("correlation", BOX, workers=1, out=out, force=True)
        assert len(rows) == 8 and out.exists()


def test_a_csv_of_several_batches_has_one_header_and_every_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import solvers.sweep.table as table

    monkeypatch.setattr(table, "CSV_BATCH_ROWS", 3)  # the chunk is streamed 3 rows at a time
    out = tmp_path / "t.csv"
    rows = sweep("correlation", BOX, workers=1, out=out)
    lines = out.read_text().splitlines()
    assert len(lines) == 1 + len(rows) == 9
    assert lines[0] == ",".join(rows.columns)
    back = pandas.read_csv(out)
    assert list(back["irpo_set"]) == list(rows["irpo_set"])
    assert list(back["alpha"]) == list(rows["alpha"])


def test_a_csv_with_every_point_skipped_is_the_header_alone(tmp_path: Path) -> None:
    """Every point infeasible (rho1 = 0.6 needs alpha and beta near 0.75) and skipped:
    the CSV holds the columns of a sweep, and no row."""
    from solvers.sweep.grid import sweep_spec

    box = {"alpha": "0.95:1:2", "beta": "0.95:1:2", "rho1": "0.6"}
    spec = sweep_spec("correlation", box)
    assert all(spec.infeasibility(i) is not None for i in range(spec.size))
    out = tmp_path / "none.csv"
    sweep("correlation", box, workers=1, skip_infeasible=True, out=out)
    full = sweep("correlation", {**box, "rho1": "indep"}, workers=1)
    assert out.read_text() == ",".join(full.columns) + "\n"


def test_a_sweep_of_one_fixed_point_is_that_point() -> None:
    """Nothing swept: one row, the verdicts of the exact analysis of that point."""
    from fractions import Fraction

    from contracts import correlation
    from solvers import analyze

    rows = sweep("correlation", {"alpha": "0.8", "beta": "0.7", "rho1": "indep"}, workers=1)
    assert len(rows) == 1 and rows["point"].tolist() == [0]
    alpha, beta = Fraction(4, 5), Fraction(7, 10)
    exact = analyze(correlation(alpha, beta, [(alpha * beta, 1)], 1, 1), exact=True)
    assert rows["irpo_set"].iloc[0] == ",".join(exact.verdicts.irpo)
    assert rows["rho1"].iloc[0] == float(alpha * beta)


def test_a_sweep_with_every_point_skipped_has_no_rows() -> None:
    box = {"alpha": "0.95:1:2", "beta": "0.95:1:2", "rho1": "0.6"}
    rows = sweep("correlation", box, workers=1, skip_infeasible=True)
    assert len(rows) == 0 and "irpo_set" in rows.columns
    full = sweep("correlation", {**box, "rho1": "indep"}, workers=1)
    assert list(rows.dtypes.astype(str)) == list(full.dtypes.astype(str))  # the same columns


def test_a_chunk_or_csv_that_cannot_be_written_names_what_it_is(tmp_path: Path) -> None:
    """The sweep's files are written atomically; one whose path has become a directory
    fails in one line that says which file it is (a chunk, or the CSV table)."""
    from solvers.sweep.grid import sweep_spec
    from solvers.sweep.table import write_csv, write_part

    spec = sweep_spec("correlation", {"alpha": "0.6", "beta": "0.75", "rho1": "indep"})
    taken = tmp_path / "taken"
    taken.mkdir()
    with pytest.raises(ValueError, match=r"^chunk path '.*taken': is a directory$"):
        write_part(taken, [], ["no"], spec)
    with pytest.raises(ValueError, match=r"^out path '.*taken': is a directory$"):
        write_csv([], taken)
    with pytest.raises(ValueError, match=r"^chunk '.*part': no rows were given to write$"):
        write_part(tmp_path / "part", [], ["no"], spec)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


def test_progress_counts_points_done_from_what_a_resume_finds(tmp_path: Path) -> None:
    """progress(done, total): first the points already on disk (none, then all but the
    chunks removed), then after each chunk, up to every point."""
    grid = {"alpha": "0.5:1:64", "beta": "0.5:1:64", "cost": "0.5:1.5:3", "rho1": "indep"}
    out = tmp_path / "t.parquet"
    size = 64 * 64 * 3
    calls: list[tuple[int, int]] = []
    plan = plan_sweep("correlation", grid, out=out, workers=1, chunk_points=RANDOM_BLOCK)
    execute_sweep(plan, lambda done, total: calls.append((done, total))).close()
    assert calls == [(k * RANDOM_BLOCK, size) for k in range(size // RANDOM_BLOCK + 1)]
    (out / "part-000001.parquet").unlink()
    calls.clear()
    resumed = plan_sweep("correlation", grid, out=out, workers=1, chunk_points=RANDOM_BLOCK,
                         resume=True)  # fmt: skip
    execute_sweep(resumed, lambda done, total: calls.append((done, total))).close()
    assert calls == [(size - RANDOM_BLOCK, size), (size, size)]


def test_a_csv_run_closes_twice_and_a_bad_format_is_named(tmp_path: Path) -> None:
    """Closing a finished CSV sweep removes its chunks; closing it again (a ``with``
    block after an explicit close), or after the chunks were removed, is harmless. A format other than the two is refused
    naming both, before anything is written."""
    out = tmp_path / "t.csv"
    grid = {"alpha": "0.6:0.9:3", "beta": "0.75", "rho1": "indep"}
    run = execute_sweep(plan_sweep("correlation", grid, out=out, workers=1))
    with run:
        run.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv", "t.csv.json"]
    # chunks someone removed already: closing does not fail on them
    again = execute_sweep(plan_sweep("correlation", grid, out=out, workers=1, force=True))
    shutil.rmtree(tmp_path / "t.csv.chunks")
    again.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv", "t.csv.json"]
    with pytest.raises(ValueError, match=r"^format = 'xlsx': must be one of parquet, csv$"):
        sweep("correlation", grid, out=tmp_path / "u", format="xlsx")
    assert not (tmp_path / "u").exists()
