// What the experiment form asks the app about a draft before anything is stored: a dataset's
// labels (the tasks it can learn), a task's class balance and how long the run would take here.
import type { RunEstimateReply } from '@contracts/estimate.js'
import type { TaskBalance, TaskBalanceRequest } from '@contracts/run-api.js'
import type { ExperimentConfigInput } from '@contracts/runs.js'
import { call } from '../../api/client.js'

/** The label names of a dataset (the tasks an experiment can learn on it). */
export async function labelsOf(name: string): Promise<string[]> {
  return (await call('datasets:get', { name })).labelNames
}

/** The classes a task would have on a dataset with a threshold, counted over its windows. */
export async function taskBalance(request: TaskBalanceRequest): Promise<TaskBalance> {
  return call('runs:task-balance', request)
}

/** How long a run of a draft config would take here, or that the machine's speed is being measured. */
export async function estimateRun(config: ExperimentConfigInput): Promise<RunEstimateReply> {
  return call('runs:estimate', { config })
}
