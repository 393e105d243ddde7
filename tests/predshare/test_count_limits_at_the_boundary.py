"""The count and size limits of the commands at their boundary: the largest accepted
value is accepted, the next one refused naming the limit (README, "Limits")."""

from __future__ import annotations

from fractions import Fraction

import pytest

from predshare.data.pipeline import MAX_BOOTSTRAP, MAX_RESAMPLES, DataConfig
from predshare.decision.pipeline import MAX_RESAMPLES as MAX_PLAN_RESAMPLES
from predshare.decision.pipeline import PlanConfig
from proofs.regions import MAX_SAMPLES
from proofs.report import run_claims
from solvers.sweep.grid import MAX_POINTS, MAX_RANGE_COUNT, sweep_spec


@pytest.mark.parametrize(
    ("field", "most"), [("resamples", MAX_RESAMPLES), ("bootstrap", MAX_BOOTSTRAP)]
)
def test_data_counts(field: str, most: int) -> None:
    assert getattr(DataConfig(**{field: most}), field) == most
    with pytest.raises(ValueError, match=f"{field} = {most + 1}: must be at most {most:,}"):
        DataConfig(**{field: most + 1})


@pytest.mark.parametrize(
    ("field", "least", "most"), [("volume", 1, 10**12), ("seed", 0, 2**63 - 1)]
)
def test_data_volume_and_seed(field: str, least: int, most: int) -> None:
    assert getattr(DataConfig(**{field: most}), field) == most
    assert getattr(DataConfig(**{field: least}), field) == least
    with pytest.raises(ValueError, match=f"^{field} = {most + 1}: must be at most {most:,}$"):
        DataConfig(**{field: most + 1})
    with pytest.raises(ValueError, match=f"^{field} = {least - 1}: must be a whole number >= "):
        DataConfig(**{field: least - 1})


def test_plan_resamples() -> None:
    assert PlanConfig(resamples=MAX_PLAN_RESAMPLES).resamples == MAX_PLAN_RESAMPLES
    with pytest.raises(ValueError, match=f"must be between 10 and {MAX_PLAN_RESAMPLES:,}"):
        PlanConfig(resamples=MAX_PLAN_RESAMPLES + 1)
    PlanConfig(resamples=10)
    with pytest.raises(ValueError, match="must be between 10 and"):
        PlanConfig(resamples=9)


def test_verify_samples() -> None:
    assert run_claims([], samples=MAX_SAMPLES) == []  # accepted (no claim named: no work)
    with pytest.raises(ValueError, match=f"samples = {MAX_SAMPLES + 1}: must be between 1"):
        run_claims([], samples=MAX_SAMPLES + 1)
    with pytest.raises(ValueError, match="samples = 0: must be between 1"):
        run_claims([], samples=0)


def test_sweep_points_and_ranges() -> None:
    hyp = {"prior_i": "1/2", "kappa": "1/5", "lambda": "1/10", "mu": "1/5"}
    assert sweep_spec("hypotheses", hyp, random=MAX_POINTS).size == MAX_POINTS
    with pytest.raises(ValueError, match=f"random = {MAX_POINTS + 1}: at most {MAX_POINTS}"):
        sweep_spec("hypotheses", hyp, random=MAX_POINTS + 1)
    spec = sweep_spec("hypotheses", {**hyp, "mu": f"0:1/2:{MAX_RANGE_COUNT}"})
    assert spec.size == MAX_RANGE_COUNT
    with pytest.raises(ValueError, match=f"exceeds the limit {MAX_RANGE_COUNT}"):
        sweep_spec("hypotheses", {**hyp, "mu": f"0:1/2:{MAX_RANGE_COUNT + 1}"})
    # a grid of exactly MAX_POINTS points passes, one more axis value does not
    side = 10**5
    assert side * side == MAX_POINTS
    grid = {**hyp, "kappa": f"1/10:1/5:{side}", "mu": f"0:1/2:{side}"}
    assert sweep_spec("hypotheses", grid).size == MAX_POINTS
    with pytest.raises(ValueError, match=f"at most {MAX_POINTS}"):
        sweep_spec("hypotheses", {**grid, "mu": f"0:1/2:{side + 1}"})


def test_data_train_sizes_held_out_reward_and_cost() -> None:
    """Train sizes from 10, each once; held-out rows from 60; reward and cost from 0."""
    assert DataConfig(train_sizes=(10, 11)).train_sizes == (10, 11)
    with pytest.raises(ValueError, match=r"^train-sizes: 9 must be a whole number >= 10$"):
        DataConfig(train_sizes=(10, 9))
    with pytest.raises(ValueError, match=r"^train-sizes = \[10, 20, 10\]: a size is listed twice$"):
        DataConfig(train_sizes=(10, 20, 10))
    assert DataConfig(held_out=60).held_out == 60
    with pytest.raises(ValueError, match=r"^held-out = 59: must be at least 60$"):
        DataConfig(held_out=59)
    for name in ("reward", "cost"):
        assert getattr(DataConfig(**{name: "0"}), name) == 0
        assert getattr(DataConfig(**{name: "1/2"}), name) == Fraction(1, 2)
        with pytest.raises(ValueError, match=f"^{name} = -1/10: must be nonnegative$"):
            DataConfig(**{name: "-1/10"})


def test_data_config_as_json_values() -> None:
    """Every option, fractions as floats and tuples as lists (the ``config`` entry)."""
    config = DataConfig(train_sizes=(10, 20), firm1_features=("a", "b"), reward=Fraction(3, 2))
    out = config.to_dict()
    assert set(out) == set(DataConfig.__dataclass_fields__)
    assert (out["train_sizes"], out["firm1_features"], out["firm2_features"]) == (
        [10, 20], ["a", "b"], None
    )  # fmt: skip
    assert (out["reward"], out["cost"]) == (1.5, float(config.cost))
    assert isinstance(out["cost"], float) and out["dataset"] == "lending_club"
    assert (out["seed"], out["overlap"]) == (0, False)
