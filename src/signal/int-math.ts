/**
 * ⌊a / b⌋ for integers a and b > 0 held in doubles, exact also where the float quotient a/b
 * rounds across an integer (large index arithmetic in resampling and mask mapping).
 */
export function floorDiv(a: number, b: number): number {
  let q = Math.floor(a / b)
  if (q * b > a) q -= 1
  else if ((q + 1) * b <= a) q += 1
  return q
}
