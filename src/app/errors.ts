/** An error as words for the user: its message, never a stack. */
export function plainMessage(error: unknown): string {
  if (error instanceof Error && error.message.trim() !== '') return ensureFullStop(error.message);
  const text = String(error).trim();
  return text === '' ? 'No reason was given.' : ensureFullStop(text);
}

function ensureFullStop(text: string): string {
  const trimmed = text.trim();
  return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** The user closed a save dialog, or something else aborted: not an error to report. */
export function isAbortError(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'name' in error &&
    (error as { name: unknown }).name === 'AbortError'
  );
}
