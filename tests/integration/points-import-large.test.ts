/**
 * A 100,000-row file is read in bounded memory: the upload runs in a child process with
 * --expose-gc (tests/support/import-large-file.ts), which measures its heap after full
 * collections from the point the upload is warm to its end. A parse that held the file (or its
 * rows) would grow by the tens of megabytes read meanwhile; a streamed one stays flat.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROWS = 100_000;
/** Growth allowed while the rest of the file (over 15 MB) is read: noise, not the file. */
const MAX_GROWTH_MB = 8;

function runChild(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      ["--expose-gc", "--import", "tsx", path.resolve(__dirname, "../support/import-large-file.ts")],
      {
        env: { ...process.env, IMPORT_ROWS: String(ROWS), IMPORT_NOTE_BYTES: "250" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("a 100,000-row file", () => {
  it("is read and stored row by row: the heap does not grow with the file", { timeout: 120_000 }, async () => {
    const { code, stdout, stderr } = await runChild();
    expect(code, stderr).toBe(0);
    const measured = JSON.parse(stdout.trim().split("\n").at(-1)!);
    expect(measured).toMatchObject({ ok: true, totalRows: ROWS, matchedRows: ROWS, rowsStored: ROWS + 1 });
    expect(measured.readAfterWarmMb).toBeGreaterThan(15);
    expect(measured.heapGrowthAfterWarmMb).not.toBeNull();
    expect(measured.heapGrowthAfterWarmMb).toBeLessThan(MAX_GROWTH_MB);
  });
});
