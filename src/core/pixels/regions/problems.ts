/**
 * The problem list every check of a regions file writes to, and the error that carries it to the
 * caller once the whole file has been checked.
 */
import { quoted, suggestion, type Json } from '../../deid/profileJson';
import { PIXEL_REGIONS_LIMITS as L } from './types';

export class PixelRegionsError extends Error {
  /** One line per problem, each starting with its JSON path. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(problems.join('\n'));
    this.name = 'PixelRegionsError';
    this.problems = problems;
  }
}

/** Problems collected while checking, capped at maxProblems lines plus one count line. */
export class Problems {
  readonly lines: string[] = [];
  private dropped = 0;

  add(line: string): void {
    if (this.lines.length < L.maxProblems) this.lines.push(line);
    else this.dropped++;
  }

  get any(): boolean {
    return this.lines.length > 0;
  }

  throwIfAny(): void {
    if (!this.any) return;
    const lines = [...this.lines];
    if (this.dropped > 0) lines.push(`$: ${this.dropped} more problems not listed`);
    throw new PixelRegionsError(lines);
  }
}

export const keyPath = (key: string): string =>
  /^[A-Za-z_]\w*$/.test(key) ? key : `[${quoted(key)}]`;

export function unknownKeys(
  value: { [key: string]: Json },
  allowed: readonly string[],
  path: string,
  problems: Problems,
  showKeys = true,
): void {
  for (const key of Object.keys(value)) {
    if (allowed.includes(key)) continue;
    problems.add(
      showKeys
        ? `${path}.${keyPath(key)}: unknown key${suggestion(key, allowed)}; expected ${allowed.join(', ')}`
        : `${path}: an unknown key (not shown); expected only ${allowed.join(', ')}`,
    );
  }
}
