#!/usr/bin/python3
"""Writes small MATLAB v5 files with SciPy's savemat, plus the values the TypeScript reader must
find in them (expected.json), into tests/fixtures/scipy-mat/.

SciPy is an independent writer of the format, so these files check the hand-written reader
(src/formats/mat) against something other than our own test writer. Run with Debian's
python3-scipy:  /usr/bin/python3 tests/python/make_mat_fixtures.py
The files are committed; re-running must reproduce the same expected values.
"""
import json
import math
import os

import numpy as np
import scipy
import scipy.io

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'fixtures', 'scipy-mat')

CLASS_OF = {
    'float64': 'double', 'float32': 'single', 'int8': 'int8', 'uint8': 'uint8', 'int16': 'int16',
    'uint16': 'uint16', 'int32': 'int32', 'uint32': 'uint32', 'int64': 'int64', 'uint64': 'uint64',
    'bool': 'logical', 'complex128': 'double',
}


def num(x):
    """JSON has no NaN/Infinity: encode them as strings the test decodes."""
    x = float(x)
    if math.isnan(x):
        return 'NaN'
    if math.isinf(x):
        return 'Infinity' if x > 0 else '-Infinity'
    return x


def dims_of(arr):
    """savemat with oned_as='row': 0-d -> 1x1, (0,) -> 0x0 (scipy's matdims), (n,) -> 1xn, else the shape."""
    if arr.ndim == 0:
        return [1, 1]
    if arr.shape == (0,):
        return [0, 0]
    if arr.ndim == 1:
        return [1, int(arr.shape[0])]
    return [int(d) for d in arr.shape]


def expect(value):
    """The MatValue the reader must return for `value` as savemat writes it."""
    if isinstance(value, dict):
        return {'kind': 'struct', 'dims': [1, 1], 'fieldNames': list(value.keys()),
                'elements': [{k: expect(v) for k, v in value.items()}]}
    if isinstance(value, str):
        return {'kind': 'char', 'dims': [1 if value else 0, len(value)], 'rows': [value] if value else []}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = np.array(value, dtype=np.float64)
    arr = np.asarray(value)
    if arr.dtype.names is not None:
        fields = list(arr.dtype.names)
        flat = arr.flatten(order='F')
        return {'kind': 'struct', 'dims': dims_of(arr), 'fieldNames': fields,
                'elements': [{f: expect(e[f]) for f in fields} for e in flat]}
    if arr.dtype == object:
        return {'kind': 'cell', 'dims': dims_of(arr), 'items': [expect(v) for v in arr.flatten(order='F')]}
    if arr.dtype.kind == 'U':
        if arr.ndim == 0:
            return expect(str(arr))
        rows = [str(r) for r in arr.flatten()]
        width = max(len(r) for r in rows)
        return {'kind': 'char', 'dims': [len(rows), width], 'rows': [r.ljust(width) for r in rows]}
    out = {'kind': 'numeric', 'class': CLASS_OF[str(arr.dtype)], 'dims': dims_of(arr),
           'real': [num(v) for v in np.real(arr).flatten(order='F')]}
    if np.iscomplexobj(arr):
        out['imag'] = [num(v) for v in np.imag(arr).flatten(order='F')]
    return out


def cell(items):
    arr = np.empty((1, len(items)), dtype=object)
    for i, item in enumerate(items):
        arr[0, i] = item
    return arr


def numeric_vars():
    return {
        'matrix': np.array([[1.5, -2.25, 3.0, 1e-300], [np.nan, np.inf, -np.inf, 0.1], [7.0, 8.0, 9.0, 1e300]]),
        'small_ints_as_double': np.array([[0.0, 1.0, 2.0], [250.0, 3.0, 4.0]]),
        'negative_ints_as_double': np.array([-3.0, 1000.0, -32768.0]),
        'i8': np.array([-128, 0, 127], dtype=np.int8),
        'u8': np.array([0, 200, 255], dtype=np.uint8),
        'i16': np.array([[-32768], [32767]], dtype=np.int16),
        'u16': np.array([65535, 1], dtype=np.uint16),
        'i32': np.array([-2147483648, 2147483647], dtype=np.int32),
        'u32': np.array([4294967295, 0], dtype=np.uint32),
        'i64': np.array([-(2 ** 53), 2 ** 53], dtype=np.int64),
        'u64': np.array([2 ** 53, 5], dtype=np.uint64),
        'f32': np.array([0.5, -1.25, 3.4028234663852886e38], dtype=np.float32),
        'flags': np.array([[True, False], [False, True]]),
        'z': np.array([1 + 2j, -3.5 - 0.25j]),
        'scalar': 42.0,
        'empty': np.zeros((0, 0)),
        'empty_row': np.zeros(0),
        'cube': np.arange(24, dtype=np.float64).reshape((2, 3, 4)),
    }


