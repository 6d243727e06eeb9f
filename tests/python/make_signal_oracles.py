#!/usr/bin/env python3
"""SciPy oracle files for src/signal (resample_poly, butter, sosfiltfilt, robust z-score, and
the peer's whole preprocess()).

Run with the Debian interpreter that sees python3-scipy / python3-numpy:
    /usr/bin/python3 tests/python/make_signal_oracles.py
Writes tests/fixtures/scipy-signal/manifest.json and float64 little-endian .bin outputs.
Inputs are not stored: oracle_signal() below is mirrored exactly by src/signal/oracle-signals.ts.
"""
import json
import os
import sys

import numpy as np
import scipy
from scipy import signal

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, '..', '..'))
OUT = os.path.join(ROOT, 'tests', 'fixtures', 'scipy-signal')
PEER_DIR = os.path.normpath(os.path.join(ROOT, '..', 'shared', 'bench'))

WAVES = ((0.1, -0.2, 0.025), (1.0, 0.0, 0.01), (-0.15, 0.02, 0.01), (0.3, 0.3, 0.04))


def hash_uniform(index, seed):
    """lowbias32(index + seed * 0x9E3779B9 mod 2^32) / 2^32, as hashUniform in TypeScript."""
    idx = np.asarray(index, dtype=np.uint64)
    x = ((idx + np.uint64((seed * 0x9E3779B9) % 2 ** 32)) % np.uint64(2 ** 32)).astype(np.uint32)
    x ^= x >> np.uint32(16)
    x *= np.uint32(0x7FEB352D)
    x ^= x >> np.uint32(15)
    x *= np.uint32(0x846CA68B)
    x ^= x >> np.uint32(16)
    return x.astype(np.float64) / 4294967296.0


def oracle_signal(n, fs, seed):
    rr = 60 / 70
    i = np.arange(n)
    t = i / fs
    j0 = np.floor(t / rr)
    v = np.zeros(n)
    for dj in range(-2, 3):
        j = j0 + dj
        ok = j >= 0
        jj = np.where(ok, j, 0).astype(np.uint64)
        b = 0.1 + j * rr + 0.02 * (2 * hash_uniform(jj, seed + 1000) - 1)
        for amp, mu, sd in WAVES:
            d = (t - b - mu) / sd
            v += np.where(ok, amp * np.exp(-0.5 * d * d), 0.0)
    v += 0.3 * np.sin(2 * np.pi * 0.2 * t) + 0.05 * np.sin(2 * np.pi * 50 * t)
    v += 0.02 * np.sin(2 * np.pi * 0.4 * fs * t)
    return v + 0.01 * (2 * hash_uniform(i, seed) - 1) + 0.2


def write_bin(name, arr):
    arr = np.ascontiguousarray(arr, dtype='<f8')
    arr.tofile(os.path.join(OUT, name))
    return {'file': name, 'length': int(arr.size)}


def peer_stats(y):
    s = np.sort(y)
    n = s.size
    lo, hi = int(0.025 * n), int(0.975 * n)
    return {'mean': float(y.mean()), 'sd': float(s[lo:hi].std()), 'lo': lo, 'hi': hi, 'n': int(n)}


