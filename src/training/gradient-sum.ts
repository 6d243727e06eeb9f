/**
 * Sums the passes' gradients of one step in pass order, in float32, whoever computed them. Float
 * addition is not associative, so summing in any order that depends on the number of workers would
 * make the trained weights depend on it; one fixed order makes them bit-identical for any number.
 * (A float32 sum taken in double and stored into a Float32Array equals IEEE float32 addition:
 * double has more than 2·24 + 2 bits, so the double rounding is innocuous.)
 */

/** Σ over passes (in order) of each variable's gradient; `passes[p][v]` is pass p's gradient of variable v. */
export function sumPassGradients(passes: readonly (readonly Float32Array[])[]): Float32Array[] {
  const first = passes[0]
  if (first === undefined) throw new Error('a training step needs at least one pass')
  const sums = first.map((g) => Float32Array.from(g))
  for (let p = 1; p < passes.length; p++) {
    const pass = passes[p]!
    if (pass.length !== sums.length) throw new Error(`pass ${p} has ${pass.length} gradients, the first ${sums.length}`)
    for (let v = 0; v < sums.length; v++) {
      const acc = sums[v]!
      const g = pass[v]!
      if (g.length !== acc.length) throw new Error(`pass ${p}: gradient ${v} has ${g.length} values, expected ${acc.length}`)
      for (let i = 0; i < acc.length; i++) acc[i]! += g[i]!
    }
  }
  return sums
}

/** Σ of the passes' loss values in pass order, in float32. */
export function sumPassValues(values: readonly number[]): number {
  const acc = new Float32Array(1)
  for (const v of values) acc[0]! += v
  return acc[0]!
}
