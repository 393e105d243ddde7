"""Two lenders learning from their own histories (each firm's model and its signal).

Each firm gets its own rows of the labelled history (disjoint by default) and its own
view of the features, fits a scikit-learn classifier, and turns its predicted
probability of repayment on new loans into a signal: with ``buckets = k``, the bucket of
the score among the k quantile ranges of the firm's own training scores (k = 2: above
or below the firm's median score). scikit-learn comes with the ``data`` extra and is
imported only inside functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from estimate.datasets import LabelledData

#: Classifier names and their scikit-learn constructors (seeded where random).
ESTIMATORS = ("logistic", "tree", "forest", "naive_bayes")
MAX_BUCKETS = 8


@dataclass(frozen=True)
class RowSplit:
    """Row indices: each firm's training rows, and the held-out rows in two halves: the
    calibration rows (where the inference law is estimated) and the stream (where the
    contracts are played out of sample)."""

    firm1: np.ndarray
    firm2: np.ndarray
    calibration: np.ndarray
    stream: np.ndarray


def split_rows(
    rows: int, sizes: tuple[int, int], held_out: int, seed: int, disjoint: bool = True
) -> RowSplit:
    """Random training rows for each firm (``sizes``) and ``held_out`` rows, halved into
    calibration rows and the stream.

    The held-out rows depend on ``seed`` and ``held_out`` only, and a firm's rows for a
    smaller size are the first of its rows for a larger one, so that runs over several
    train sizes share one stream. Disjoint firms draw from alternate rows of the rest;
    otherwise each draws from all of it. Held-out rows never train a firm.
    """
    for name, value in (("firm1 size", sizes[0]), ("firm2 size", sizes[1])):
        if value < 1:
            raise ValueError(f"{name} = {value}: must be at least 1")
    if held_out < 2:
        raise ValueError(f"held-out = {held_out}: must be at least 2 (calibration and stream)")
    pool = (rows - held_out) // 2 if disjoint else rows - held_out
    if max(sizes) > pool:
        most = max(pool, 0)
        raise ValueError(
            f"train sizes {sizes[0]}, {sizes[1]}: the data have {rows} rows; with {held_out} "
            f"held out a firm can have at most {most} {'disjoint ' if disjoint else ''}rows"
            + (" (--overlap lets the firms share rows)" if disjoint else "")
        )
    order = np.random.default_rng(seed).permutation(rows)
    held, rest = order[:held_out], order[held_out:]
    calibration, stream = held[: held_out // 2], held[held_out // 2 :]
    if disjoint:
        return RowSplit(rest[0::2][: sizes[0]], rest[1::2][: sizes[1]], calibration, stream)
    generator = np.random.default_rng([seed, 1])
    return RowSplit(
        generator.permutation(rest)[: sizes[0]],
        generator.permutation(rest)[: sizes[1]],
        calibration,
        stream,
    )


def make_estimator(name: str, seed: int) -> Any:
    """A fresh scikit-learn classifier by name (``ESTIMATORS``)."""
    if name not in ESTIMATORS:
        raise ValueError(f"estimator = {name!r}: must be one of {', '.join(ESTIMATORS)}")
    from sklearn.ensemble import RandomForestClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.naive_bayes import GaussianNB
    from sklearn.tree import DecisionTreeClassifier

    return {
        "logistic": lambda: LogisticRegression(max_iter=2000),
        "tree": lambda: DecisionTreeClassifier(max_depth=4, random_state=seed),
        "forest": lambda: RandomForestClassifier(n_estimators=100, random_state=seed),
        "naive_bayes": GaussianNB,
    }[name]()


@dataclass(frozen=True)
class FittedFirm:
    """A firm's pipeline (encoding, then its classifier), its signal cut points, and the
    median of its training scores."""

    columns: tuple[str, ...]
    pipeline: Any
    cuts: np.ndarray
    median: float

    def scores(self, data: LabelledData, rows: np.ndarray) -> np.ndarray:
        """Predicted probability of repayment for ``rows``."""
        frame = data.features.iloc[rows][list(self.columns)]
        return np.asarray(self.pipeline.predict_proba(frame)[:, 1])

    def signals(self, data: LabelledData, rows: np.ndarray) -> np.ndarray:
        """The firm's signal for ``rows``: the bucket of its score (0 = riskiest)."""
        return np.searchsorted(self.cuts, self.scores(data, rows), side="right").astype(np.int8)

    def auc(self, data: LabelledData, rows: np.ndarray) -> float | None:
        """The area under the ROC curve of the firm's score on ``rows``: how well it ranks
        repaid loans above defaults, whatever the cut (0.5 is chance; None when ``rows``
        hold one label only)."""
        labels = data.label[rows]
        if len(set(labels.tolist())) < 2:
            return None
        from sklearn.metrics import roc_auc_score

        return float(roc_auc_score(labels, self.scores(data, rows)))

    def accuracy(self, data: LabelledData, rows: np.ndarray) -> float:
        """The share of ``rows`` whose label the firm's two-bucket signal (score above
        its median training score: repaid) gets right."""
        guess = self.scores(data, rows) > self.median
        return float(np.mean(guess == (data.label[rows] == 1)))


def fit_firm(
    data: LabelledData,
    rows: np.ndarray,
    columns: tuple[str, ...],
    estimator: str = "logistic",
    buckets: int = 2,
    seed: int = 0,
) -> FittedFirm:
    """Fit one firm on its rows and feature view; numeric columns are standardized
    (missing values imputed by the median), the others one-hot encoded."""
    if not 2 <= buckets <= MAX_BUCKETS:
        raise ValueError(f"buckets = {buckets}: must be between 2 and {MAX_BUCKETS}")
    labels = data.label[rows]
    if len(set(labels.tolist())) < 2:
        raise ValueError(
            f"training rows: all {len(rows)} have label {int(labels[0])}; a firm needs both "
            "repaid and defaulted loans (more rows)"
        )
    from sklearn.compose import ColumnTransformer
    from sklearn.impute import SimpleImputer
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    frame = data.features.iloc[rows][list(columns)]
    numeric = [c for c in columns if frame[c].dtype.kind in "fiub"]
    other = [c for c in columns if c not in numeric]
    encode = ColumnTransformer(
        [
            ("numeric", make_pipeline(SimpleImputer(strategy="median"), StandardScaler()), numeric),
            ("categorical", OneHotEncoder(handle_unknown="ignore"), other),
        ]
    )
    pipeline = make_pipeline(encode, make_estimator(estimator, seed))
    pipeline.fit(frame, labels)
    training_scores = np.asarray(pipeline.predict_proba(frame)[:, 1])
    cuts = np.quantile(training_scores, np.arange(1, buckets) / buckets)
    return FittedFirm(tuple(columns), pipeline, cuts, float(np.median(training_scores)))
