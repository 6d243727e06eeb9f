/**
 * A seeded generator of realistic single-lead ECG whose heart rate, heart-rate variability and
 * wave amplitudes follow a trial's arousal and valence, for the demo dataset of issue 3 §7.
 *
 * The model follows ECGSYN (McSharry, Clifford, Tarassenko & Smith, "A dynamical model for
 * generating synthetic electrocardiogram signals", IEEE TBME 50(3), 2003):
 * - each beat is a sum of five Gaussians P, Q, R, S, T placed at phase angles around the R peak,
 *   the angles and widths scaled by √RR (Bazett-like, as ECGSYN's hrfact) so that QT shortens
 *   when the heart speeds up;
 * - the RR tachogram has ECGSYN's bimodal spectrum: a Mayer-wave (LF, ~0.1 Hz) and a respiratory
 *   (HF, ~0.25 Hz) Gaussian peak, realised as sinusoids with random phases (the inverse-FFT
 *   construction of ECGSYN written as an explicit sum);
 * - respiration also moves the baseline and modulates the amplitude a little; white noise on top.
 *
 * Affect effects (documented numbers; large enough to learn from 10 s windows):
 * - heart rate: +AROUSAL_BPM_PER_POINT bpm per arousal point above 5 (3.5 bpm: arousal 9 → +14,
 *   arousal 1 → −14 bpm around the subject's resting rate of 62–76 bpm);
 * - HRV: the HF (respiratory) standard deviation is multiplied by exp(−0.18·(arousal − 5))
 *   (vagal withdrawal under arousal: ×0.49 at 9, ×2.05 at 1), the LF one by exp(+0.05·(arousal − 5));
 * - T wave: amplitude × (1 + 0.2·(valence − 5)) (×1.8 at valence 9, ×0.2 at 1); R amplitude
 *   × (1 + AROUSAL_R_PER_POINT·(arousal − 5)) (×1.32 at arousal 9, ×0.68 at 1).
 * Each subject's morphology (amplitudes, widths, angles, hence QT) is drawn once from the
 * subject's seed, so windows of one subject resemble each other more than other subjects' do.
 */
import { seededNormal, seededUniform } from '../signal/synthetic-ecg.js'

/** Heart-rate change per arousal point above the scale's middle (5), in bpm. */
export const AROUSAL_BPM_PER_POINT = 3.5
/** Relative T-wave amplitude change per valence point above 5. */
export const VALENCE_T_PER_POINT = 0.2
/** Relative R-wave amplitude change per arousal point above 5. */
export const AROUSAL_R_PER_POINT = 0.08
/** Log change of the HF (respiratory) RR standard deviation per arousal point above 5. */
export const AROUSAL_HF_LOG_PER_POINT = -0.18

/** One Gaussian wave of the beat: angle (rad, R at 0) and width (rad) at 60 bpm, amplitude (mV). */
export interface WaveShape {
  readonly angle: number
  readonly width: number
  readonly amplitude: number
}

/** A subject's fixed traits: wave shapes P, Q, R, S, T and resting heart rate and variability. */
export interface SubjectMorphology {
  readonly waves: readonly [WaveShape, WaveShape, WaveShape, WaveShape, WaveShape]
  readonly restingHr: number
  /** RR standard deviations (s) of the LF and HF components at arousal 5. */
  readonly lfSd: number
  readonly hfSd: number
  /** Respiratory rate in Hz (centre of the HF peak). */
  readonly respHz: number
}

/** What one trial asks of the generator. */
export interface TrialSpec {
  readonly arousal: number
  readonly valence: number
  readonly seconds: number
  readonly fs: number
  /** Seed of this trial's stochastic parts (tachogram phases, noise). */
  readonly seed: number
}

/** Derived trial parameters, exported so tests can compare the signal with the intention. */
export interface TrialParams {
  readonly meanHr: number
  readonly lfSd: number
  readonly hfSd: number
  readonly tScale: number
  readonly rScale: number
}

/** A 32-bit hash of a few integers, so (seed, subject, trial) give independent streams. */
export function mixSeed(...parts: readonly number[]): number {
  let h = 0x811c9dc5
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x01000193)
    h ^= h >>> 15
    h = Math.imul(h, 0x2c1b3c6d)
    h ^= h >>> 12
  }
  return h >>> 0
}

/**
 * Draws a subject's morphology. Angles and widths are centred on ECGSYN's Table 1 (angles −70°,
 * −15°, 0°, 15°, 100°; widths 0.25, 0.1, 0.1, 0.1, 0.4 rad). ECGSYN's a_i drive dz/dt and are not
 * wave heights, so the heights here are set directly in mV (R 1.0–1.4 mV, T 0.16–0.24 R). Each is
 * varied per subject so that templates differ visibly (a deep S in one, a broad late T in another).
 */
