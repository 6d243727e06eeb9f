// @vitest-environment happy-dom
// Each chosen task's class balance: asked once per dataset, label and threshold, said as one line,
// or as the sentence why it could not be counted.
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { ref } from 'vue'
import { useTransport } from '../../api/client.js'
import { scriptedTransport, type Scripted } from '../../api/scripted-transport.test-util.js'
import { draftFromPreset } from './config-draft.js'
import { useTaskBalances } from './use-task-balances.js'

let scripted: Scripted
beforeEach(() => {
  scripted = scriptedTransport({
    'runs:task-balance': (input) => {
      if (input.label === 'stress') throw new Error('The dataset "demo" has no label "stress".')
      return { classes: [{ name: 'low', windows: 1200 }, { name: 'high', windows: 44 }], missing: 3, description: `${String(input.label)} high when > 4.9` }
    },
  })
  useTransport(scripted.transport)
})

describe('useTaskBalances', () => {
  it('counts each task once and says its classes, the windows without a value and the rule, or why not', async () => {
    const draft = ref(draftFromPreset('quick', 'try', []))
    const b = useTaskBalances(draft)
    // asked as tasks are chosen
    draft.value.datasets = [{ name: 'demo', role: 'both', tasks: [{ label: 'arousal' }, { label: 'stress' }] }]
    await vi.waitFor(() => expect(b.balanceFailed('demo', { label: 'stress' })).toBe(true))
    await vi.waitFor(() => expect(b.balanceText('demo', { label: 'arousal' })).toBe(`low ${(1200).toLocaleString()} · high 44 · 3 without a value — arousal high when > 4.9`))
    expect(b.balanceText('demo', { label: 'stress' })).toBe('The dataset "demo" has no label "stress".')
    expect(b.balanceText('demo', { label: 'valence' })).toBe('counting classes…')
    draft.value = { ...draft.value, name: 'renamed' }
    await vi.waitFor(() => expect(scripted.calls).toHaveLength(2))
    expect(scripted.refused).toEqual([])
  })
})
