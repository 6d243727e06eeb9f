/**
 * The signal pipeline's WebAssembly kernels, written with wasm-asm.ts (see dsp-wasm.ts for
 * why and how they are used):
 *
 *   fir, fir4  strided FIR dot products (polyphase resampling), 2-lane f64 SIMD, fir4 four
 *              outputs at a time; optional relaxed-SIMD fused multiply-add
 *   scanRuns   min, max and runs of identical samples (quality flags)
 *   sos2       two cascaded biquads (direct form II transposed), forward or backward
 *   partition  one Floyd–Rivest partitioning step (k-th order statistic in place)
 *   sum        compensated sum; sumSqDev: compensated Σ(x − mean)²
 *   zscoreF32  (x − mean)·inv rounded to float32;  orBytes: OR of a byte range
 *
 * All addresses and steps are in bytes.
 */
import { Fn } from './wasm-asm.js'

/**
 * fir: one output per outer iteration, 16 taps per inner iteration in eight 2-lane
 * accumulators; with `fma`, multiply-adds are relaxed-SIMD f64x2.relaxed_madd (fused where the
 * CPU has FMA, which also rounds once instead of twice).
 */
export function firKernel(fma: boolean): Fn {
  const accs = ['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'] as const
  const f = new Fn('fir', [['x', 'i32'], ['g', 'i32'], ['y', 'i32'], ['count', 'i32'], ['xStep', 'i32'], ['yStep', 'i32'], ['taps', 'i32']], [],
    [['p', 'i32'], ['q', 'i32'], ['r', 'i32'], ...accs.map((a) => [a, 'v128'] as const), ['s', 'f64']])
  f.block(() => {
    f.get('count').op('i32.eqz').brIf(0)
    f.loop(() => { // y = Σ g[r]·x[r]
      f.get('x').set('p').get('g').set('q').get('taps').set('r')
      f.f64(0).op('f64x2.splat')
      for (const a of accs.slice(1)) f.tee(a)
      f.set('a0').f64(0).set('s')
      f.block(() => {
        f.get('r').i32(16).op('i32.lt_s').brIf(0)
        f.loop(() => {
          accs.forEach((acc, i) => {
            if (fma) f.get('p').mem('v128.load', 16 * i).get('q').mem('v128.load', 16 * i).get(acc).op('f64x2.relaxed_madd').set(acc)
            else f.get(acc).get('p').mem('v128.load', 16 * i).get('q').mem('v128.load', 16 * i).op('f64x2.mul', 'f64x2.add').set(acc)
          })
          f.inc('p', 128).inc('q', 128).inc('r', -16)
          f.get('r').i32(16).op('i32.ge_s').brIf(0)
        })
      })
      f.block(() => { // the remaining taps one by one
        f.get('r').op('i32.eqz').brIf(0)
        f.loop(() => {
          f.get('s').get('p').mem('f64.load').get('q').mem('f64.load').op('f64.mul', 'f64.add').set('s')
          f.inc('p', 8).inc('q', 8).inc('r', -1).get('r').brIf(0)
        })
      })
      f.get('y')
      f.get('a0', 'a1').op('f64x2.add').get('a2', 'a3').op('f64x2.add', 'f64x2.add')
      f.get('a4', 'a5').op('f64x2.add').get('a6', 'a7').op('f64x2.add', 'f64x2.add', 'f64x2.add').tee('a0')
      f.lane(0).get('a0').lane(1).op('f64.add').get('s').op('f64.add').mem('f64.store')
      f.get('x', 'xStep').op('i32.add').set('x').get('y', 'yStep').op('i32.add').set('y')
      f.inc('count', -1).get('count').brIf(0)
    })
  })
  return f
}

/**
 * fir4: as fir for 4·groups outputs, four at a time, so that each coefficient load serves
 * four outputs (the single-output loop is bound by loads, not arithmetic). Eight taps per
 * inner iteration, two 2-lane accumulators per output, the remaining taps one by one.
 */
