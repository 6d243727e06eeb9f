/**
 * `ecg-ssl run` as a user runs it, killed with SIGKILL mid-way (no chance to clean up): none of
 * its helper processes or data-parallel workers outlives it by more than 3 s, `ecg-ssl runs` shows
 * it interrupted and `ecg-ssl resume` finishes it with exactly the results of an uninterrupted run
 * of the same config.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { presetConfig } from '../../src/contracts/presets.js'
import { ensureDemoDataset } from '../../src/services/demo-service.js'
import { openStore } from '../../src/store/store.js'
import { descendants, running } from '../helpers/processes.js'
import { ensureBuilt, spawnCli } from './cli-helpers.js'

let dir: string
let configFile: string

async function demoStore(file: string): Promise<void> {
  const store = openStore(file)
  await ensureDemoDataset(store, 'demo', { subjects: 4, trialsPerSubject: 4, trialSeconds: 2, seed: 5 }, { preprocess: { windowSeconds: 0.5 } })
  store.close()
}

describe('ecg-ssl run / runs / resume', () => {
  beforeAll(() => {
    ensureBuilt()
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecg-run-cli-'))
    const c = presetConfig('quick', 'cli run', [{ name: 'demo', tasks: [{ label: 'valence', binarisation: 'midpoint' }] }])
    const config = {
      // two cores: data-parallel pretext workers and a helper process for the end-to-end folds
      ...c, seed: 4, backend: 'wasm', processes: 2, maxWindowsPerDataset: 0,
      transforms: { ...c.transforms, permutePieces: 4, warpPieces: 3 },
      pretext: { ...c.pretext, epochs: 4, batch: 16 },
      // fine-tuning keeps the helper process alive (waiting for the pretext model) while pretext trains
      evaluation: { ...c.evaluation, protocols: ['subject-kfold'], folds: 2, fractions: [1], methods: ['transfer', 'fine-tune'], classifier: { epochs: 2, batch: 16, learningRate: 1e-3 } },
    }
    configFile = path.join(dir, 'config.json')
    fs.writeFileSync(configFile, JSON.stringify(config))
  })
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

  it('a killed run leaves no process behind and resumes to the same results as an uninterrupted one', async () => {
    const straightDb = path.join(dir, 'straight.sqlite')
    await demoStore(straightDb)
    const straight = await spawnCli(['--db', straightDb, '--json', 'run', configFile])
    expect(straight.code, straight.stderr).toBe(0)
    const expected = JSON.parse(straight.stdout) as { run: { state: string }; results: unknown[] }
    expect(expected.run.state).toBe('done')
    expect(expected.results).toHaveLength(2)

    const killedDb = path.join(dir, 'killed.sqlite')
    await demoStore(killedDb)
    let left: number[] = []
    let killedAt = 0
    const killed = await spawnCli(['--db', killedDb, 'run', configFile], {}, (child) => {
      // SIGKILL in the middle of a step once two pretext epochs are stored
      const timer = setInterval(() => {
        const store = openStore(killedDb)
        const n = store.db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM run_epochs').get()?.n ?? 0
        store.close()
        if (n >= 2) {
          clearInterval(timer)
          left = descendants(child.pid!)
          killedAt = Date.now()
          child.kill('SIGKILL')
        }
      }, 200)
      child.on('close', () => clearInterval(timer))
    })
    expect(killed.code).not.toBe(0)
    // the helper process of the end-to-end folds was running, and is gone within 3 s
    expect(left.length).toBeGreaterThan(0)
    while (left.some(running) && Date.now() - killedAt < 3000) await new Promise((r) => setTimeout(r, 100))
    expect(left.filter(running)).toEqual([])
    const listed = await spawnCli(['--db', killedDb, '--json', 'runs'])
    const runs = JSON.parse(listed.stdout) as { id: number; state: string }[]
    expect(runs[0]!.state).toBe('interrupted')
    const human = await spawnCli(['--db', killedDb, 'runs'])
    expect(human.stdout).toContain('interrupted (ecg-ssl resume 1)')

    const resumed = await spawnCli(['--db', killedDb, '--json', 'resume', '1'])
    expect(resumed.code, resumed.stderr).toBe(0)
    const got = JSON.parse(resumed.stdout) as typeof expected
    expect(got.results).toEqual(expected.results)

    const again = await spawnCli(['--db', killedDb, 'resume', '1'])
    expect(again.code).toBe(1)
    expect(again.stderr).toBe('error: Run 1 is already complete; start a new run to train again.\n')
  }, 600_000)

  it('refuses a config file that is not valid JSON, in one line', async () => {
    const bad = path.join(dir, 'bad.json')
    fs.writeFileSync(bad, '{ "name": ')
    const r = await spawnCli(['--db', path.join(dir, 'x.sqlite'), 'run', bad])
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/^error: The config file .*bad\.json is not valid JSON \(.*\); fix it and try again\.\n$/)
  })
})
