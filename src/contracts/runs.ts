/**
 * Contracts of experiments: the run configuration (validated with sentences a researcher can act
 * on), the presets of METHOD.md, and the shapes of everything a run records — per-epoch pretext
 * metrics, per-fold results and the aggregated results table. Depends on zod only, so the
 * renderer, the CLI, the trainer process and the report writer share one definition.
 */
import { z } from 'zod'
import { BACKEND_CHOICES } from './backend-names.js'
import { TransformParamsSchema } from './transform-params.js'

/** Pretext task names in METHOD §3 order (the loss coefficients refer to this order). */
export const PRETEXT_TASK_NAMES = ['original', 'noise', 'scale', 'negate', 'flip', 'permute', 'time_warp'] as const
export const PretextTaskName = z.enum(PRETEXT_TASK_NAMES, { error: `a pretext task must be one of ${PRETEXT_TASK_NAMES.join(', ')}` })
export type PretextTaskName = z.infer<typeof PretextTaskName>
/** A pretext task's name as figures, tables and the transformation preview print it ('time_warp' → 'time-warp'). */
export const pretextTaskLabel = (task: string): string => task.replace(/_/g, '-')

/** Classifier architectures of METHOD §5 (the dataset whose classifier shape to use). */
const CLASSIFIER_SHAPES = ['SWELL', 'AMIGOS', 'DREAMER', 'WESAD'] as const
export const ClassifierShape = z.enum(CLASSIFIER_SHAPES, { error: `the classifier must be one of ${CLASSIFIER_SHAPES.join(', ')}` })
export type ClassifierShape = z.infer<typeof ClassifierShape>

export const ProtocolName = z.enum(['window-kfold', 'subject-kfold', 'loso'], {
  error: 'a protocol must be one of window-kfold (the paper\'s, over windows), subject-kfold (subject-grouped) or loso (leave one subject out)',
})
export type ProtocolName = z.infer<typeof ProtocolName>

/**
 * How a numeric label becomes classes (METHOD §2): high/low at the dataset mean, the scale
 * midpoint or each subject's mean; or, as the authors' code does, each rounded score its own
 * class (`raw-scores`; also SWELL's block number 1–3 as its 3-class stress task). Text labels are
 * classes as they are.
 */
export const Binarisation = z.enum(['dataset-mean', 'midpoint', 'subject-mean', 'raw-scores'], {
  error: 'the label threshold must be dataset-mean, midpoint, subject-mean or raw-scores',
})

/** Each {@link Binarisation} in the app's words. */
export const BINARISATION_WORDS: Readonly<Record<z.infer<typeof Binarisation>, string>> = {
  'dataset-mean': 'high/low at the dataset mean',
  midpoint: 'high/low at the scale midpoint',
  'subject-mean': 'high/low at each subject\'s mean',
  'raw-scores': 'each rounded score a class (authors\' code)',
}
export type Binarisation = z.infer<typeof Binarisation>

const BACKEND_NAMES = ['auto', ...BACKEND_CHOICES] as const
export const BackendName = z.enum(BACKEND_NAMES, { error: `the backend must be ${BACKEND_NAMES.slice(0, -1).join(', ')} or ${BACKEND_NAMES.at(-1) ?? ''}` })
export type BackendName = z.infer<typeof BackendName>

const positiveInt = (what: string, max: number) =>
  z.number({ error: `${what} must be a number` }).int({ error: `${what} must be a whole number` }).min(1, { error: `${what} must be at least 1` }).max(max, { error: `${what} must be at most ${max}` })
const rate = (what: string) => z.number({ error: `${what} must be a number` }).gt(0, { error: `${what} must be greater than 0` }).max(1, { error: `${what} must be at most 1` })

/** One emotion task on one dataset: a label of the store's windows. */
export const TaskSpec = z.object({
  /** The window label to predict, e.g. "arousal", "valence", "stress" (as the import stored it). */
  label: z.string({ error: 'each task needs a label name such as "arousal"' }).min(1, { error: 'a task label must not be empty' }),
  /** Numeric labels are binarised high/low; labels with text values are classes as they are. */
  binarisation: Binarisation.default('dataset-mean'),
}).strict()
export type TaskSpec = z.infer<typeof TaskSpec>

/**
 * What an experiment does with a dataset: learn ECG features from its windows (the pretext task,
 * labels not needed), evaluate emotion recognition on it (its labels), or both.
 */
