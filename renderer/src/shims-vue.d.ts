// For tools that read TypeScript without Vue's compiler (type-aware ESLint): a .vue import is a
// component. vue-tsc and Vite resolve the real files and ignore this.
declare module '*.vue' {
  import type { DefineComponent } from 'vue'
  const component: DefineComponent<object, object, unknown>
  export default component
}
