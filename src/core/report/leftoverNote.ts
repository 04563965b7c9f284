/**
 * How a run's leftover settings and fixes read in reports: settings without values (so a run
 * can be repeated), and a per-file note saying what the check fixed or accepted.
 */
import type { LeftoverCounts, LeftoverRule, ProfileSpec } from '../deid/api';

/** The leftover settings of a run, for report.json: never an allowed value, only their count. */
export interface LeftoverSettings {
  readonly onLeftover: 'quarantine' | 'clean';
  readonly fixes: readonly LeftoverRule[];
  readonly allowValues: number;
}

export function leftoverSettings(spec: ProfileSpec): LeftoverSettings {
  return {
    onLeftover: spec.onLeftover ?? 'quarantine',
    fixes: spec.leftoverFixes ?? [],
    allowValues: spec.allowValues?.length ?? 0,
  };
}

/**
 * "written after the leftover check: 1 value cut out, 2 attributes removed, 1 finding
 * allowed", or '' when the check changed and accepted nothing.
 */
export function leftoverNote(counts: LeftoverCounts | undefined): string {
  const done = leftoverCheckNote(counts);
  return done && `written ${done}`;
}

/**
 * leftoverNote without "written", for a row whose status already says so (the page's):
 * "after the leftover check: 1 value cut out".
 */
export function leftoverCheckNote(counts: LeftoverCounts | undefined): string {
  if (!counts) return '';
  const parts = [
    counted(counts.cut, 'value cut out', 'values cut out'),
    counted(counts.removed, 'attribute removed', 'attributes removed'),
    counted(counts.allowed, 'finding allowed', 'findings allowed'),
    counted(counts.allowedValues, 'use of an allowed value', 'uses of allowed values'),
  ].filter((part) => part !== '');
  return parts.length ? `after the leftover check: ${parts.join(', ')}` : '';
}

function counted(n: number, one: string, many: string): string {
  return n === 0 ? '' : `${n} ${n === 1 ? one : many}`;
}
