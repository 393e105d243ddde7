"""``predshare scarcity`` and ``solve --samples`` (MODEL.md section 10)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from predshare.cli import main
from predshare.scarcity import ScarcityPoint, changes, parse_samples

WITNESS = ["--prior-i", "1/10", "--kappa", "1/10", "--lambda", "1/20", "--mu", "3/10"]


def test_scarcity_ends_at_the_plentiful_worked_case(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The last point is N = infinity: MODEL.md section 8's exact payoffs at the witness
    of claim 6; infer is the unique IRPO contract at every N asked for."""
    plot = tmp_path / "scarcity.png"
    code = main(["scarcity", "hypotheses", *WITNESS, "--samples", "1,2,61", "--json",
                 "--plot", str(plot)])  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and plot.read_bytes()[:4] == b"\x89PNG"
    assert [p["samples"] for p in report["points"]] == [1, 2, 61, None]
    limit = report["points"][-1]["contracts"]
    assert limit["no"]["payoff_exact"] == ["1831/4000", "1809/4000"]  # 0.45775, 0.45225
    assert limit["infer"]["payoff_exact"] == ["1037/2000", "963/2000"]  # 0.5185, 0.4815
    assert limit["full"]["payoff_exact"] == ["1/2", "1/2"]
    assert all(p["unique_irpo_up_to_equivalence"] == "infer" for p in report["points"])
    assert report["changes"] == []
    # with one example firm 1 learns less: its payoff under infer is lower than with many
    first = report["points"][0]["contracts"]["infer"]["payoff"][0]
    assert first < limit["infer"]["payoff"][0]


def test_solve_with_samples_has_n_plus_3_training_labels(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["solve", "hypotheses", *WITNESS, "--samples", "4", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    interim = report["contracts"]["no"]["equilibria"][0]["interim"]["firm1"]
    assert list(interim) == ["I", "II", "A0/4", "A1/4", "A2/4", "A3/4", "A4/4"]
    assert report["environment"].startswith("two hypotheses N=4")


def test_changes_name_where_the_unique_contract_moves() -> None:
    def point(n: int | None, unique: str | None) -> ScarcityPoint:
        return ScarcityPoint(n, (), unique, {}, {}, {})

    points = [point(1, "infer"), point(2, "infer"), point(3, None), point(None, "no")]
    assert changes(points) == [("3", "infer", None), ("inf", None, "no")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--samples", "0:5"], "every N must be between 1 and 61"),
        (["--samples", "1:x"], "must be LO:HI or N,N"),
        (["--samples", "70"], "every N must be between 1 and 61"),
    ],
)
def test_bad_sample_ranges_are_one_line_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    plot = tmp_path / "p.png"
    assert main(["scarcity", "hypotheses", *WITNESS, *args, "--plot", str(plot)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and message in err
    assert not plot.exists()


def test_parse_samples_reads_ranges_and_lists() -> None:
    assert parse_samples("3:6") == (3, 4, 5, 6)
    assert parse_samples("5,1,5") == (1, 5)