export function fir4Kernel(fma: boolean): Fn {
  const outs = [0, 1, 2, 3] as const
  const f = new Fn('fir4', [['x', 'i32'], ['g', 'i32'], ['y', 'i32'], ['groups', 'i32'], ['xStep', 'i32'], ['yStep', 'i32'], ['taps', 'i32']], [],
    [['p0', 'i32'], ['p1', 'i32'], ['p2', 'i32'], ['p3', 'i32'], ['q', 'i32'], ['r', 'i32'], ['gv', 'v128'], ['gs', 'f64'],
      ...outs.flatMap((o) => [[`a${o}`, 'v128'], [`b${o}`, 'v128'], [`s${o}`, 'f64']] as const)])
  const madd = (acc: string, p: string, offset: number): void => {
    if (fma) f.get(p).mem('v128.load', offset).get('gv').get(acc).op('f64x2.relaxed_madd').set(acc)
    else f.get(acc).get(p).mem('v128.load', offset).get('gv').op('f64x2.mul', 'f64x2.add').set(acc)
  }
  f.block(() => {
    f.get('groups').op('i32.eqz').brIf(0)
    f.loop(() => {
      f.get('x').set('p0').get('x', 'xStep').op('i32.add').set('p1').get('p1', 'xStep').op('i32.add').set('p2')
      f.get('p2', 'xStep').op('i32.add').set('p3').get('g').set('q').get('taps').set('r')
      f.f64(0).op('f64x2.splat')
      for (const o of outs) f.tee(`a${o}`).tee(`b${o}`)
      f.set('gv')
      for (const o of outs) f.f64(0).set(`s${o}`)
      f.block(() => {
        f.get('r').i32(8).op('i32.lt_s').brIf(0)
        f.loop(() => {
          for (const m of [0, 1, 2, 3]) {
            f.get('q').mem('v128.load', 16 * m).set('gv')
            for (const o of outs) madd(m % 2 === 0 ? `a${o}` : `b${o}`, `p${o}`, 16 * m)
          }
          for (const o of outs) f.inc(`p${o}`, 64)
          f.inc('q', 64).inc('r', -8)
          f.get('r').i32(8).op('i32.ge_s').brIf(0)
        })
      })
      f.block(() => {
        f.get('r').op('i32.eqz').brIf(0)
        f.loop(() => {
          f.get('q').mem('f64.load').set('gs')
          for (const o of outs) f.get(`s${o}`).get(`p${o}`).mem('f64.load').get('gs').op('f64.mul', 'f64.add').set(`s${o}`).inc(`p${o}`, 8)
          f.inc('q', 8).inc('r', -1).get('r').brIf(0)
        })
      })
      for (const o of outs) {
        f.get('y').get(`a${o}`).get(`b${o}`).op('f64x2.add').tee('gv').lane(0).get('gv').lane(1).op('f64.add').get(`s${o}`).op('f64.add')
        f.mem('f64.store').get('y', 'yStep').op('i32.add').set('y')
      }
      f.get('x', 'xStep').op('i32.add').get('xStep').op('i32.add').get('xStep').op('i32.add').get('xStep').op('i32.add').set('x')
      f.inc('groups', -1).get('groups').brIf(0)
    })
  })
  return f
}

/**
 * scanRuns(ptr, n, base, clipLen, state, cand, capacity) → samples consumed. State (bytes):
 * 0 runStart i32, 4 candidate count i32, 8 runValue, 16 min, 24 max (f64). A run of ≥ clipLen
 * identical values that ends is written to cand as (start, end, value) f64 triples; when
 * `capacity` are stored the scan stops early so the caller can drain them. min/max turn NaN
 * or ±Infinity when a sample is not finite (f64.min/max propagate NaN).
 *
 * Four samples at a time when none equals its predecessor (the usual case for a noisy
 * signal): then only the run before them can end, and the last of them starts a new one.
 * That path keeps min/max with pmin/pmax (single instructions that ignore NaN) and flags
 * NaN/±Infinity through a checksum Σ(x − x), which is +0 exactly when all are finite and is
 * added to min at the end.
 */
