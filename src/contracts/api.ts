/**
 * Every call the user interface can make and every event it receives, declared once as data.
 * The router (src/services/api-router.ts) validates inputs with these schemas; the Electron
 * preload exposes exactly these keys; the browser-mode socket will bind the same map.
 */
import { z } from 'zod'
import { RunEstimateReply, RunEstimateRequest } from './estimate.js'
import { DemoRequest, DemoStarted, RunCreated, RunCreateRequest, RunExport, RunExportRequest, RunQueueState, RunRef, TaskBalance, TaskBalanceRequest } from './run-api.js'
import { RunDetail, RunEvent, RunSummary } from './runs.js'
import { DeleteResult, DatasetDetail, DatasetRenamed, DatasetRenameRequest, DatasetSummary, LabelBalance, WindowInfo, WindowPage, WindowQuery } from './datasets.js'
import { DatasetName, ImportProgress, ImportReport, ImportRequest } from './import.js'
import { ChannelPreview, ChannelPreviewRequest } from './preview.js'
import { FilesListRequest, FolderListing } from './files.js'
import { SignalPreview, SignalPreviewRequest } from './signal-preview.js'
import { FlagEvent, RecordingOverview, RecordingOverviewQuery, RecordingSummary, TransformPreview, TransformPreviewRequest, WindowAtTimeQuery, WindowDetail, WindowFlagRequest, WindowPlace, WindowRef } from './review.js'

const NoInput = z.object({}).strict()
const ByName = z.object({ name: DatasetName }).strict()
const JobId = z.string().regex(/^job-[0-9a-z-]+$/, { error: 'not a job id' })

/** A reference to a job started in its own process. */
export const JobRef = z.object({ jobId: JobId })
export type JobRef = z.infer<typeof JobRef>

/** One window's samples (2560 float32 values of the z-scored ECG). */
export const WindowSamplesQuery = z.object({ name: DatasetName, index: z.number().int().min(0) }).strict()
export type WindowSamplesQuery = z.infer<typeof WindowSamplesQuery>

export const api = {
  'runs:list': { input: NoInput, output: z.array(RunSummary) },
  'runs:get': { input: RunRef, output: RunDetail },
  'runs:create': { input: RunCreateRequest, output: RunCreated },
  'runs:start': { input: RunRef, output: RunQueueState },
  'runs:cancel': { input: RunRef, output: z.object({ cancelled: z.boolean() }) },
  'runs:delete': { input: RunRef, output: z.object({ deleted: z.boolean() }) },
  'runs:queue': { input: NoInput, output: RunQueueState },
  'runs:export': { input: RunExportRequest, output: RunExport },
  'runs:estimate': { input: RunEstimateRequest, output: RunEstimateReply },
  'runs:task-balance': { input: TaskBalanceRequest, output: TaskBalance },
  'demo:start': { input: DemoRequest, output: DemoStarted },
  'demo:run': { input: DemoRequest, output: RunCreated },
  'datasets:list': { input: NoInput, output: z.array(DatasetSummary) },
  'datasets:get': { input: ByName, output: DatasetDetail },
  'datasets:delete': { input: ByName, output: DeleteResult },
  'datasets:rename': { input: DatasetRenameRequest, output: DatasetRenamed },
  'datasets:label-balance': { input: ByName, output: z.array(LabelBalance) },
  'datasets:preview-channels': { input: ChannelPreviewRequest, output: ChannelPreview },
  'datasets:import': { input: ImportRequest, output: JobRef },
  'files:list': { input: FilesListRequest, output: FolderListing },
  'datasets:preview-signal': { input: SignalPreviewRequest, output: SignalPreview },
  'jobs:cancel': { input: JobRef.strict(), output: z.object({ cancelled: z.boolean() }) },
  'windows:page': { input: WindowQuery, output: WindowPage },
  'windows:samples': { input: WindowSamplesQuery, output: z.custom<Float32Array>((v) => v instanceof Float32Array) },
  'windows:flag': { input: WindowFlagRequest, output: WindowInfo },
  'windows:flag-history': { input: WindowRef, output: z.array(FlagEvent) },
  'windows:detail': { input: WindowRef, output: WindowDetail },
  'windows:at-time': { input: WindowAtTimeQuery, output: WindowPlace },
  'recordings:list': { input: ByName, output: z.array(RecordingSummary) },
  'recordings:overview': { input: RecordingOverviewQuery, output: RecordingOverview },
  'transforms:preview': { input: TransformPreviewRequest, output: TransformPreview },
} as const

export type ApiChannel = keyof typeof api
export type ApiInput<C extends ApiChannel> = z.input<(typeof api)[C]['input']>
/** A call's input once validated (defaults filled, names trimmed): what its handler receives. */
export type ApiRequest<C extends ApiChannel> = z.output<(typeof api)[C]['input']>
export type ApiOutput<C extends ApiChannel> = z.infer<(typeof api)[C]['output']>
export const API_CHANNELS = Object.keys(api) as ApiChannel[]

/** Events pushed to the interface. */
export const JobEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), jobId: JobId, progress: ImportProgress }),
  z.object({ type: z.literal('done'), jobId: JobId, report: ImportReport }),
  z.object({ type: z.literal('failed'), jobId: JobId, message: z.string(), cancelled: z.boolean() }),
])
export type JobEvent = z.infer<typeof JobEvent>

export const events = { 'jobs:event': JobEvent, 'runs:event': RunEvent } as const
export type EventChannel = keyof typeof events
export const EVENT_CHANNELS = Object.keys(events) as EventChannel[]
