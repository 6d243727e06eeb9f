/** `ecg-ssl transforms <dataset> --windows <i,j,…> --seed <s> --out <dir>`: the seven variants as .npy. */
import type { Command } from 'commander'
import { InputError } from '../../common/input-error.js'
import { exportVariants } from '../../services/export-variants.js'
import type { TransformParams } from '../../transforms/transforms.js'
import { TRANSFORM_PARAMS, transformParamRange } from '../../contracts/transform-params.js'
import { numberOption, type CliRuntime } from '../runtime.js'

interface TransformsFlags {
  windows: string
  seed: string
  out: string
  epoch?: string
  snr?: string
  scale?: string
  pieces?: string
  warpPieces?: string
  stretch?: string
  force?: boolean
}

/** "3,0,17" → [3, 0, 17]; InputError on anything else. */
export function parseWindowList(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim())
  const values = parts.map(numberOption)
  if (parts.length === 0 || values.some((v) => !Number.isSafeInteger(v) || v < 0)) {
    throw new InputError(`--windows must be window indices separated by commas, e.g. --windows 0,5,12 (got "${text}").`)
  }
  return values
}

function numberFlag(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined
  const v = numberOption(value)
  if (!Number.isFinite(v)) throw new InputError(`${flag} must be a number (got "${value}").`)
  return v
}

/** Registers the transforms command. */
export function registerTransforms(program: Command, rt: CliRuntime): void {
  program
    .command('transforms')
    .description('write variants.npy: the 7 pretext variants (METHOD §3 order) of chosen windows, n x 7 x 2560 float32')
    .argument('<dataset>', 'dataset name')
    .requiredOption('--windows <i,j,...>', 'window indices (0-based, as listed by `ecg-ssl windows`)')
    .requiredOption('--seed <s>', 'random seed (whole number)')
    .requiredOption('--out <dir>', 'folder to write variants.npy into (created when missing)')
    .option('--epoch <e>', 'epoch whose random draws to use (default 0)')
    .option('--snr <db>', `noise SNR in dB, ${transformParamRange(TRANSFORM_PARAMS.noiseSnrDb)} (default ${TRANSFORM_PARAMS.noiseSnrDb.paper})`)
    .option('--scale <factor>', `scale factor, ${transformParamRange(TRANSFORM_PARAMS.scaleFactor)} (default ${TRANSFORM_PARAMS.scaleFactor.paper})`)
    .option('--pieces <n>', `permutation pieces, ${transformParamRange(TRANSFORM_PARAMS.permutePieces)} (default ${TRANSFORM_PARAMS.permutePieces.paper})`)
    .option('--warp-pieces <n>', `time-warp pieces, ${transformParamRange(TRANSFORM_PARAMS.warpPieces)} (default ${TRANSFORM_PARAMS.warpPieces.paper})`)
    .option('--stretch <s>', `time-warp stretch factor, ${transformParamRange(TRANSFORM_PARAMS.warpStretch)} (default ${TRANSFORM_PARAMS.warpStretch.paper})`)
    .option('--force', 'replace variants.npy if it exists')
    .action(async (dataset: string, flags: TransformsFlags, cmd: Command) => {
      const store = rt.openStore(cmd)
      const seed = numberOption(flags.seed)
      const epoch = flags.epoch === undefined ? 0 : numberOption(flags.epoch)
      const params: Partial<TransformParams> = Object.fromEntries(Object.entries({
        noiseSnrDb: numberFlag(flags.snr, '--snr'),
        scaleFactor: numberFlag(flags.scale, '--scale'),
        permutePieces: numberFlag(flags.pieces, '--pieces'),
        warpPieces: numberFlag(flags.warpPieces, '--warp-pieces'),
        warpStretch: numberFlag(flags.stretch, '--stretch'),
      }).filter(([, v]) => v !== undefined))
      const result = await exportVariants(store, { name: dataset, windows: parseWindowList(flags.windows), seed, epoch, outDir: flags.out, params, overwrite: flags.force === true })
      rt.output(
        cmd,
        `Wrote ${result.npy} (${result.shape.join(' x ')} float32: ${result.variants.join(', ')}) for ${result.windows.length} window(s) of ${result.dataset}, seed ${result.seed}, epoch ${result.epoch}.\n`,
        result,
      )
    })
}
