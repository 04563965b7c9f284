/**
 * Hands a Blob to the browser as a download, through an <a download> click on a blob: URL (no
 * network: the policy's connect-src does not apply to downloads of the page's own Blobs).
 */

/**
 * The URL is revoked a while after the click, not at once: the download reads the Blob
 * asynchronously, and a revoked URL can cut it off in some browsers (FileSaver.js waits 40 s).
 * Revoking frees the Blob's memory once the download has its own reference.
 */
const REVOKE_AFTER_MS = 20_000;

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
}
