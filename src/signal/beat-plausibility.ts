/**
 * How sure are the R peaks of a window? Beats whose RR interval does not fit its neighbours are
 * marked uncertain, and a window whose beat-to-beat rate varies beyond physiology gets one plain
 * sentence, so an annotator knows where to look (window review draws both; src/services
 * delivers them with each window's detail).
 *
 * The rule, for each RR interval (beat k-1 → beat k, "beat k's RR"):
 * - its instantaneous rate 60/RR lies outside PLAUSIBLE_BPM, or
 * - its ratio to the median of its up to four nearest neighbouring intervals (two before, two
 *   after) lies outside RR_RATIO = [0.6, 1.6].
 * Where it comes from: editing RR series by comparing each interval with its neighbours is the
 * classic artefact filter of heart-rate-variability analysis — Malik et al. 1989 (Med Biol Eng
 * Comput 27:603, an interval differing by more than 20 % from the previous one is not a normal
 * beat) and, with a robust local median as reference, Lipponen & Tarvainen 2019 (J Med Eng
 * Technol 43:173, the method of Kubios HRV). The 20 % of HRV editing also removes ectopic beats,
 * which are real; here only detector errors and signal faults should stand out, so the bounds sit
 * between what those produce and what a heart does: a missed beat doubles an interval (ratio
 * ≈ 2) and a false detection (a T wave, a spike) splits one (ratio ≤ ≈ 0.5), while respiratory
 * sinus arrhythmia changes RR by well under 40 % from beat to beat. A premature beat with a very
 * short coupling interval can fall below 0.6 too: worth a look as well.
 */

/** Beats per minute a human ECG stays within, at rest or at its hardest. */
export const PLAUSIBLE_BPM = { min: 30, max: 220 } as const
/** Bounds of an RR interval over the median of its neighbours (see the file comment). */
export const RR_RATIO = { min: 0.6, max: 1.6 } as const
/** Neighbouring intervals on each side that make an interval's reference. */
const NEIGHBOURS_EACH_SIDE = 2
/** A window at least this long with fewer than two beats has a rate under 30 bpm, or missed beats. */
const MIN_SECONDS_FOR_TWO_BEATS = 4

/** What the beat check says about one window's R peaks. */
export interface BeatCheck {
  /** Positions in the peak list of the beats whose RR interval is implausible, ascending. */
  readonly uncertain: number[]
  /** Slowest and fastest beat-to-beat rate, bpm; null with fewer than two beats. */
  readonly minBpm: number | null
  readonly maxBpm: number | null
  /** One sentence when the beat-to-beat rate varies beyond physiology (or beats are missing), else null. */
  readonly warning: string | null
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b)
  const mid = s.length >> 1
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2
}

/** True when RR interval k of `rr` (seconds) is implausible by itself or next to its neighbours. */
function implausible(rr: readonly number[], k: number): boolean {
  const bpm = 60 / rr[k]!
  if (bpm < PLAUSIBLE_BPM.min || bpm > PLAUSIBLE_BPM.max) return true
  const around: number[] = []
  for (let j = k - NEIGHBOURS_EACH_SIDE; j <= k + NEIGHBOURS_EACH_SIDE; j++) if (j !== k && j >= 0 && j < rr.length) around.push(rr[j]!)
  if (around.length === 0) return false
  const ratio = rr[k]! / median(around)
  return ratio < RR_RATIO.min || ratio > RR_RATIO.max
}

/**
 * Checks the ascending R-peak sample indices `peaks` of a window of `samples` samples at `fs` Hz:
 * which beats are uncertain, the beat-to-beat rate range, and a sentence when the rate varies
 * beyond physiology.
 */
export function checkBeats(peaks: readonly number[], fs: number, samples: number): BeatCheck {
  if (peaks.length < 2) {
    const seconds = samples / fs
    const warning = seconds >= MIN_SECONDS_FOR_TWO_BEATS ? `${peaks.length === 0 ? 'No R peak' : 'Only one R peak'} found in ${seconds.toFixed(0)} s: check the R peaks or the signal.` : null
    return { uncertain: [], minBpm: null, maxBpm: null, warning }
  }
  const rr: number[] = []
  for (let k = 1; k < peaks.length; k++) rr.push((peaks[k]! - peaks[k - 1]!) / fs)
  const uncertain: number[] = []
  rr.forEach((_, k) => {
    // interval k ends at beat k + 1: that beat's RR is the implausible one
    if (implausible(rr, k)) uncertain.push(k + 1)
  })
  const minBpm = 60 / Math.max(...rr)
  const maxBpm = 60 / Math.min(...rr)
  const warning = uncertain.length === 0 ? null : `Beat-to-beat rate jumps from ${Math.round(minBpm)} to ${Math.round(maxBpm)} bpm: check the R peaks or the signal.`
  return { uncertain, minBpm, maxBpm, warning }
}
