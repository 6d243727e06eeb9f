import { describe, expect, it } from 'vitest'
import { openTextSignal } from '../formats/text/index.js'
import { openWfdbRecord } from '../formats/wfdb/index.js'
import { syntheticEcg } from '../signal/synthetic-ecg.js'
import { sharedData } from '../../tests/helpers/shared-data.js'
import { beatPeriod, checkSamplingRate } from './rate-plausibility.js'

describe('sampling rate against the heart rate it implies', () => {
  const synthetic = syntheticEcg(300, 2048, 1) // 70 bpm at 2048 Hz

  it('is silent at the true rate of a synthetic ECG, MIT-BIH 100 and the BioSPPy recording', async () => {
    expect(checkSamplingRate(synthetic, 2048)).toBeUndefined()
    const mit = await (await openWfdbRecord(sharedData('wfdb/mitdb_100/100.hea'))).readChannel(0)
    expect(checkSamplingRate(mit, 360)).toBeUndefined()
    const biosppy = await (await openTextSignal(sharedData('text/biosppy_ecg.txt'))).readChannel(0)
    expect(checkSamplingRate(biosppy, 1000)).toBeUndefined()
    // The beat period in samples does not depend on the rate given: 60·360/74 bpm ≈ 292.
    expect(beatPeriod(mit, 360)).toBeGreaterThan(270)
    expect(beatPeriod(mit, 360)).toBeLessThan(310)
  })

  it('a 2048 Hz recording given as 256 Hz: about 9 bpm, and 2048 Hz would give about 70', () => {
    const warning = checkSamplingRate(synthetic, 256)
    expect(warning?.suggestion?.fs).toBe(2048)
    expect(warning?.message).toBe(
      'At 256 Hz the heart rate of the ECG would be about 9 bpm (below 30 bpm), which is implausible for a human ECG; at 2048 Hz it would be about 70 bpm. Check the sampling rate, unless the recording is of an animal or a newborn, whose heart rates differ.',
    )
  })

  it('too high and too low a rate for MIT-BIH 100 (360 Hz) both point back to 360 Hz', async () => {
    const mit = await (await openWfdbRecord(sharedData('wfdb/mitdb_100/100.hea'))).readChannel(0)
    const high = checkSamplingRate(mit, 2048, "channel 'MLII'")
    expect(high?.message).toMatch(/^At 2048 Hz the heart rate of channel 'MLII' would be about 4\d\d bpm \(above 220 bpm\), .*; at 360 Hz it would be about 7\d bpm\./)
    const low = checkSamplingRate(mit, 100)
    expect(low?.message).toMatch(/^At 100 Hz the heart rate of the ECG would be about 2\d bpm \(below 30 bpm in 2\d of its first 30 10-second windows\), .*; at 360 Hz it would be about 7\d bpm\./)
  })

  it('says nothing for noise, a flat line or a signal shorter than a window', () => {
    let seed = 7
    const noise = Float64Array.from({ length: 60_000 }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) - 0.5)
    expect(beatPeriod(noise, 500)).toBeUndefined()
    expect(checkSamplingRate(new Float64Array(60_000), 500)).toBeUndefined()
    expect(checkSamplingRate(synthetic.subarray(0, 1000), 250)).toBeUndefined()
  })
})
