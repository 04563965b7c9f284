/** The header of a page run's report.json: what the run was made with, never a value. */
import type { ProfileSpec } from '../../core/deid/api';
import { leftoverSettings } from '../../core/report/leftoverNote';
import type { ReportHeader } from '../../core/report/report';
import type { RunOptions } from './types';

export function reportHeader(options: RunOptions, version: string): ReportHeader {
  const { spec } = options;
  return {
    tool: 'dicomanon',
    version,
    output: options.format,
    profile: {
      base: spec.base,
      ...(spec.name === undefined ? {} : { name: spec.name }),
      options: spec.options,
      customRules: spec.overrides?.length ?? 0,
    },
    // The key is a passphrase or a generated key shown to the user: either can be used again.
    reproducible: true,
    // Only a re-run with fixes has leftover settings: a plain run's report stays the CLI's.
    ...(hasLeftoverSettings(spec) ? { leftovers: leftoverSettings(spec) } : {}),
  };
}

function hasLeftoverSettings(spec: ProfileSpec): boolean {
  return (
    (spec.leftoverFixes?.length ?? 0) > 0 ||
    (spec.allowValues?.length ?? 0) > 0 ||
    (spec.onLeftover ?? 'quarantine') !== 'quarantine'
  );
}
