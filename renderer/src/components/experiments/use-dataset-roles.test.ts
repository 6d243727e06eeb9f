// @vitest-environment happy-dom
// The draft's dataset choice: the default for one labelled dataset (plus unlabeled ones teaching
// features), ticking and unticking roles and tasks, and no default once the user has chosen.
import { beforeEach, describe, expect, it } from 'vitest'
import { ref } from 'vue'
import type { ExperimentConfigInput } from '@contracts/runs.js'
import { useTransport } from '../../api/client.js'
import { scriptedTransport } from '../../api/scripted-transport.test-util.js'
import { draftFromPreset } from './config-draft.js'
import { useDatasetRoles } from './use-dataset-roles.js'

const LABELS: Record<string, string[]> = { demo: ['arousal', 'valence'], raw: [], other: ['stress'] }
beforeEach(() => {
  useTransport(scriptedTransport({
    'datasets:get': (input) => ({ name: input.name, labelNames: LABELS[String(input.name)] ?? [] }),
  }).transport)
})
const roles = (draft: ExperimentConfigInput) => (draft.datasets ?? []).map((d) => [d.name, d.role, (d.tasks ?? []).map((t) => t.label)])

describe('useDatasetRoles', () => {
  it('chooses the one labelled dataset for both lists with all its labels, and unlabeled ones to teach features', async () => {
    const draft = ref(draftFromPreset('quick', '', []))
    let changes = 0
    const r = useDatasetRoles(draft, () => changes++)
    await r.chooseDefaults(['demo', 'raw'])
    expect(roles(draft.value)).toEqual([['demo', 'both', ['arousal', 'valence']], ['raw', 'pretext', []]])
    expect(changes).toBe(3)
    expect([r.teaches('raw'), r.evaluates('raw'), r.labels.value.raw]).toEqual([true, false, []])
  })

  it('makes no default with two labelled datasets or once the user has ticked something', async () => {
    const draft = ref(draftFromPreset('quick', '', []))
    const r = useDatasetRoles(draft, () => undefined)
    await r.chooseDefaults(['demo', 'other'])
    expect(draft.value.datasets).toEqual([])
    await r.toggleRole('other', 'evaluate', true)
    r.toggleTask('other', 'stress', false)
    expect(roles(draft.value)).toEqual([['other', 'evaluate', []]])
    await r.toggleRole('other', 'evaluate', false)
    await r.chooseDefaults(['demo'])
    expect(draft.value.datasets).toEqual([])
  })

  it('sets a task\u2019s threshold', async () => {
    const draft = ref(draftFromPreset('quick', '', []))
    const r = useDatasetRoles(draft, () => undefined)
    await r.toggleRole('demo', 'evaluate', true)
    r.setThreshold('demo', 'valence', 'midpoint')
    expect(draft.value.datasets?.[0]?.tasks).toEqual([{ label: 'arousal', binarisation: 'dataset-mean' }, { label: 'valence', binarisation: 'midpoint' }])
  })
})
