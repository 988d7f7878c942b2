/**
 * A download button's state around downloadFile (./download-file): busy while the file comes,
 * and the problem, when there is one, in the server's own words (or a plain one).
 */
import { useState } from "react";
import { downloadFile } from "./download-file";

export function useFileDownload() {
  const [busyWith, setBusyWith] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  async function download(url: string, fallbackName: string) {
    setBusyWith(url);
    setProblem(null);
    try {
      setProblem(await downloadFile(url, fallbackName));
    } finally {
      setBusyWith(null);
    }
  }

  return {
    download,
    busy: busyWith !== null,
    /** Whether this file is the one coming (a page with several download buttons). */
    isBusy: (url: string) => busyWith === url,
    problem,
    dismiss: () => setProblem(null),
  };
}