export const DatasetRole = z.enum(['both', 'pretext', 'evaluate'], { error: 'a dataset\'s role must be both, pretext or evaluate' })
export type DatasetRole = z.infer<typeof DatasetRole>

/** Whether a role trains the pretext model on the dataset's windows. */
export const learnsFeatures = (role: DatasetRole): boolean => role !== 'evaluate'
/** Whether a role evaluates emotion recognition on the dataset. */
export const isEvaluated = (role: DatasetRole): boolean => role !== 'pretext'

/** One dataset of the store and what to learn on it. */
export const DatasetSpec = z.object({
  name: z.string({ error: 'each dataset needs the name it was imported under' }).min(1, { error: 'a dataset name must not be empty' }),
  /** Default both: labelled datasets serve pretraining and evaluation alike. */
  role: DatasetRole.default('both'),
  /** The emotion tasks to evaluate; none for a pretext-only dataset. */
  tasks: z.array(TaskSpec).default([]),
  /** Classifier shape; by default the one of the dataset's kind, AMIGOS's for other data. */
  classifier: ClassifierShape.optional(),
}).strict().superRefine((d, ctx) => {
  if (isEvaluated(d.role) && d.tasks.length === 0) {
    ctx.addIssue({ code: 'custom', path: ['tasks'], message: 'an evaluated dataset needs at least one task (to use it only for learning ECG features, make it pretext-only)' })
  }
})
export type DatasetSpec = z.infer<typeof DatasetSpec>

/** The transformation parameters of METHOD §3, within the ranges of contracts/transform-params.ts. */
export const TransformConfig = TransformParamsSchema
export type TransformConfig = z.infer<typeof TransformConfig>

/** Which windows a pretext model sees (see {@link PretextConfig}'s `scope`). */
export const PretextScope = z.enum(['shared', 'per-fold'], { error: 'the pretext scope must be shared or per-fold' })
export type PretextScope = z.infer<typeof PretextScope>

/** Each {@link PretextScope} in the app's words: the experiment form's choices and run comparison's values. */
export const PRETEXT_SCOPE_WORDS: Readonly<Record<PretextScope, string>> = {
  shared: 'every window, the test folds\u2019 too without their labels (one model; the paper\u2019s setting)',
  'per-fold': 'each fold\u2019s training windows only (one model per fold, as the authors\u2019 code)',
}

export const PretextConfig = z.object({
  epochs: positiveInt('the number of pretext epochs', 10_000),
  /** Original windows per batch (each brings its 6 transforms: 7× samples). */
  batch: positiveInt('the pretext batch size', 4096),
  learningRate: z.number().gt(0, { error: 'the learning rate must be greater than 0' }).max(1, { error: 'the learning rate must be at most 1' }),
  /** Multiply the rate by this every `decaySteps` steps (staircase). */
  decayRate: rate('the decay rate'),
  decaySteps: positiveInt('the decay interval', 10_000_000),
  l2: z.number().min(0, { error: 'the L2 weight must be 0 or more' }).max(1, { error: 'the L2 weight must be at most 1' }),
  dropout: z.number().min(0, { error: 'the dropout rate must be between 0 and 0.95' }).max(0.95, { error: 'the dropout rate must be between 0 and 0.95' }),
  lossWeights: z.array(z.number().min(0, { error: 'loss weights must be 0 or more' })).length(7, { error: 'there must be 7 loss weights, one per pretext task' }),
  /** Share of windows held out of pretext training for the per-epoch held-out metrics. */
  heldOut: z.number().min(0, { error: 'the held-out share must be between 0 and 0.5' }).max(0.5, { error: 'the held-out share must be between 0 and 0.5' }),
  /** Transformations left out (ablation): their samples and heads are not trained. */
  dropTasks: z.array(PretextTaskName.exclude(['original'])).default([]),
  /**
   * Which windows a pretext model sees: `shared`, one model on every pretext window, the test
   * folds' included without their labels (transductive; the paper's label-scarcity setting); or
   * `per-fold`, as the authors' code: one model per fold, on that fold's training windows and the
   * pretext-only datasets.
   */
  scope: PretextScope.default('shared'),
}).strict()
export type PretextConfig = z.infer<typeof PretextConfig>

export const ClassifierTrainingConfig = z.object({
  epochs: positiveInt('the classifier epochs', 10_000),
  batch: positiveInt('the classifier batch size', 4096),
  learningRate: z.number().gt(0, { error: 'the classifier learning rate must be greater than 0' }).max(1, { error: 'the classifier learning rate must be at most 1' }),
}).strict()
export type ClassifierTrainingConfig = z.infer<typeof ClassifierTrainingConfig>

