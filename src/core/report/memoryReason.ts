/**
 * The reason a file gets when it ran out of memory, in the CLI and in the page alike. A buffer
 * that cannot be allocated surfaces as V8's own words through several paths (the file read, the
 * engine's "internal error (...)", a worker's task loop), so it is recognised in the text.
 */
export const OUT_OF_MEMORY = 'ran out of memory while being processed';

// Node says "Array buffer allocation failed"; Chromium, past the largest buffer it maps,
// "Invalid array buffer length".
const BUFFER_FAILED = /\b(Array buffer allocation failed|Invalid array buffer length)\b/;

/** A reason that says a buffer could not be allocated, said plainly; any other as it is. */
export function explainOutOfMemory(reason: string): string {
  if (!BUFFER_FAILED.test(reason)) return reason;
  return `${OUT_OF_MEMORY} (a buffer of the size it needed could not be allocated)`;
}