export function scanKernel(): Fn {
  const f = new Fn('scanRuns', [['ptr', 'i32'], ['n', 'i32'], ['base', 'i32'], ['clipLen', 'i32'], ['state', 'i32'], ['cand', 'i32'], ['capacity', 'i32']], ['i32'],
    [['i', 'i32'], ['v', 'f64'], ['runStart', 'i32'], ['runValue', 'f64'], ['mn', 'f64'], ['mx', 'f64'], ['cnt', 'i32'], ['g', 'i32'], ['a', 'i32'],
      ['va', 'v128'], ['vb', 'v128'], ['vc', 'v128'], ['vd', 'v128'], ['vmin', 'v128'], ['vmax', 'v128'], ['vcheck', 'v128']])
  /** Stores the run runStart … g (value runValue) as a candidate; leaves via `exitDepth` when full. */
  const candidate = (exitDepth: number): void => {
    f.get('cnt', 'capacity').op('i32.ge_s').brIf(exitDepth) // full: leave, resume here next call
    f.get('cand').get('cnt').i32(24).op('i32.mul', 'i32.add').set('a')
    f.get('a').get('runStart').op('f64.convert_i32_s').mem('f64.store', 0)
    f.get('a').get('g').op('f64.convert_i32_s').mem('f64.store', 8)
    f.get('a').get('runValue').mem('f64.store', 16)
    f.inc('cnt', 1)
  }
  f.get('state').mem('i32.load', 0).set('runStart').get('state').mem('i32.load', 4).set('cnt')
  f.get('state').mem('f64.load', 8).set('runValue').get('state').mem('f64.load', 16).set('mn').get('state').mem('f64.load', 24).set('mx')
  f.f64(Infinity).op('f64x2.splat').set('vmin').f64(-Infinity).op('f64x2.splat').set('vmax').f64(0).op('f64x2.splat').set('vcheck')
  f.block(() => {
    f.loop(() => {
      f.get('i', 'n').op('i32.ge_s').brIf(1)
      // fast path for x[i … i+3] when 1 ≤ i and i + 4 ≤ n
      f.get('i').i32(1).op('i32.ge_s').get('i').i32(4).op('i32.add').get('n').op('i32.le_s').op('i32.and')
      f.if(() => {
        f.get('ptr').get('i').i32(3).op('i32.shl', 'i32.add').set('a')
        f.get('a').mem('v128.load', 0).set('vb') // x[i], x[i+1]
        f.get('a').mem('v128.load', 16).set('vd') // x[i+2], x[i+3]
        f.get('a').i32(8).op('i32.sub').mem('v128.load', 0).set('va') // x[i−1], x[i]
        f.get('a').mem('v128.load', 8).set('vc') // x[i+1], x[i+2]
        f.get('va', 'vb').op('f64x2.eq').get('vc', 'vd').op('f64x2.eq', 'v128.or', 'v128.any_true', 'i32.eqz')
        f.if(() => {
          f.get('base', 'i').op('i32.add').tee('g').get('runStart').op('i32.sub').get('clipLen').op('i32.ge_s')
          f.if(() => candidate(4))
          f.get('vmin').get('vb', 'vd').op('f64x2.pmin', 'f64x2.pmin').set('vmin')
          f.get('vmax').get('vb', 'vd').op('f64x2.pmax', 'f64x2.pmax').set('vmax')
          f.get('vcheck').get('vb', 'vb').op('f64x2.sub').get('vd', 'vd').op('f64x2.sub', 'f64x2.add', 'f64x2.add').set('vcheck')
          f.get('g').i32(3).op('i32.add').set('runStart').get('vd').lane(1).set('runValue')
          f.inc('i', 4).br(2)
        })
      })
      // one sample
      f.get('ptr').get('i').i32(3).op('i32.shl', 'i32.add').mem('f64.load').tee('v').get('runValue').op('f64.ne')
      f.if(() => {
        f.get('base', 'i').op('i32.add').tee('g').get('runStart').op('i32.sub').get('clipLen').op('i32.ge_s')
        f.if(() => candidate(3))
        f.get('g').set('runStart').get('v').set('runValue')
        f.get('mn', 'v').op('f64.min').set('mn').get('mx', 'v').op('f64.max').set('mx')
      })
      f.inc('i', 1).br(0)
    })
  })
  f.get('mn').get('vmin').lane(0).op('f64.min').get('vmin').lane(1).op('f64.min')
  f.get('vcheck').lane(0).op('f64.add').get('vcheck').lane(1).op('f64.add').set('mn') // + 0, or NaN
  f.get('mx').get('vmax').lane(0).op('f64.max').get('vmax').lane(1).op('f64.max').set('mx')
  f.get('state', 'runStart').mem('i32.store', 0).get('state', 'cnt').mem('i32.store', 4)
  f.get('state', 'runValue').mem('f64.store', 8).get('state', 'mn').mem('f64.store', 16).get('state', 'mx').mem('f64.store', 24)
  f.get('i')
  return f
}

/** sos2(ptr, n, step, section 1 b0 b1 b2 a1 a2, section 2 …, states z0 z1 w0 w1), in place. */
export function sosKernel(): Fn {
  const coef = ['b0', 'b1', 'b2', 'a1', 'a2', 'c0', 'c1', 'c2', 'd1', 'd2', 'z0', 'z1', 'w0', 'w1'] as const
  const f = new Fn('sos2', [['ptr', 'i32'], ['n', 'i32'], ['step', 'i32'], ...coef.map((c) => [c, 'f64'] as const)], [],
    [['x', 'f64'], ['u', 'f64'], ['out', 'f64']])
  f.block(() => {
    f.get('n').op('i32.eqz').brIf(0)
    f.loop(() => {
      f.get('ptr').mem('f64.load').set('x')
      f.get('b0', 'x').op('f64.mul').get('z0').op('f64.add').set('u') // u = b0·x + z0
      f.get('b1', 'x').op('f64.mul').get('a1', 'u').op('f64.mul', 'f64.sub').get('z1').op('f64.add').set('z0')
      f.get('b2', 'x').op('f64.mul').get('a2', 'u').op('f64.mul', 'f64.sub').set('z1')
      f.get('c0', 'u').op('f64.mul').get('w0').op('f64.add').set('out')
      f.get('c1', 'u').op('f64.mul').get('d1', 'out').op('f64.mul', 'f64.sub').get('w1').op('f64.add').set('w0')
      f.get('c2', 'u').op('f64.mul').get('d2', 'out').op('f64.mul', 'f64.sub').set('w1')
      f.get('ptr', 'out').mem('f64.store')
      f.get('ptr', 'step').op('i32.add').set('ptr')
      f.inc('n', -1).get('n').brIf(0)
    })
  })
  return f
}