def main():
    os.makedirs(OUT, exist_ok=True)
    for f in os.listdir(OUT):
        if f.endswith('.bin'):
            os.remove(os.path.join(OUT, f))
    manifest = {'generator': 'tests/python/make_signal_oracles.py', 'scipy': scipy.__version__,
                'numpy': np.__version__, 'butter': [], 'resample': [], 'sosfiltfilt': [], 'zscore': []}

    for order, edge, fs, btype in ((2, 0.8, 256, 'highpass'), (4, 0.8, 256, 'highpass'), (5, 0.8, 256, 'highpass'),
                                   (2, 0.5, 128, 'highpass'), (4, 0.5, 128, 'highpass'), (5, 0.5, 128, 'highpass'),
                                   (1, 0.8, 256, 'highpass'), (3, 0.8, 256, 'highpass'),
                                   (4, 40.0, 256, 'lowpass'), (3, 30.0, 256, 'lowpass')):
        sos = signal.butter(order, edge, btype=btype, fs=fs, output='sos')
        manifest['butter'].append({'order': order, 'edgeHz': edge, 'fs': fs, 'btype': btype,
                                   'sos': [[float(v) for v in row] for row in sos]})

    seed = 1
    for fs_in in (2048, 700, 500, 1000, 360, 128):
        g = np.gcd(256, fs_in)
        up, down = 256 // g, fs_in // g
        for n in (int(12.5 * fs_in) + 7, 37, 1):
            x = oracle_signal(n, fs_in, seed)
            y = signal.resample_poly(x, up, down)
            entry = {'fsIn': fs_in, 'up': int(up), 'down': int(down), 'n': n, 'seed': seed}
            entry.update(write_bin(f'resample_{fs_in}_{n}.bin', y))
            manifest['resample'].append(entry)
            seed += 1

    # a non-integer rate: rationalRatio(999.9, 256) is the exact 2560/9999
    n = 3001
    x = oracle_signal(n, 999.9, seed)
    entry = {'fsIn': 999.9, 'up': 2560, 'down': 9999, 'n': n, 'seed': seed}
    entry.update(write_bin(f'resample_999.9_{n}.bin', signal.resample_poly(x, 2560, 9999)))
    manifest['resample'].append(entry)
    seed += 1

    for order, edge, fs, n in ((4, 0.8, 256, 5003), (5, 0.8, 256, 301), (5, 0.8, 256, 19), (4, 0.8, 256, 16),
                               (2, 0.5, 128, 997)):
        x = oracle_signal(n, fs, seed)
        sos = signal.butter(order, edge, btype='highpass', fs=fs, output='sos')
        y = signal.sosfiltfilt(sos, x)
        entry = {'order': order, 'edgeHz': edge, 'fs': fs, 'n': n, 'seed': seed,
                 'padlen': 3 * (2 * len(sos) + 1 - min(int((sos[:, 2] == 0).sum()), int((sos[:, 5] == 0).sum())))}
        entry.update(write_bin(f'sosfiltfilt_{order}_{fs}_{n}.bin', y))
        entry['stats'] = peer_stats(y)
        manifest['sosfiltfilt'].append(entry)
        seed += 1

    # robust statistics on a vector with ties and spikes: rounded values plus a few outliers
    n = 4001
    z = np.round(oracle_signal(n, 256, seed) * 20) / 20
    z[::97] += 50.0
    manifest['zscore'].append({'kind': 'rounded-with-spikes', 'n': n, 'seed': seed, 'round': 20, 'spikeEvery': 97,
                               'spike': 50.0, **peer_stats(z)})
    seed += 1

    sys.path.insert(0, PEER_DIR)
    import peer_numpy_pipeline as peer
    n = 60 * 2048 + 123
    x = oracle_signal(n, 2048, seed)
    win = peer.preprocess(x)
    y = signal.sosfiltfilt(signal.butter(4, 0.8, btype='highpass', fs=256, output='sos'),
                           signal.resample_poly(x, 1, 8))
    entry = {'fsIn': 2048, 'n': n, 'seed': seed, 'windows': int(win.shape[0]), 'windowLength': int(win.shape[1]),
             'stats': peer_stats(y)}
    entry.update(write_bin('peer_preprocess_windows.bin', win.ravel()))
    manifest['peerPreprocess'] = entry

    with open(os.path.join(OUT, 'manifest.json'), 'w') as f:
        json.dump(manifest, f, indent=1)
        f.write('\n')
    total = sum(os.path.getsize(os.path.join(OUT, f)) for f in os.listdir(OUT))
    print(f'wrote {OUT} ({total} bytes)')


if __name__ == '__main__':
    main()