def text_vars():
    return {
        'word': 'hello',
        'unicode': 'µV ±5 Ω',
        'lines': np.array(['abc', 'def']),
        'blank': '',
    }


def container_vars():
    inner = np.zeros((1, 2), dtype=[('name', object), ('values', object)])
    inner[0, 0]['name'] = 'first'
    inner[0, 0]['values'] = np.array([1.0, 2.0])
    inner[0, 1]['name'] = 'second'
    inner[0, 1]['values'] = cell([np.array([[3.0]]), 'x'])
    return {
        'mixed': cell([1.0, 'two', np.array([[3.0, 4.0], [5.0, 6.0]]), cell([7.0, cell(['deep'])]), np.zeros((0, 0))]),
        'people': inner,
        'config': {'fs': 256.0, 'name': 'ECG', 'lead': cell(['I', 'II']), 'nested': {'depth': 2.0}},
    }


def amigos_like_vars():
    rng = np.random.default_rng(7)
    trials = []
    for n in (24, 16):
        data = np.round(rng.normal(0, 50, size=(n, 17)), 3)
        data[:, 14] = np.round(np.sin(np.arange(n) / 3.0) * 1000, 3)
        trials.append(data)
    labels = [np.array([[5.5, 6.0, 4.0, 7.0, 3.0, 0, 0, 1, 0, 0, 0, 0]]),
              np.zeros((1, 0)),
              np.array([[1.0, 9.0, 2.0, 3.0, 4.0, 0, 1, 0, 0, 0, 0, 1]])]
    return {
        'joined_data': cell([trials[0], np.zeros((0, 0)), trials[1]]),
        'labels_selfassessment': cell(labels),
        'VideoIDs': cell(['10', '13', 'N1']),
    }


def unsupported_vars():
    """Arrays the reader recognises but refuses to decode, plus one ordinary variable after them."""
    import scipy.sparse
    from scipy.io.matlab import MatlabObject
    obj_fields = np.zeros((1, 1), dtype=[('value', object)])
    obj_fields[0, 0]['value'] = np.array([[1.0]])
    return {
        'sp': scipy.sparse.csc_matrix(np.array([[0.0, 2.0], [3.0, 0.0]])),
        'obj': MatlabObject(obj_fields, 'myclass'),
        'after': np.array([[5.0, 6.0]]),
    }


UNSUPPORTED_EXPECTED = {
    'sp': {'kind': 'unsupported', 'dims': [2, 2], 'reason': 'a sparse matrix (convert it with full() before saving)'},
    'obj': {'kind': 'unsupported', 'dims': [1, 1], 'reason': "a MATLAB object of class 'myclass'"},
    'after': {'kind': 'numeric', 'class': 'double', 'dims': [1, 2], 'real': [5.0, 6.0]},
}


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {'scipy': scipy.__version__, 'files': {}}
    groups = {'numeric': numeric_vars(), 'text': text_vars(), 'containers': container_vars(),
              'amigos_like': amigos_like_vars()}
    for name, variables in groups.items():
        for compressed in (False, True):
            fname = f'{name}{"_z" if compressed else ""}.mat'
            path = os.path.join(OUT, fname)
            scipy.io.savemat(path, variables, do_compression=compressed, oned_as='row')
            scipy.io.loadmat(path)  # sanity: SciPy reads back what it wrote
            size = os.path.getsize(path)
            assert size < 20_000, f'{fname} is {size} bytes'
            expected['files'][fname] = {k: expect(v) for k, v in variables.items()}
    for compressed in (False, True):
        fname = f'unsupported{"_z" if compressed else ""}.mat'
        scipy.io.savemat(os.path.join(OUT, fname), unsupported_vars(), do_compression=compressed)
        expected['files'][fname] = UNSUPPORTED_EXPECTED
    # A v4 file, which the reader must refuse with a clear message.
    scipy.io.savemat(os.path.join(OUT, 'v4.mat'), {'x': np.array([[1.0, 2.0]])}, format='4')
    with open(os.path.join(OUT, 'expected.json'), 'w') as f:
        json.dump(expected, f, ensure_ascii=False)
        f.write('\n')


if __name__ == '__main__':
    main()
