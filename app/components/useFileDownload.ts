/**
 * Downloads a file the app serves: fetched with the session token App Bridge puts on the
 * app's own requests (a plain link would open without one), then handed to the browser as a
 * file. The problem, when there is one, is the server's own words (or a plain one).
 */
import { useState } from "react";

function fileNameOf(response: Response, fallback: string): string {
  return /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? fallback;
}

export function useFileDownload() {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  async function download(url: string, fallbackName: string) {
    setBusy(true);
    setProblem(null);
    try {
      const response = await fetch(url);
      if (!response.ok) {
        setProblem((await response.text()) || `The download failed (HTTP ${response.status}).`);
        return;
      }
      const objectUrl = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = objectUrl;
      link.download = fileNameOf(response, fallbackName);
      document.body.append(link);
      link.click();
      link.remove();
      // The click has handed the file to the browser; the object URL is not needed after it.
      setTimeout(() => URL.revokeObjectURL(objectUrl), 0);
    } catch {
      setProblem("The file could not be downloaded. Check your connection and try again.");
    } finally {
      setBusy(false);
    }
  }

  return { download, busy, problem, dismiss: () => setProblem(null) };
}
