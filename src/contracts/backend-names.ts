/**
 * The training backends by name, once for every layer: the CLI builds its options from them, the
 * run config and the job protocol validate against them, and the app lists them. Pure data (no
 * tfjs), so the CLI can offer them without loading tfjs and the renderer may import them.
 */

/**
 * The backends the workbench offers, in the order `auto` tries them: CUDA through tfjs-node-gpu,
 * WebGPU through Dawn (hardware adapters only), native TensorFlow on the CPU, WebAssembly, plain
 * JavaScript.
 */
export const BACKEND_CHOICES = ['gpu', 'webgpu', 'node', 'wasm', 'cpu'] as const
/** One of {@link BACKEND_CHOICES}; `--backend` takes these. */
export type BackendChoice = (typeof BACKEND_CHOICES)[number]
