// Routes of the workbench. Hash history: the desktop app loads the page from file://, where a
// path-based history has nothing to serve deep links from.
import { createRouter, createWebHashHistory, type RouteRecordRaw, type Router, type RouterHistory } from 'vue-router'
import DatasetsView from './views/DatasetsView.vue'

/** The main sections, in navigation order. */
export const SECTIONS = [
  { path: '/datasets', name: 'datasets', label: 'Datasets', hint: 'Import and manage ECG datasets' },
  { path: '/review', name: 'review', label: 'Review', hint: 'Look at windows and flag their quality' },
  { path: '/tune', name: 'tune', label: 'Tune', hint: 'See the six transformations of a window' },
  { path: '/experiments', name: 'experiments', label: 'Experiments', hint: 'Build, queue and watch training runs' },
  { path: '/results', name: 'results', label: 'Results', hint: 'Compare methods, folds and label fractions' },
] as const

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/datasets' },
  { path: '/datasets', name: 'datasets', component: DatasetsView },
  { path: '/datasets/import', name: 'import', component: () => import('./views/ImportView.vue') },
  // After /datasets/import, which it would otherwise match.
  { path: '/datasets/:name', name: 'dataset', component: () => import('./views/DatasetView.vue'), props: true },
  { path: '/review', name: 'review', component: () => import('./views/ReviewView.vue') },
  { path: '/tune', name: 'tune', component: () => import('./views/TuneView.vue') },
  { path: '/experiments', name: 'experiments', component: () => import('./views/ExperimentsView.vue') },
  { path: '/results', name: 'results', component: () => import('./views/ResultsView.vue') },
  { path: '/:unknown(.*)*', redirect: '/datasets' },
]

/** The router; tests pass a memory history. */
export function createAppRouter(history: RouterHistory = createWebHashHistory()): Router {
  return createRouter({ history, routes })
}
