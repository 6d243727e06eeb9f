#!/usr/bin/python3
"""Writes the real-Python pickle fixtures for the workbench's pickle reader tests.

Run with Debian's python3 + python3-numpy from the project root:

    /usr/bin/python3 tests/python/make_pickle_fixture.py

It writes a small WESAD-like subject dict (same keys, dtypes and shapes as a WESAD SX.pkl, but
only 200 samples) with pickle protocols 2, 4 and 5, plus `expected.json` holding the exact
values the TypeScript reader must produce. Floats go through JSON as repr (exact round trip);
values JSON cannot hold (64-bit ints, inf, nan) are written as strings.
"""
import json
import math
import os
import pickle
import sys

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'python-pickle')
N = 200


def subject_dict():
    i = np.arange(N)
    ecg = (np.sin(i / 7.0) * 0.8 + (i % 13) / 1000.0).reshape(N, 1)
    label = np.zeros(N, dtype=np.int32)
    label[20:80] = 1
    label[80:120] = 2
    label[120:150] = 0
    label[150:190] = 4
    label[190:] = 6
    chest = {
        'ACC': np.stack([i / 100.0, -i / 50.0, np.full(N, 0.98)], axis=1),
        'ECG': ecg,
        'EMG': (np.cos(i / 3.0) / 100.0).reshape(N, 1),
        'EDA': (5.0 + i / 1000.0).reshape(N, 1),
        'Temp': (33.0 + (i % 5) / 8.0).astype(np.float32).reshape(N, 1),
        'Resp': (np.sin(i / 40.0) * 3.0).reshape(N, 1),
    }
    wrist = {
        'ACC': np.arange(12, dtype=np.float64).reshape(4, 3) * 0.5,
        'BVP': np.linspace(-1.0, 1.0, 8).reshape(8, 1),
        'EDA': np.array([[0.25], [0.5]]),
        'TEMP': np.array([[32.5], [32.75]]),
    }
    misc = {
        'big_endian': np.array([1.5, -2.25, 1e300], dtype='>f8'),
        'fortran': np.asfortranarray(np.arange(6, dtype=np.int16).reshape(2, 3)),
        'int64': np.array([-(2 ** 40), 0, 2 ** 62], dtype=np.int64),
        'uint8': np.array([0, 7, 255], dtype=np.uint8),
        'bool': np.array([True, False, True]),
        'uint16': np.array([1, 65535], dtype=np.uint16),
        'scalar': np.float64(2.5),
        'int_scalar': np.int32(-7),
        'tuple': (1, 'two', 3.0),
        'list': [None, True, False],
        'unicode': 'caf\u00e9 \u03bb',
        'bytes': b'\x00\xffab',
        'empty_bytes': b'',
        'big_int': 2 ** 70,
        'neg_int': -123456789,
        'inf': float('inf'),
        7: 'int key',
    }
    return {'signal': {'chest': chest, 'wrist': wrist}, 'label': label, 'subject': 'S2', 'misc': misc}


def expected_of(value):
    if isinstance(value, dict):
        return {str(k): expected_of(v) for k, v in value.items()}
    if isinstance(value, np.ndarray):
        order = 'F' if value.flags.f_contiguous and not value.flags.c_contiguous else 'C'
        flat = value.ravel(order='K' if order == 'F' else 'C')
        return {'descr': value.dtype.str, 'shape': list(value.shape), 'fortran': order == 'F',
                'values': [expected_of(x.item()) for x in flat]}
    if isinstance(value, np.generic):
        return expected_of(value.item())
    if isinstance(value, (list, tuple)):
        return [expected_of(x) for x in value]
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if isinstance(value, bytes):
        return {'bytes': list(value)}
    if isinstance(value, int):
        return value if abs(value) <= 2 ** 53 else str(value)
    if isinstance(value, float):
        return value if math.isfinite(value) else repr(value)
    raise TypeError(type(value))


def main():
    os.makedirs(OUT, exist_ok=True)
    data = subject_dict()
    for protocol in (2, 4, 5):
        path = os.path.join(OUT, 'wesad-like-protocol%d.pkl' % protocol)
        with open(path, 'wb') as f:
            pickle.dump(data, f, protocol=protocol)
        print(path, os.path.getsize(path), 'bytes')
    expected = {'python': sys.version.split()[0], 'numpy': np.__version__, 'value': expected_of(data)}
    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump(expected, f, separators=(',', ':'))


if __name__ == '__main__':
    main()
