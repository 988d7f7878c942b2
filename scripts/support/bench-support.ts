/** What the benchmark scripts share: parameters from the environment, arithmetic, clean-up. */

/** A whole-number parameter from the environment, refused (with its range) when out of bounds. */
export function intFromEnv(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}.`);
  }
  return value;
}

/** The p-th percentile of ascending values (nearest rank); NaN when there are none. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * Runs every clean-up step even when one fails (a benchmark must not leave databases or
 * processes behind), reporting failures instead of hiding the benchmark's own result.
 */
export async function cleanUp(
  steps: readonly { what: string; run: (() => Promise<unknown>) | undefined }[],
): Promise<void> {
  for (const step of steps) {
    try {
      await step.run?.();
    } catch (error) {
      console.error(`${step.what} failed:`, error);
    }
  }
}
