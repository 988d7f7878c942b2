/**
 * Structured logs: one JSON object per line on stdout (warnings and errors on stderr), which
 * every log platform parses without configuration. For what operators search and alert on
 * (queue depth, retries, dead letters); the app's older `[area] text` lines stay as they are.
 */
export type LogLevel = "info" | "warn" | "error";

const LEVEL_OF: Record<string, LogLevel> = {
  queue_error: "error",
  delivery_retry: "warn",
};

export function logEvent(event: string, fields: Record<string, unknown>, level: LogLevel = LEVEL_OF[event] ?? "info") {
  const own = { time: new Date().toISOString(), level, event };
  // First and last: these keys lead every line, and a field of the same name cannot replace them.
  const line = JSON.stringify({ ...own, ...fields, ...own });
  if (level === "info") console.log(line);
  else console.error(line);
}