export const MethodName = z.enum(['transfer', 'fine-tune', 'baseline'], { error: 'a method must be transfer (frozen encoder), fine-tune or baseline (fully supervised)' })
export type MethodName = z.infer<typeof MethodName>

export const EvaluationConfig = z.object({
  protocols: z.array(ProtocolName).min(1, { error: 'choose at least one protocol' }),
  /** Folds of window-kfold and subject-kfold. */
  folds: positiveInt('the number of folds', 100).min(2, { error: 'the number of folds must be at least 2' }),
  methods: z.array(MethodName).min(1, { error: 'choose at least one method' }),
  /** Label fractions in (0, 1], per subject per class (1 = all labelled windows). */
  fractions: z.array(rate('a label fraction')).min(1, { error: 'choose at least one label fraction' }),
  /** Training of the classifier on frozen-encoder embeddings (transfer). */
  classifier: ClassifierTrainingConfig,
  /**
   * Training of the whole network (fine-tune and the fully supervised baseline); absent = the
   * same as `classifier`, as in the paper. Each epoch of it costs a full backward pass per window.
   */
  endToEnd: ClassifierTrainingConfig.optional(),
  /** Encoder features used by transfer: block 3 is the paper's; 1 and 2 are probes (METHOD §8). */
  probeBlocks: z.array(z.union([z.literal(1), z.literal(2), z.literal(3)], { error: 'probe blocks are 1, 2 or 3' })).min(1, { error: 'choose at least one encoder block' }),
}).strict()
export type EvaluationConfig = z.infer<typeof EvaluationConfig>

/** A whole experiment. Every default comes from a preset; a run stores the values it used. */
export const ExperimentConfig = z.object({
  name: z.string().trim().min(1, { error: 'the experiment name must not be empty' }).max(200, { error: 'the experiment name must be at most 200 characters' }),
  preset: z.enum(['sarkar2020', 'quick', 'custom']).default('custom'),
  seed: z.number({ error: 'the seed must be a whole number' }).int({ error: 'the seed must be a whole number' }).min(0, { error: 'the seed must be 0 or more' }).max(2 ** 31 - 1, { error: 'the seed must be below 2^31' }),
  backend: BackendName.default('auto'),
  /**
   * Cores the run may keep busy: the data-parallel workers of its pretext training and its helper
   * processes for folds share them. Absent = what the machine offers (cores, and memory at about
   * 1.4 GB per worker).
   */
  processes: z.number({ error: 'the number of CPU workers must be a whole number' }).int({ error: 'the number of CPU workers must be a whole number' }).min(1, { error: 'the number of CPU workers must be at least 1' }).max(64, { error: 'the number of CPU workers must be at most 64' }).optional(),
  datasets: z.array(DatasetSpec).min(1, { error: 'choose at least one dataset' }),
  /** Cap on windows per dataset (evenly spread over subjects); 0 = all. For quick trials. */
  maxWindowsPerDataset: z.number().int().min(0, { error: 'the window cap must be 0 (no cap) or more' }).default(0),
  transforms: TransformConfig,
  pretext: PretextConfig,
  evaluation: EvaluationConfig,
  /** Also run one pretext model per dropped transformation (METHOD §8 ablation). */
  ablation: z.boolean().default(false),
}).strict().superRefine((config, ctx) => {
  const names = config.datasets.map((d) => d.name)
  const twice = names.find((n, i) => names.indexOf(n) !== i)
  if (twice !== undefined) ctx.addIssue({ code: 'custom', path: ['datasets'], message: `the dataset "${twice}" is listed twice` })
  if (!config.datasets.some((d) => isEvaluated(d.role))) {
    ctx.addIssue({ code: 'custom', path: ['datasets'], message: 'choose at least one dataset to evaluate emotion recognition on' })
  }
  const needsEncoder = config.evaluation.methods.some((m) => m !== 'baseline')
  if (needsEncoder && !config.datasets.some((d) => learnsFeatures(d.role))) {
    ctx.addIssue({ code: 'custom', path: ['datasets'], message: 'choose at least one dataset to learn ECG features from (transfer and fine-tuning need a pretext model)' })
  }
})
export type ExperimentConfig = z.infer<typeof ExperimentConfig>
export type ExperimentConfigInput = z.input<typeof ExperimentConfig>

/** State of a run in the store. */
export const RunState = z.enum(['queued', 'running', 'interrupted', 'done', 'failed', 'cancelled'])
export type RunState = z.infer<typeof RunState>

