/**
 * The backend names alone, without tfjs: the CLI builds its options from them at start-up and
 * loads tfjs only for the commands that train (tfjs costs ~100 MB and ~0.2 s to load). The list
 * itself lives in src/contracts (the run config validates against it too).
 */
export { BACKEND_CHOICES, type BackendChoice } from '../contracts/backend-names.js'
