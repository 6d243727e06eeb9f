/** `ecg-ssl bench --processes`: its bad inputs, in-process (the processes themselves are tested in src/jobs/bench-processes.test.ts). */
import { describe, expect, it } from 'vitest'
import { expectOneErrorLine, runCli } from './cli-helpers.js'

describe('ecg-ssl bench --processes', () => {
  it('refuses bad counts and suites it does not apply to, in one line', async () => {
    const cases: [string[], RegExp][] = [
      [['bench', '--suite', 'train', '--processes', '0'], /^error: --processes must be a whole number from 1 to 64 \(got "0"\); pass e\.g\. --processes 2\.$/],
      [['bench', '--suite', 'train', '--processes', 'many'], /^error: --processes must be a whole number from 1 to 64 \(got "many"\)/],
      [['bench', '--suite', 'forward', '--processes', '1.5'], /^error: --processes must be a whole number/],
      [['bench', '--suite', 'preprocess', '--processes', '2'], /^error: --processes applies to the pretext, train and forward suites only \(got --suite preprocess\); drop it or pass --suite pretext\.$/],
      [['bench', '--suite', 'pretext', '--backend', 'cpu', '--processes', '0'], /^error: --processes must be a whole number from 1 to 64 \(got "0"\); pass e\.g\. --processes \d+\.$/],
      [['bench', '--suite', 'pretext', '--backend', 'cpu', '--batch', 'x'], /^error: --batch must be a whole number from 1 to 1024 \(got "x"\); pass e\.g\. --batch 16\.$/],
    ]
    for (const [args, line] of cases) {
      const r = await runCli(args)
      expect(r.code, args.join(' ')).toBe(1)
      expect(r.stdout, args.join(' ')).toBe('')
      expect(expectOneErrorLine(r), args.join(' ')).toMatch(line)
    }
  })
})
