/**
 * The backend names alone, without tfjs: the CLI builds its options from them at start-up and
 * loads tfjs only for the commands that train (tfjs costs ~100 MB and ~0.2 s to load).
 */

/** The backends the workbench offers, fastest first. */
export const BACKEND_CHOICES = ['gpu', 'node', 'wasm', 'cpu'] as const
/** One of {@link BACKEND_CHOICES}; `--backend` takes these. */
export type BackendChoice = (typeof BACKEND_CHOICES)[number]
