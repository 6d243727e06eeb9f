#!/usr/bin/python3
"""Writes scikit-learn's answers for the workbench's evaluation metrics and folds into
tests/fixtures/metrics/oracles.json, so src/training/metrics.test.ts and folds.test.ts check the
TypeScript against an independent implementation without needing Python at test time.

Run with Debian's python3-sklearn from the project root:

    /usr/bin/python3 tests/python/make_metric_oracles.py

Cases are drawn from a fixed NumPy seed, so re-running reproduces the same file. Floats go
through JSON as repr (exact round trip).
"""
import json
import os
import warnings

import numpy as np
import sklearn
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_score, recall_score
from sklearn.model_selection import GroupKFold, KFold

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'metrics')


def multiclass_case(name, y_true, y_pred, class_count):
    """scikit-learn's defaults throughout: labels = classes present in truth or predictions,
    zero_division='warn' (which scores 0); the authors' F1 is 2PR/(P+R) of the macro averages."""
    with warnings.catch_warnings():
        warnings.simplefilter('ignore', UndefinedMetricWarning)
        p = precision_score(y_true, y_pred, average='macro')
        r = recall_score(y_true, y_pred, average='macro')
        macro = f1_score(y_true, y_pred, average='macro')
    authors = 0.0 if p + r == 0 else 2 * p * r / (p + r)
    return {
        'name': name,
        'classCount': class_count,
        'yTrue': [int(v) for v in y_true],
        'yPred': [int(v) for v in y_pred],
        'confusion': confusion_matrix(y_true, y_pred, labels=list(range(class_count))).tolist(),
        'accuracy': float(accuracy_score(y_true, y_pred)),
        'macroPrecision': float(p),
        'macroRecall': float(r),
        'authorsF1': float(authors),
        'macroF1': float(macro),
    }


def main():
    rng = np.random.default_rng(20200401)
    cases = []
    for i, (k, n) in enumerate([(2, 40), (3, 57), (4, 100), (5, 33), (3, 200)]):
        y_true = rng.integers(0, k, n)
        # Predictions right about 60 % of the time, otherwise uniform: realistic, not degenerate.
        y_pred = np.where(rng.random(n) < 0.6, y_true, rng.integers(0, k, n))
        cases.append(multiclass_case(f'random-{i}-{k}-classes', y_true, y_pred, k))
    # Class 2 is never predicted: its precision is 0/0, scored 0.
    y_true = rng.integers(0, 3, 60)
    y_pred = np.where(y_true == 2, rng.integers(0, 2, 60), np.where(rng.random(60) < 0.7, y_true, rng.integers(0, 2, 60)))
    cases.append(multiclass_case('class-never-predicted', y_true, y_pred, 3))
    # Class 3 is predicted but never true: its recall is 0/0, scored 0.
    y_true = rng.integers(0, 3, 50)
    y_pred = np.where(rng.random(50) < 0.5, y_true, rng.integers(0, 4, 50))
    cases.append(multiclass_case('class-never-true', y_true, y_pred, 4))
    # Class 1 of 4 appears nowhere: left out of the macro averages.
    y_true = rng.choice([0, 2, 3], 45)
    y_pred = np.where(rng.random(45) < 0.6, y_true, rng.choice([0, 2, 3], 45))
    cases.append(multiclass_case('class-absent-from-both', y_true, y_pred, 4))
    # A classifier that always says 0.
    y_true = rng.integers(0, 2, 30)
    cases.append(multiclass_case('constant-prediction', y_true, np.zeros(30, dtype=int), 2))
    # Every prediction wrong.
    y_true = rng.integers(0, 2, 20)
    cases.append(multiclass_case('all-wrong', y_true, 1 - y_true, 2))

    binary = []
    for i, (n, threshold) in enumerate([(64, 0.5), (100, 0.3), (7, 0.5)]):
        y_true = rng.integers(0, 2, n)
        prob = np.clip(y_true * 0.35 + rng.random(n) * 0.65, 0, 1)
        prob[: min(3, n)] = threshold  # exactly at the threshold: predicted 0 (strictly greater is 1)
        y_pred = (prob > threshold).astype(int)
        case = multiclass_case(f'binary-{i}', y_true, y_pred, 2)
        case['prob'] = [float(v) for v in prob]
        case['threshold'] = threshold
        binary.append(case)

    mean_sd = []
    for n in [1, 2, 10, 37]:
        values = rng.random(n)
        mean_sd.append({'values': [float(v) for v in values], 'mean': float(np.mean(values)), 'sd': float(np.std(values))})

    # GroupKFold is deterministic when no two groups have the same size (its tie order is
    # NumPy's argsort's); the workbench breaks ties with a seeded order instead.
    group_kfold = []
    for k, sizes in [(3, [5, 9, 2, 14, 7, 3, 11]), (4, [20, 1, 6, 13, 8, 4, 17, 2, 10])]:
        groups = np.concatenate([np.full(size, g) for g, size in enumerate(sizes)])
        groups = groups[rng.permutation(len(groups))]
        folds = [sorted(int(v) for v in test) for _, test in GroupKFold(n_splits=k).split(groups, groups=groups)]
        group_kfold.append({'k': k, 'subjects': [f's{int(g)}' for g in groups], 'testFolds': folds})

    kfold_sizes = []
    for n, k in [(10, 10), (23, 10), (101, 7), (5, 2)]:
        sizes = [len(test) for _, test in KFold(n_splits=k, shuffle=True, random_state=0).split(np.zeros(n))]
        kfold_sizes.append({'n': n, 'k': k, 'testSizes': sizes})

    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, 'oracles.json'), 'w') as f:
        json.dump({
            'sklearn': sklearn.__version__,
            'multiclass': cases,
            'binary': binary,
            'meanSd': mean_sd,
            'groupKFold': group_kfold,
            'kfoldSizes': kfold_sizes,
        }, f, indent=1)
        f.write('\n')


if __name__ == '__main__':
    main()
