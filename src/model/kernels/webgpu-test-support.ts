/**
 * Whether the WebGPU tests can run here, decided once: they need Dawn's Node binding and an
 * adapter (in CI: Mesa's llvmpipe through OpenGL ES and EGL, from the Debian packages libegl1
 * libegl-mesa0 libgles2 libgl1-mesa-dri). Where Dawn genuinely cannot start (a developer machine
 * without those packages) the tests skip with the reason; with CI_REQUIRE_WEBGPU=1 (set by
 * .ci/run) a missing adapter fails instead. Test support only.
 */
import { describeAdapterLine, noHardwareAdapterReason, probeWebgpu, type WebgpuAdapter } from '../webgpu-adapters.js'

/** The adapter the WebGPU tests would run on, or why there is none. */
export async function webgpuTestAdapter(): Promise<{ adapter: WebgpuAdapter; skip: null } | { adapter: undefined; skip: string }> {
  const probe = await probeWebgpu()
  const adapter = probe.adapters.find((a) => a.hardware) ?? probe.adapters[0]
  if (adapter !== undefined) return { adapter, skip: null }
  const reason = `no WebGPU adapter: ${noHardwareAdapterReason(probe)} (on Linux, install libegl1 libegl-mesa0 libgles2 libgl1-mesa-dri for Mesa's llvmpipe)`
  if (process.env.CI_REQUIRE_WEBGPU === '1') throw new Error(`CI_REQUIRE_WEBGPU=1 but ${reason}`)
  return { adapter: undefined, skip: reason }
}

/** One line naming the adapter, for the test log. */
export const adapterLine = describeAdapterLine
