import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import * as tf from '@tensorflow/tfjs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hasNumpy, PYTHON } from '../../tests/helpers/python.js'
import { buildClassifierHead, buildTransferModel } from './classifiers.js'
import { buildPretextModel } from './pretext-model.js'
import { exportEncoderNpy, loadWeights, readWeightsManifest, saveWeights } from './weights-io.js'

let dir: string
beforeAll(async () => {
  await tf.setBackend('cpu')
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-weights-'))
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const values = (m: tf.LayersModel): number[][] => m.weights.map((w) => Array.from(w.read().dataSync()))

describe('weights io', () => {
  it('round-trips every weight exactly with the config', async () => {
    const config = { preset: 'sarkar2020', seed: 1, nested: { tasks: ['original', 'noise'] } }
    const a = buildPretextModel({ inputLength: 64, seed: 1 })
    const manifest = await saveWeights(path.join(dir, 'ckpt'), a.model, config)
    expect(manifest.weights).toHaveLength(12 + 7 * 6)
    expect(fs.statSync(path.join(dir, 'ckpt', 'weights.bin')).size).toBe(561_223 * 4)

    const b = buildPretextModel({ inputLength: 64, seed: 2 })
    expect(values(b.model)).not.toEqual(values(a.model))
    const before = tf.memory().numTensors
    const loaded = await loadWeights<typeof config>(path.join(dir, 'ckpt'), b.model)
    expect(tf.memory().numTensors).toBe(before)
    expect(loaded.config).toEqual(config)
    expect(values(b.model)).toEqual(values(a.model))
    expect((await readWeightsManifest(path.join(dir, 'ckpt'))).format).toBe('ecg-ssl-weights')
    a.model.dispose()
    b.model.dispose()
  })

  it('saves a transfer model (encoder + nested head) and refuses a mismatched one', async () => {
    const p = buildPretextModel({ inputLength: 64, seed: 3 })
    const head = buildClassifierHead({ dataset: 'AMIGOS', classes: 2, seed: 3 })
    const transfer = buildTransferModel(p.encoder, head)
    await saveWeights(path.join(dir, 'transfer'), transfer, {})
    const q = buildPretextModel({ inputLength: 64, seed: 4 })
    const head2 = buildClassifierHead({ dataset: 'AMIGOS', classes: 2, seed: 4 })
    const transfer2 = buildTransferModel(q.encoder, head2)
    await loadWeights(path.join(dir, 'transfer'), transfer2)
    expect(values(transfer2)).toEqual(values(transfer))
    const wrong = buildClassifierHead({ dataset: 'AMIGOS', classes: 3 })
    await expect(loadWeights(path.join(dir, 'transfer'), wrong)).rejects.toThrow(/weight output\/kernel: checkpoint shape \[512, 1\], model shape \[512, 3\]/)
    for (const m of [p.model, q.model, head, head2, wrong]) m.dispose()
  })

  it('exports the encoder as one float32 .npy per weight with NumPy 1.0 headers', async () => {
    const p = buildPretextModel({ inputLength: 64, seed: 5 })
    const out = path.join(dir, 'npy')
    const files = await exportEncoderNpy(out, p.encoder.model)
    expect(files.map((f) => f.file)).toEqual(
      ['conv1a', 'conv1b', 'conv2a', 'conv2b', 'conv3a', 'conv3b'].flatMap((l) => [`${l}_kernel.npy`, `${l}_bias.npy`]))
    const kernel = fs.readFileSync(path.join(out, 'conv1a_kernel.npy'))
    expect(kernel.subarray(0, 8)).toEqual(Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]))
    const headerLength = kernel.readUInt16LE(8)
    const header = kernel.subarray(10, 10 + headerLength).toString('latin1')
    expect(header).toMatch(/^\{'descr': '<f4', 'fortran_order': False, 'shape': \(32, 1, 32\), \} *\n$/)
    expect((10 + headerLength) % 64).toBe(0)
    const data = kernel.subarray(10 + headerLength)
    const expected = p.encoder.model.weights[0]?.read().dataSync() ?? new Float32Array()
    expect(data.length).toBe(expected.length * 4)
    expect(Array.from({ length: expected.length }, (_, i) => data.readFloatLE(i * 4))).toEqual(Array.from(expected))
    const bias = fs.readFileSync(path.join(out, 'conv3b_bias.npy'))
    expect(bias.subarray(10, 10 + bias.readUInt16LE(8)).toString('latin1')).toContain("'shape': (128,)")
    expect(JSON.parse(fs.readFileSync(path.join(out, 'encoder-weights.json'), 'utf8'))).toHaveProperty('files')

    if (hasNumpy) {
      const script = 'import numpy, sys; a = numpy.load(sys.argv[1]); print(a.dtype, a.shape, repr(float(a[3, 0, 7])))'
      const printed = execFileSync(PYTHON, ['-c', script, path.join(out, 'conv1a_kernel.npy')], { encoding: 'utf8' }).trim()
      const w = p.encoder.model.weights[0]?.read() as tf.Tensor3D
      const v = (w.arraySync()[3]?.[0]?.[7]) ?? NaN
      expect(printed.split(' ').slice(0, 4).join(' ')).toBe('float32 (32, 1, 32)')
      expect(Number(printed.split(' ')[4])).toBe(v)
    }
    p.model.dispose()
  })
})
