/** Linux process-tree helpers for tests that kill a run and look for what it left behind. */
import fs from 'node:fs'

/** The state letter of a process ('R', 'S', 'Z', …), or undefined when it is gone. */
function state(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    // "pid (comm) S ppid …": comm may contain spaces and parentheses, so read after the last ')'
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]
  } catch {
    return undefined
  }
}

function parentOf(pid: number): number | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
  } catch {
    return undefined
  }
}

/** Every live descendant of `root` (children, their children, …). */
export function descendants(root: number): number[] {
  const pids = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number)
  const children = new Map<number, number[]>()
  for (const pid of pids) {
    const parent = parentOf(pid)
    if (parent !== undefined) children.set(parent, [...(children.get(parent) ?? []), pid])
  }
  const out: number[] = []
  const stack = [root]
  while (stack.length > 0) {
    for (const c of children.get(stack.pop()!) ?? []) {
      out.push(c)
      stack.push(c)
    }
  }
  return out
}

/** Whether `pid` still runs (a zombie waiting to be reaped has ended and does not count). */
export function running(pid: number): boolean {
  const s = state(pid)
  return s !== undefined && s !== 'Z' && s !== 'X'
}