export function drawSubjectMorphology(seed: number): SubjectMorphology {
  const u = seededUniform(mixSeed(seed, 0x5ab1ec7))
  const between = (lo: number, hi: number): number => lo + (hi - lo) * u()
  const deg = Math.PI / 180
  // R 1.0–1.4 mV: subjects differ in R less than arousal moves it (learnable across subjects)
  const r = between(1.0, 1.4)
  return {
    waves: [
      { angle: between(-85, -55) * deg, width: between(0.15, 0.35), amplitude: between(0.05, 0.25) },
      { angle: between(-18, -10) * deg, width: between(0.06, 0.12), amplitude: -between(0, 0.25) },
      { angle: 0, width: between(0.07, 0.16), amplitude: r },
      { angle: between(10, 22) * deg, width: between(0.06, 0.16), amplitude: -between(0.05, 0.6) },
      // T 0.16–0.24 R (at most 0.44 R at valence 9) so that R stays the tallest wave for every
      // subject, and subjects differ less in T than valence moves it (the demo's valence is learnable
      // across subjects)
      { angle: between(85, 135) * deg, width: between(0.25, 0.6), amplitude: r * between(0.16, 0.24) },
    ],
    restingHr: between(62, 76),
    lfSd: between(0.025, 0.04),
    hfSd: between(0.018, 0.03),
    respHz: between(0.2, 0.3),
  }
}

/** The trial's mean heart rate, HRV component sizes and amplitude scales (see module notes). */
export function trialParams(subject: SubjectMorphology, arousal: number, valence: number): TrialParams {
  const a = arousal - 5
  return {
    meanHr: subject.restingHr + AROUSAL_BPM_PER_POINT * a,
    lfSd: subject.lfSd * Math.exp(0.05 * a),
    hfSd: subject.hfSd * Math.exp(AROUSAL_HF_LOG_PER_POINT * a),
    tScale: 1 + VALENCE_T_PER_POINT * (valence - 5),
    rScale: 1 + AROUSAL_R_PER_POINT * a,
  }
}

/** A sum of random-phase sinusoids with a Gaussian spectral peak, normalised to sd `sd`. */
function spectralPeak(rand: () => number, centreHz: number, spreadHz: number, sd: number): (t: number) => number {
  const freqs: number[] = []
  const amps: number[] = []
  const phases: number[] = []
  let power = 0
  for (let f = centreHz - 3 * spreadHz; f <= centreHz + 3 * spreadHz; f += spreadHz / 6) {
    if (f <= 0) continue
    const p = Math.exp(-((f - centreHz) ** 2) / (2 * spreadHz * spreadHz))
    freqs.push(f)
    amps.push(Math.sqrt(p))
    phases.push(2 * Math.PI * rand())
    power += p / 2
  }
  const k = sd / Math.sqrt(power)
  return (t) => {
    let s = 0
    for (let j = 0; j < freqs.length; j++) s += amps[j]! * Math.cos(2 * Math.PI * freqs[j]! * t + phases[j]!)
    return k * s
  }
}

/** R-peak times (s) of a trial: RR(t) = mean + LF(t) + HF(t), sampled beat by beat. */
export function beatTimes(subject: SubjectMorphology, params: TrialParams, seconds: number, seed: number): number[] {
  const rand = seededUniform(mixSeed(seed, 0x7ac40))
  const lf = spectralPeak(rand, 0.1, 0.01, params.lfSd)
  const hf = spectralPeak(rand, subject.respHz, 0.01, params.hfSd)
  const meanRr = 60 / params.meanHr
  const times: number[] = []
  // start up to one beat before 0 so the first window does not always begin on an R peak
  let t = -meanRr * rand()
  while (t < seconds + 1) {
    times.push(t)
    t += Math.max(0.3, meanRr + lf(t) + hf(t))
  }
  return times
}

/** Generates one trial of ECG in mV at spec.fs. Deterministic in (subject, spec). */
export function generateAffectEcg(subject: SubjectMorphology, spec: TrialSpec): Float64Array {
  const { fs, seconds } = spec
  const n = Math.round(seconds * fs)
  const x = new Float64Array(n)
  const params = trialParams(subject, spec.arousal, spec.valence)
  const beats = beatTimes(subject, params, seconds, spec.seed)
  const respPhase = 2 * Math.PI * seededUniform(mixSeed(spec.seed, 0x4e59))()
  const resp = (t: number): number => Math.sin(2 * Math.PI * subject.respHz * t + respPhase)
  const scales = [1, 1, params.rScale, 1, params.tScale]
  for (let k = 0; k < beats.length; k++) {
    const b = beats[k]!
    const rr = (beats[k + 1] ?? b + 60 / params.meanHr) - b
    const stretch = Math.sqrt(rr) // ECGSYN's √(RR) scaling of angles and widths (1 at 60 bpm)
    const ampMod = 1 + 0.05 * resp(b) // respiratory amplitude modulation, as in ECGSYN
    subject.waves.forEach((w, i) => {
      const centre = b + (w.angle / (2 * Math.PI)) * stretch
      const sd = (w.width / (2 * Math.PI)) * stretch
      const amp = w.amplitude * scales[i]! * ampMod
      const lo = Math.max(0, Math.ceil((centre - 5 * sd) * fs))
      const hi = Math.min(n, Math.ceil((centre + 5 * sd) * fs))
      const c = -0.5 / (sd * sd)
      for (let s = lo; s < hi; s++) {
        const d = s / fs - centre
        x[s] = x[s]! + amp * Math.exp(c * d * d)
      }
    })
  }
  // baseline wander (respiration + a slow drift) and white noise, ~0.15 mV and 0.02 mV
  const normal = seededNormal(mixSeed(spec.seed, 0x9015e))
  const driftPhase = 2 * Math.PI * seededUniform(mixSeed(spec.seed, 0xd41f7))()
  for (let s = 0; s < n; s++) {
    const t = s / fs
    x[s] = x[s]! + 0.1 * resp(t) + 0.08 * Math.sin(2 * Math.PI * 0.04 * t + driftPhase) + 0.02 * normal()
  }
  return x
}