/**
 * partition(ptr, k, left, right) → j: one partitioning step of Floyd & Rivest's SELECT around
 * t = a[k] (zscore.ts drives the steps and the sampling; this is the O(n) part). Same
 * algorithm and element moves as partitionJs in zscore.ts.
 */
export function partitionKernel(): Fn {
  const f = new Fn('partition', [['ptr', 'i32'], ['k', 'i32'], ['left', 'i32'], ['right', 'i32']], ['i32'],
    [['i', 'i32'], ['j', 'i32'], ['t', 'f64'], ['u', 'f64']])
  const addr = (idx: string): Fn => f.get('ptr').get(idx).i32(3).op('i32.shl', 'i32.add')
  const load = (idx: string): Fn => addr(idx).mem('f64.load')
  const swap = (p: string, q: string): void => {
    load(p).set('u')
    addr(p); load(q).mem('f64.store')
    addr(q).get('u').mem('f64.store')
  }
  load('k').set('t')
  f.get('left').set('i').get('right').set('j')
  swap('left', 'k')
  load('right').get('t').op('f64.gt')
  f.if(() => swap('left', 'right'))
  f.block(() => {
    f.loop(() => {
      f.get('i', 'j').op('i32.ge_s').brIf(1)
      swap('i', 'j')
      f.inc('i', 1).inc('j', -1)
      f.loop(() => {
        load('i').get('t').op('f64.lt')
        f.if(() => void f.inc('i', 1).br(1))
      })
      f.loop(() => {
        load('j').get('t').op('f64.gt')
        f.if(() => void f.inc('j', -1).br(1))
      })
      f.br(0)
    })
  })
  load('left').get('t').op('f64.eq')
  f.if(() => swap('left', 'j'), () => {
    f.inc('j', 1)
    swap('j', 'right')
  })
  f.get('j')
  return f
}

/** Neumaier-compensated sum of a[0…n) (or of (a − mean)² for sumSqDev). */
export function sumKernel(squares: boolean): Fn {
  const params: [string, 'i32' | 'f64'][] = [['ptr', 'i32'], ['n', 'i32']]
  if (squares) params.push(['mean', 'f64'])
  const f = new Fn(squares ? 'sumSqDev' : 'sum', params, ['f64'], [['s', 'f64'], ['c', 'f64'], ['v', 'f64'], ['t', 'f64']])
  f.block(() => {
    f.get('n').op('i32.eqz').brIf(0)
    f.loop(() => {
      f.get('ptr').mem('f64.load')
      if (squares) f.get('mean').op('f64.sub').tee('v').get('v').op('f64.mul')
      f.set('v')
      f.get('s', 'v').op('f64.add').set('t')
      // c += |s| ≥ |v| ? (s − t) + v : (v − t) + s
      f.get('c')
      f.get('s', 't').op('f64.sub').get('v').op('f64.add')
      f.get('v', 't').op('f64.sub').get('s').op('f64.add')
      f.get('s').op('f64.abs').get('v').op('f64.abs').op('f64.ge', 'select', 'f64.add').set('c')
      f.get('t').set('s')
      f.inc('ptr', 8).inc('n', -1).get('n').brIf(0)
    })
  })
  f.get('s', 'c').op('f64.add')
  return f
}

export function zscoreKernel(): Fn {
  const f = new Fn('zscoreF32', [['src', 'i32'], ['dst', 'i32'], ['n', 'i32'], ['mean', 'f64'], ['inv', 'f64']], [])
  f.block(() => {
    f.get('n').op('i32.eqz').brIf(0)
    f.loop(() => {
      f.get('dst').get('src').mem('f64.load').get('mean').op('f64.sub').get('inv').op('f64.mul', 'f32.demote_f64').mem('f32.store')
      f.inc('src', 8).inc('dst', 4).inc('n', -1).get('n').brIf(0)
    })
  })
  return f
}

export function orBytesKernel(): Fn {
  const f = new Fn('orBytes', [['ptr', 'i32'], ['n', 'i32']], ['i32'], [['acc', 'i32']])
  f.block(() => {
    f.get('n').op('i32.eqz').brIf(0)
    f.loop(() => {
      f.get('acc').get('ptr').mem('i32.load8_u').op('i32.or').set('acc')
      f.inc('ptr', 1).inc('n', -1).get('n').brIf(0)
    })
  })
  f.get('acc')
  return f
}
