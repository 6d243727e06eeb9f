/**
 * What can be seen of NVIDIA drivers and CUDA libraries without loading TensorFlow, to explain
 * why tfjs-node-gpu runs on the CPU. tfjs-node-gpu 4.22 bundles TensorFlow 2.9, which dlopens the
 * CUDA 11 runtime and cuDNN 8 by these exact file names; with only CUDA 12 installed they are
 * missing and TensorFlow silently uses the CPU.
 */
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'

/** The result of {@link probeCuda}. */
export interface CudaProbe {
  /** GPUs listed by `nvidia-smi -L`; null when nvidia-smi cannot run (no driver). */
  gpus: string[] | null
  /** CUDA 11.2 / cuDNN 8 libraries TensorFlow 2.9 needs but that were not found. */
  missingLibraries: string[]
}

/** The libraries TensorFlow 2.9 loads for the GPU, per platform. */
export const CUDA_LIBRARIES: Readonly<Partial<Record<NodeJS.Platform, readonly string[]>>> = {
  linux: ['libcudart.so.11.0', 'libcublas.so.11', 'libcudnn.so.8'],
  win32: ['cudart64_110.dll', 'cublas64_11.dll', 'cudnn64_8.dll'],
}

const run = (file: string, args: string[]): string | null => {
  try {
    return execFileSync(file, args, { encoding: 'utf8', timeout: 5000, stdio: ['ignore', 'pipe', 'ignore'] })
  } catch {
    return null
  }
}

/** The lines of `nvidia-smi -L` naming a GPU ("GPU 0: NVIDIA … (UUID: …)"), without the UUID. */
export function parseNvidiaSmiList(text: string): string[] {
  return text.split('\n')
    .map((line) => /^GPU \d+: (.*?)(?: \(UUID: [^)]*\))?\s*$/.exec(line.trim())?.[1])
    .filter((name): name is string => name !== undefined && name !== '')
}

/** Which of `names` are neither in the dynamic linker's cache text nor in one of `dirs`. */
export function missingFrom(names: readonly string[], linkerCache: string, dirs: readonly string[]): string[] {
  return names.filter((name) => !linkerCache.includes(name) && !dirs.some((dir) => existsSync(path.join(dir, name))))
}

/** Probes this machine (a few milliseconds; nvidia-smi is given 5 s at most). */
export function probeCuda(platform: NodeJS.Platform = process.platform): CudaProbe {
  const list = run('nvidia-smi', ['-L'])
  const gpus = list === null ? null : parseNvidiaSmiList(list)
  const names = CUDA_LIBRARIES[platform]
  if (names === undefined) return { gpus, missingLibraries: [`a CUDA build of TensorFlow for ${platform}`] }
  const pathVar = platform === 'win32' ? process.env.PATH : process.env.LD_LIBRARY_PATH
  const dirs = (pathVar ?? '').split(path.delimiter).filter((d) => d !== '')
  if (platform === 'linux') dirs.push('/usr/local/cuda/lib64', '/usr/local/cuda-11.2/lib64')
  const cache = platform === 'linux' ? (run('/sbin/ldconfig', ['-p']) ?? run('ldconfig', ['-p']) ?? '') : ''
  return { gpus, missingLibraries: missingFrom(names, cache, dirs) }
}
