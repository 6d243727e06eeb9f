import { describe, expect, it, vi } from 'vitest'
import { demoDefaults } from '../demo/demo-dataset.js'
import { demoConfig } from './demo-service.js'

// Another default seed (vi.mock is hoisted above the imports), to see that the demo follows the one DEFAULT_SEED.
vi.mock('../contracts/presets.js', async (importOriginal) => ({ ...await importOriginal<typeof import('../contracts/presets.js')>(), DEFAULT_SEED: 42 }))

describe('the demo\'s seed', () => {
  it('defaults to DEFAULT_SEED, in its run and in its data', () => {
    expect(demoConfig('demo').seed).toBe(42)
    expect(demoDefaults().seed).toBe(42)
    expect(demoConfig('demo', 7).seed).toBe(7)
  })
})
