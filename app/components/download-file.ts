/**
 * Downloads one of the app's files in the browser. The file is fetched with the session token
 * App Bridge puts on the app's own requests (a plain link would open without one), then handed
 * to the browser as a download. Returns what went wrong, in words, or null.
 */
function fileNameOf(response: Response, fallback: string): string {
  return /filename="([^"]+)"/.exec(response.headers.get("content-disposition") ?? "")?.[1] ?? fallback;
}

export async function downloadFile(path: string, fallbackName: string): Promise<string | null> {
  try {
    const response = await fetch(path);
    if (!response.ok) return (await response.text()) || `The download failed (HTTP ${response.status}).`;
    const url = URL.createObjectURL(await response.blob());
    const link = document.createElement("a");
    link.href = url;
    link.download = fileNameOf(response, fallbackName);
    document.body.append(link);
    link.click();
    link.remove();
    // The click has handed the file to the browser; the object URL is not needed after it.
    setTimeout(() => URL.revokeObjectURL(url), 0);
    return null;
  } catch {
    return "The file could not be downloaded. Check your connection and try again.";
  }
}
