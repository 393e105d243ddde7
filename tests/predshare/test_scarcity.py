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
    code = main(["scarcity", "hypotheses", *WITNESS, "--samples", "1,2,61", "--types",
                 "posterior", "--json", "--plot", str(plot)])  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    assert code == 0 and plot.read_bytes()[:4] == b"\x89PNG"
    assert [p["samples"] for p in report["points"]] == [1, 2, 61, None]
    assert report["types"] == "posterior" and "equal posteriors" in report["game"]
    limit = report["points"][-1]["contracts"]
    assert limit["no"]["payoff_exact"] == ["1831/4000", "1809/4000"]  # 0.45775, 0.45225
    assert limit["infer"]["payoff_exact"] == ["1037/2000", "963/2000"]  # 0.5185, 0.4815
    assert limit["full"]["payoff_exact"] == ["1/2", "1/2"]
    assert all(p["unique_irpo_up_to_equivalence"] == "infer" for p in report["points"])
    assert report["changes"] == []
    # with one example firm 1 learns less: its payoff under infer is lower than with many
    first = report["points"][0]["contracts"]["infer"]["payoff"][0]
    assert first < limit["infer"]["payoff"][0]


def test_solve_with_posterior_types_has_n_plus_3_training_labels(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["solve", "hypotheses", *WITNESS, "--samples", "4", "--types", "posterior",
                 "--json"]) == 0  # fmt: skip
    report = json.loads(capsys.readouterr().out)
    interim = report["contracts"]["no"]["equilibria"][0]["interim"]["firm1"]
    assert list(interim) == ["I", "II", "A0/4", "A1/4", "A2/4", "A3/4", "A4/4"]
    assert report["environment"].startswith("two hypotheses N=4 posterior types")


def test_solve_with_samples_has_a_type_per_count_vector(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """By default ``--samples 2`` solves the count game: (2 + 1)^2 count vectors."""
    assert main(["solve", "hypotheses", *WITNESS, "--samples", "2", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    interim = report["contracts"]["no"]["equilibria"][0]["interim"]["firm1"]
    assert sorted(interim) == sorted(["2B1", "1B0+1B1", "2B0", "1A1+1B0", "2A1", "1A0+1B1",
                                      "1A0+1B0", "1A0+1A1", "2A0"])  # fmt: skip
    assert report["environment"].startswith("two hypotheses N=2 pi_I")


def test_scarcity_says_which_game_and_the_games_differ(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """MODEL.md section 10's point: at N = 3 the count game's unique IRPO contract is
    train, the merged game's no; the text names the game it solved."""
    point = ["--prior-i", "1/2", "--kappa", "1/5", "--lambda", "3/10", "--mu", "2/5"]
    unique = {}
    for types in ("counts", "posterior"):
        assert main(["scarcity", "hypotheses", *point, "--samples", "3", "--types", types]) == 0
        out = capsys.readouterr().out
        assert out.splitlines()[0].startswith("game: ")
        assert ("equal posteriors" in out) == (types == "posterior")
        assert main(["scarcity", "hypotheses", *point, "--samples", "3", "--types", types,
                     "--json"]) == 0  # fmt: skip
        report = json.loads(capsys.readouterr().out)
        unique[types] = report["points"][0]["unique_irpo_up_to_equivalence"]
        assert report["types"] == types
    assert unique == {"counts": "train", "posterior": "no"}


def test_changes_name_where_the_unique_contract_moves() -> None:
    def point(n: int | None, unique: str | None) -> ScarcityPoint:
        return ScarcityPoint(n, (), unique, {}, {}, {})

    points = [point(1, "infer"), point(2, "infer"), point(3, None), point(None, "no")]
    assert changes(points) == [("3", "infer", None), ("inf", None, "no")]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--samples", "0:5"], "every N must be between 1 and 10 with --types counts"),
        (["--samples", "1:x"], "must be LO:HI or N,N"),
        (["--samples", "11"], "between 1 and 10 with --types counts (--types posterior allows"),
        (["--samples", "126", "--types", "posterior"], "every N must be between 1 and 125"),
        (["--samples", "3", "--types", "raw"], "--types"),
        (["--samples", "1:100000000000"], "every N must be between 1 and 10"),  # not built
        (["--samples", "4:2"], "LO > HI, the range is empty"),
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
