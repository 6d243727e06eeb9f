/** How a run shares its cores between its processes and their data-parallel workers. */
import { describe, expect, it } from 'vitest'
import type { ExperimentPlan } from '../training/experiment-plan.js'
import { endToEndWorkersFor, pretextWorkersFor, runCores, runProcesses } from './estimate-service.js'

function plan(transfer: number, endToEnd: number): ExperimentPlan {
  const unit = (method: string) => ({ method }) as unknown as ExperimentPlan['units'][number]
  return { variants: [], labels: [], warnings: [], units: [...Array.from({ length: transfer }, () => unit('transfer')), ...Array.from({ length: endToEnd }, () => unit('baseline'))] }
}

describe('a run\'s cores', () => {
  it('one helper per end-to-end fold the other cores can take, each step shared by the cores left to it', () => {
    expect(runCores('wasm', 2)).toBe(2)
    expect(pretextWorkersFor('wasm', 8)).toBe(8)
    // 2 cores, many folds: the run's process and one helper, one worker each (as before)
    expect(runProcesses(plan(4, 16), 'wasm', 2)).toBe(2)
    expect(endToEndWorkersFor(plan(4, 16), 'wasm', 2)).toBe(1)
    // 16 cores, 3 end-to-end folds: three helpers, each step shared by five workers
    expect(runProcesses(plan(4, 3), 'wasm', 16)).toBe(4)
    expect(endToEndWorkersFor(plan(4, 3), 'wasm', 16)).toBe(5)
    // one core: the run's process does everything; transfer only: no helpers
    expect(runProcesses(plan(4, 3), 'wasm', 1)).toBe(1)
    expect(endToEndWorkersFor(plan(4, 3), 'wasm', 1)).toBe(1)
    expect(runProcesses(plan(4, 0), 'wasm', 8)).toBe(1)
    // the GPU and native backends use one process (their own threads or the GPU)
    expect(runProcesses(plan(4, 3), 'webgpu')).toBe(1)
  })
})
