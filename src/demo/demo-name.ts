/** The name the demo dataset is imported under unless the user chooses another. */
export const DEMO_DATASET = 'demo'
