#!/usr/bin/python3
"""Reference values for Genomics.Models.Evaluation.Metrics and Genomics.Models.Data.DataSplits.

Computes, with scikit-learn and SciPy, the metrics and the grouped fold assignment that the C# code
reimplements, on small fixed inputs that include tied scores, and writes them with their inputs to
tests/Genomics.Models.Tests/Evaluation/metrics_reference.json. The tests compare against that file,
so neither CI nor the tests need Python.

Regenerate (Debian packages: apt-get install -y python3-sklearn python3-scipy python3-numpy):

    /usr/bin/python3 tools/reference/metrics_reference.py

Values are written with repr(), which round-trips float64 exactly.
"""

import json
import pathlib
import platform

import numpy as np
import scipy
import scipy.stats
import sklearn
from sklearn.metrics import (
    auc,
    average_precision_score,
    precision_recall_curve,
    r2_score,
    roc_auc_score,
    roc_curve,
)
from sklearn.model_selection import GroupKFold, KFold

OUTPUT = (
    pathlib.Path(__file__).resolve().parents[2]
    / "tests"
    / "Genomics.Models.Tests"
    / "Evaluation"
    / "metrics_reference.json"
)


def floats(values):
    return [float(v) for v in values]


def classification_case(name, scores, labels):
    scores = np.asarray(scores, dtype=np.float64)
    labels = np.asarray(labels, dtype=np.int64)
    fpr, tpr, roc_thresholds = roc_curve(labels, scores)
    fpr_all, tpr_all, roc_thresholds_all = roc_curve(labels, scores, drop_intermediate=False)
    precision, recall, pr_thresholds = precision_recall_curve(labels, scores)
    return {
        "name": name,
        "scores": floats(scores),
        "labels": [int(v) for v in labels],
        "auroc": float(roc_auc_score(labels, scores)),
        "auprc": float(auc(recall, precision)),
        "average_precision": float(average_precision_score(labels, scores)),
        "roc_curve": {
            "fpr": floats(fpr),
            "tpr": floats(tpr),
            "thresholds": floats(roc_thresholds),
        },
        "roc_curve_all_thresholds": {
            "fpr": floats(fpr_all),
            "tpr": floats(tpr_all),
            "thresholds": floats(roc_thresholds_all),
        },
        "precision_recall_curve": {
            "precision": floats(precision),
            "recall": floats(recall),
            "thresholds": floats(pr_thresholds),
        },
    }


def regression_case(name, y_true, y_pred):
    y_true = np.asarray(y_true, dtype=np.float64)
    y_pred = np.asarray(y_pred, dtype=np.float64)
    return {
        "name": name,
        "y_true": floats(y_true),
        "y_pred": floats(y_pred),
        "pearson": float(scipy.stats.pearsonr(y_true, y_pred)[0]),
        "spearman": float(scipy.stats.spearmanr(y_true, y_pred)[0]),
        "r2": float(r2_score(y_true, y_pred)),
        "linregress_r2": float(scipy.stats.linregress(y_pred, y_true).rvalue ** 2),
    }


def group_kfold_case(name, groups, k):
    groups = np.asarray(groups)
    x = np.zeros((len(groups), 1))
    folds = [sorted(int(i) for i in test) for _, test in GroupKFold(n_splits=k).split(x, groups=groups)]
    return {"name": name, "groups": [str(g) for g in groups], "k": k, "test_folds": folds}


def kfold_case(n, k):
    x = np.zeros((n, 1))
    folds = [[int(i) for i in test] for _, test in KFold(n_splits=k).split(x)]
    return {"n": n, "k": k, "test_folds": folds}


def main():
    rng = np.random.default_rng(20240607)

    classification = [
        classification_case("sklearn_docstring", [0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]),
        classification_case(
            "ties_mixed_classes",
            [0.1, 0.4, 0.35, 0.8, 0.4, 0.4, 0.9, 0.1, 0.65, 0.35],
            [0, 0, 1, 1, 1, 0, 1, 0, 0, 1],
        ),
        classification_case("all_scores_tied", [0.5] * 6, [0, 1, 0, 1, 1, 0]),
        classification_case(
            "integer_scores_heavy_ties",
            [3, 1, 2, 3, 3, 0, 1, 2, 2, 0, 3, 1],
            [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1],
        ),
        classification_case("reversed_ranking", [0.9, 0.8, 0.3, 0.2, 0.1], [0, 0, 1, 1, 1]),
    ]
    # A larger case: one-decimal scores create many ties; labels correlate with the scores.
    raw = rng.uniform(-1.0, 1.0, size=40)
    noisy_labels = (raw + rng.normal(0.0, 0.6, size=40) > 0).astype(np.int64)
    classification.append(classification_case("random_rounded_40", np.round(raw, 1), noisy_labels))

    y_true = rng.normal(0.0, 1.0, size=25)
    y_pred = 0.7 * y_true + rng.normal(0.0, 0.5, size=25)
    regression = [
        regression_case("small_exact", [1.0, 2.0, 3.0, 4.0, 5.0], [1.1, 1.9, 3.2, 3.8, 5.3]),
        regression_case("ties_both_sides", [1, 2, 2, 3, 3, 3, 4, 5], [2, 1, 3, 3, 5, 4, 4, 4]),
        regression_case("anticorrelated", [0.5, 1.5, -2.0, 3.25, 0.0, 7.0], [2.0, 1.0, 4.0, -1.0, 2.5, -3.0]),
        regression_case("two_points", [1.0, 3.0], [2.0, 5.0]),
        regression_case("random_25", np.round(y_true, 2), np.round(y_pred, 1)),
    ]

    group_kfold = [
        group_kfold_case(
            "distinct_sizes",
            ["b", "a", "c", "a", "d", "a", "b", "e", "a", "c", "a", "b", "d", "c", "a", "f"],
            3,
        ),
        group_kfold_case(
            "tied_sizes",
            ["g1", "g2", "g3", "g4", "g1", "g2", "g3", "g4", "g5", "g5", "g6", "g6", "g7", "g8"],
            3,
        ),
        group_kfold_case(
            "chromosomes",
            ["chr1", "chr2", "chr1", "chr3", "chr2", "chrX", "chr1", "chr10", "chr2", "chr3", "chr1", "chrX"],
            2,
        ),
    ]

    kfold = [kfold_case(10, 3), kfold_case(7, 7), kfold_case(11, 4)]

    document = {
        "generator": "tools/reference/metrics_reference.py",
        "versions": {
            "python": platform.python_version(),
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "sklearn": sklearn.__version__,
        },
        "notes": (
            "auprc = sklearn.metrics.auc(recall, precision) after precision_recall_curve; "
            "average_precision = sklearn.metrics.average_precision_score; "
            "roc_curve uses drop_intermediate=True, roc_curve_all_thresholds uses False; "
            "linregress_r2 = scipy.stats.linregress(y_pred, y_true).rvalue ** 2; "
            "group_kfold/kfold test_folds are sorted test indices per fold in sklearn's fold order."
        ),
        "classification": classification,
        "regression": regression,
        "group_kfold": group_kfold,
        "kfold": kfold,
    }
    OUTPUT.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