/** Loss, accuracy and F1 of one pretext task over one pass. */
export const TaskMetrics = z.object({ task: PretextTaskName, loss: z.number(), accuracy: z.number(), f1: z.number() })
export type TaskMetrics = z.infer<typeof TaskMetrics>

/** One pretext epoch: per task, on training and held-out windows. */
export const PretextEpoch = z.object({
  /** Pretext model: "full" or "without <task>" for ablation. */
  variant: z.string(),
  epoch: z.number().int(),
  steps: z.number().int(),
  learningRate: z.number(),
  seconds: z.number(),
  trainLoss: z.number(),
  heldOutLoss: z.number().nullable(),
  train: z.array(TaskMetrics),
  heldOut: z.array(TaskMetrics),
})
export type PretextEpoch = z.infer<typeof PretextEpoch>

/** What identifies one evaluated cell of the results table. */
export const ResultKey = z.object({
  dataset: z.string(),
  task: z.string(),
  protocol: ProtocolName,
  method: MethodName,
  /** Pretext variant the encoder came from ("full", "without noise"); "none" for the baseline. */
  variant: z.string(),
  /** Encoder block whose features were used (3 = the embedding). */
  block: z.number().int(),
  fraction: z.number(),
})
export type ResultKey = z.infer<typeof ResultKey>

/** One fold's outcome. */
export const FoldResult = ResultKey.extend({
  fold: z.number().int(),
  trainWindows: z.number().int(),
  testWindows: z.number().int(),
  accuracy: z.number(),
  /** The authors' F1: harmonic mean of macro precision and macro recall (METHOD §6). */
  f1: z.number(),
  macroF1: z.number(),
  /** Rows = true class, columns = predicted, in `classes` order. */
  confusion: z.array(z.array(z.number().int())),
  classes: z.array(z.string()),
})
export type FoldResult = z.infer<typeof FoldResult>

export const MeanSd = z.object({ mean: z.number(), sd: z.number() })
export type MeanSd = z.infer<typeof MeanSd>

/** One row of the results table: mean ± sd over folds. */
export const ResultRow = ResultKey.extend({
  folds: z.number().int(),
  accuracy: MeanSd,
  f1: MeanSd,
  macroF1: MeanSd,
  /** Confusion matrices summed over folds. */
  confusion: z.array(z.array(z.number().int())),
  classes: z.array(z.string()),
})
export type ResultRow = z.infer<typeof ResultRow>

/** A run as listed (`ecg-ssl runs`, the Experiments view). */
export const RunSummary = z.object({
  id: z.number().int(),
  name: z.string(),
  state: RunState,
  createdAt: z.string(),
  updatedAt: z.string(),
  seed: z.number().int(),
  backend: z.string(),
  device: z.string(),
  appVersion: z.string(),
  /** Completed work units / all units. */
  progress: z.object({ done: z.number().int(), total: z.number().int(), phase: z.string() }),
  error: z.string().nullable(),
})
export type RunSummary = z.infer<typeof RunSummary>

/** Everything a run recorded. */
/** What one pretext model of a run learns from (the windows of each dataset it trains on). */
export const PretextModelData = z.object({
  model: z.string(),
  variant: z.string(),
  windows: z.number().int(),
  datasets: z.array(z.object({ name: z.string(), windows: z.number().int() })),
})
export type PretextModelData = z.infer<typeof PretextModelData>

export const RunDetail = RunSummary.extend({
  config: ExperimentConfig,
  datasetHashes: z.record(z.string(), z.string()),
  /** Each pretext model and the windows it learns from; empty for runs stored before this was recorded. */
  pretextModels: z.array(PretextModelData),
  epochs: z.array(PretextEpoch),
  folds: z.array(FoldResult),
  results: z.array(ResultRow),
})
export type RunDetail = z.infer<typeof RunDetail>

/** Progress and milestones a running experiment reports. */
export const RunEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('progress'), runId: z.number().int(), phase: z.string(), done: z.number(), total: z.number(), etaSeconds: z.number().nullable(), message: z.string() }),
  z.object({ type: z.literal('epoch'), runId: z.number().int(), epoch: PretextEpoch }),
  z.object({ type: z.literal('fold'), runId: z.number().int(), fold: FoldResult }),
  z.object({ type: z.literal('state'), runId: z.number().int(), state: RunState, error: z.string().nullable() }),
])
export type RunEvent = z.infer<typeof RunEvent>
