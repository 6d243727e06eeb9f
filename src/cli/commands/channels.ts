/** `ecg-ssl channels <kind> <path> [--channel c] [--fs hz]`: the channels before an import. */
import type { Command } from 'commander'
import { DATASET_KINDS } from '../../contracts/dataset-kinds.js'
import { ChannelPreviewRequest, type ChannelPreview } from '../../contracts/preview.js'
import { previewChannels } from '../../services/channel-preview.js'
import { parseOrInputError } from '../../services/request-validation.js'
import { table } from '../format.js'
import { numberOption, type CliRuntime } from '../runtime.js'
import { channelOption } from './import.js'

function humanPreview(p: ChannelPreview): string {
  const withStats = p.channels.some((c) => c.stats !== undefined)
  const rows = p.channels.map((c) => {
    const stats = c.stats === undefined ? '' : c.stats.allZero ? 'all zero (not recorded)' : `${c.stats.min.toPrecision(4)} … ${c.stats.max.toPrecision(4)}, sd ${c.stats.std.toPrecision(3)}`
    const row = [String(c.index), c.name, c.unit, String(c.fs), c.sampleCount > 0 ? String(c.sampleCount) : '?']
    return [...row, ...(withStats ? [stats] : []), p.chosen?.index === c.index ? '<- used' : '']
  })
  const head = `Channels of ${p.file}:\n`
  const body = table(['INDEX', 'NAME', 'UNIT', 'FS', 'SAMPLES', ...(withStats ? ['FIRST MINUTE'] : []), ''], rows)
  const tail = p.chosen !== null ? `An import would use ${p.chosen.index} '${p.chosen.name}' (${p.chosen.why}).\n` : `No channel can be chosen: ${p.problem ?? ''}\n`
  return head + body + tail
}

/** Registers the channels command. */
export function registerChannels(program: Command, rt: CliRuntime): void {
  program
    .command('channels')
    .description('list the channels of a dataset\'s first file and the one an import would use')
    .argument('<kind>', DATASET_KINDS.join(' | '))
    .argument('<path>', 'folder or file, as for import')
    .option('--channel <name|index>', 'check that this channel resolves (0-based index or name)')
    .option('--fs <hz>', 'sampling rate for text files that do not state it')
    .action(async (kind: string, path: string, flags: { channel?: string; fs?: string }, cmd: Command) => {
      const channel = flags.channel === undefined ? undefined : channelOption(flags.channel)
      // The command line is where this request enters: validated here, once.
      const request = parseOrInputError(ChannelPreviewRequest, { kind, path, channel, fs: flags.fs === undefined ? undefined : numberOption(flags.fs) }, 'channel preview')
      const preview = await previewChannels(request)
      rt.output(cmd, humanPreview(preview), preview)
      for (const warning of preview.warnings ?? []) rt.io.stderr(`warning: ${warning}\n`)
    })
}
