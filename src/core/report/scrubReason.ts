/**
 * The last line of defence for reasons shown in reports: they come from code that does not
 * quote paths or values, but a path must never reach a report even if one slipped in. The
 * given paths and every folder and file name in them are cut out (longest first), and the
 * reason is kept to one short line. A name of plain lower-case letters is left alone: a folder
 * called "data" would otherwise turn "data set" into nonsense, while names that identify
 * (capitals, digits, spaces, separators) are cut. A file called DICOMDIR is left alone too.
 */
export const MAX_REASON_LENGTH = 300;

/** Names the standard fixes, which identify no one (and which reasons name). */
const STANDARD_NAMES = new Set(['DICOMDIR']);

export function scrubReason(reason: string, paths: readonly string[]): string {
  let text = reason.replace(/\s+/g, ' ').trim();
  const names = paths
    .flatMap((path) => path.split('/'))
    .filter((name) => !/^[a-z]+$/.test(name) && !STANDARD_NAMES.has(name));
  for (const fragment of [...paths, ...names].sort((a, b) => b.length - a.length)) {
    if (fragment.length >= 4) text = text.split(fragment).join('<input>');
  }
  return text.length > MAX_REASON_LENGTH ? `${text.slice(0, MAX_REASON_LENGTH - 1)}…` : text;
}
