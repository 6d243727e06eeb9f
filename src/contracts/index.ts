/** Public contracts of the workbench's services (zod schemas and their types). */
export * from './import.js'
export * from './datasets.js'
export * from './api.js'
export * from './preview.js'
export * from './review.js'
export * from './runs.js'
export * from './backend-names.js'
export * from './presets.js'
