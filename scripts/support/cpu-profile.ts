/**
 * A summary of a V8 CPU profile (`node --cpu-prof`'s .cpuprofile): where a process's time went,
 * by package (self time) and by function (self and inclusive time), for the benchmarks'
 * "where the time goes" write-ups.
 */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** Where a frame's code lives: a package, the app's build, Node itself, or V8's own entries. */
export function placeOf(url: string, root: string): string {
  if (url === "") return "(v8/native)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0]!.startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith("node:")) return "node (core)";
  const local = url.replace(/^file:\/\//, "").replace(`${root}/`, "");
  if (local.startsWith("build/server/")) return "app (build/server)";
  return local;
}

const share = (ms: number, total: number) => Math.round((1000 * ms) / total) / 10;

/** `lastSeconds`: only the samples of the profile's last seconds (leaves out the start-up). */
export function summariseCpuProfile(
  profile: CpuProfile,
  root: string,
  options: { lastSeconds?: number; top?: number } = {},
) {
  const top = options.top ?? 30;
  const from = options.lastSeconds === undefined ? -Infinity : profile.endTime - options.lastSeconds * 1e6;
  let at = profile.startTime;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const key = (n: ProfileNode) =>
    `${n.callFrame.functionName || "(anonymous)"} ${placeOf(n.callFrame.url, root)}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const places = new Map<string, number>();
  let total = 0;
  let idle = 0;
  profile.samples.forEach((id, i) => {
    at += profile.timeDeltas[i] ?? 0;
    if (at < from) return;
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    const node = byId.get(id)!;
    if (node.callFrame.functionName === "(idle)") {
      idle += ms;
      return;
    }
    total += ms;
    self.set(key(node), (self.get(key(node)) ?? 0) + ms);
    const place =
      node.callFrame.url === "" ? node.callFrame.functionName || "(v8/native)" : placeOf(node.callFrame.url, root);
    places.set(place, (places.get(place) ?? 0) + ms);
    // Inclusive: each function once per sample, however often it recurs on the stack.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const k = key(byId.get(at)!);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + ms);
    }
  });
  const ranked = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, ms]) => ({ name, ms: Math.round(ms), percent: share(ms, total) }));
  return {
    busyMs: Math.round(total),
    idleMs: Math.round(idle),
    byPlace: ranked(places, 25),
    selfTop: ranked(self, top),
    // Drop the event loop's frames, which contain everything.
    inclusiveTop: ranked(inclusive, top + 20).filter((f) => f.percent < 99),
  };
}
