#!/usr/bin/python3
"""Reference values for Genomics.Interpret.Statistics (Student t-test, Wilcoxon signed-rank test).

CombMotif ran scipy 1.7 with default arguments: ``ttest_ind(a, b)`` (equal variances, two-sided) and
``wilcoxon(x, y)`` (zero_method="wilcox", correction=False, alternative="two-sided", mode="auto").
In scipy 1.7, mode="auto" means the exact null distribution when len(x - y) <= 25, otherwise the
normal approximation; any zero difference switches the exact mode to the approximation (the 1.7
warning says "ties" but the code tests for zeros only; tied non-zero differences stay exact, with the
positive rank sum truncated to an integer). scipy 1.9+ raised the exact limit to 50 and renamed
``mode`` to ``method``, so this script passes every argument explicitly and chooses the method as 1.7
did; on Debian 12 (scipy 1.10) it reproduces 1.7's results.

Regenerate (Debian packages: apt-get install -y python3-scipy python3-numpy):

    /usr/bin/python3 tools/reference/neuron_stats_reference.py

Values are written with repr(), which round-trips float64 exactly.
"""

import json
import pathlib
import platform
import warnings

import numpy as np
import scipy
import scipy.stats

OUTPUT = (
    pathlib.Path(__file__).resolve().parents[2]
    / "tests"
    / "Genomics.Interpret.Tests"
    / "Statistics"
    / "neuron_stats_reference.json"
)


def wilcoxon_17(x, y):
    """scipy 1.7's wilcoxon(x, y) defaults, spelled out for newer scipy."""
    d = np.asarray(x, float) - np.asarray(y, float)
    method = "exact" if len(d) <= 25 else "approx"
    if np.any(d == 0):
        method = "approx"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = scipy.stats.wilcoxon(x, y, zero_method="wilcox", correction=False,
                                   alternative="two-sided", method=method)
    return method, float(res.statistic), float(res.pvalue)


def main():
    rng = np.random.default_rng(20240611)
    ttests = []
    t_inputs = {
        "small": ([1.1, 2.3, 2.9, 4.0, 5.2], [0.4, 1.0, 1.9, 2.2]),
        "equal_means": ([1.0, 2.0, 3.0], [3.0, 2.0, 1.0]),
        "far_apart": (list(rng.normal(10, 1, 30)), list(rng.normal(0, 1, 40))),
        "moderate": (list(rng.normal(0.3, 1, 200)), list(rng.normal(0, 2, 150))),
    }
    for name, (a, b) in t_inputs.items():
        res = scipy.stats.ttest_ind(a, b, equal_var=True, alternative="two-sided")
        ttests.append({"name": name, "a": [float(v) for v in a], "b": [float(v) for v in b],
                       "statistic": float(res.statistic), "pvalue": float(res.pvalue)})

    wilcox = []
    w_inputs = {
        "exact_small": ([1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30],
                        [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]),
        "exact_25": (list(rng.normal(0.4, 1, 25)), list(rng.normal(0, 1, 25))),
        "exact_all_positive": ([float(i + 2) for i in range(12)], [float(i) * 0.5 for i in range(12)]),
        "exact_centre": ([1.0, -2.0, 3.0, -4.0, 5.5, -5.0, 7.0, -7.5], [0.0] * 8),
        "exact_ties": ([1.0, 2.0, -1.0, 3.0, 2.0, -2.0, 4.0, 1.0, 5.0, 3.0], [0.0] * 10),
        "approx_26": (list(rng.normal(0.2, 1, 26)), list(rng.normal(0, 1, 26))),
        "approx_large": (list(rng.normal(0.05, 1, 300)), list(rng.normal(0, 1, 300))),
        "approx_ties": ([float(v) for v in rng.integers(-3, 6, 60)], [0.5] * 60),
        "zeros_small": ([1.0, 2.0, 0.0, 3.5, -1.0, 0.0, 4.0, 2.5, 1.5, -0.5, 3.0, 6.0],
                        [0.0] * 12),
        "zeros_and_ties_large": ([float(v) for v in rng.integers(-2, 5, 80)], [0.0] * 80),
    }
    for name, (x, y) in w_inputs.items():
        method, stat, p = wilcoxon_17(x, y)
        wilcox.append({"name": name, "x": [float(v) for v in x], "y": [float(v) for v in y],
                       "method": method, "statistic": stat, "pvalue": p})

    # Would Debian's scipy defaults give the same answers? (Only where they differ is recorded.)
    default_differs = []
    for case in wilcox:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = scipy.stats.wilcoxon(case["x"], case["y"])
        if float(res.pvalue) != case["pvalue"] or float(res.statistic) != case["statistic"]:
            default_differs.append({"name": case["name"], "default_pvalue": float(res.pvalue)})

    doc = {
        "generator": "tools/reference/neuron_stats_reference.py",
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "semantics": "scipy 1.7 defaults: ttest_ind equal_var=True two-sided; wilcoxon zero_method='wilcox', "
                     "correction=False, two-sided, exact iff n <= 25 and no zero difference",
        "scipy_defaults_differ_from_1_7": default_differs,
        "ttest": ttests,
        "wilcoxon": wilcox,
    }
    OUTPUT.write_text(json.dumps(doc, indent=1) + "\n")
    print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
