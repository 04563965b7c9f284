/**
 * The done screen's way out of a quarantine: the quarantined files grouped by what the final
 * check found (leftoverGroups.ts), a fix chosen per group (or one for every group), and a
 * re-run of the files whose every group has a choice. Nothing is chosen for the user: each
 * fix keeps or drops data, and only they can say which is right.
 */
import { useId, useMemo, useState } from 'react';
import './remedy.css';
import type { LeftoverFix } from '../../core/deid/api';
import type { FileResult, RerunRequest } from '../pipeline/types';
import type { SaveKind } from '../state';
import { Choice } from './Choice';
import { formatCount, plural } from './format';
import {
  filesToRerun,
  FIX_LABELS,
  FIXES,
  fixesFor,
  groupQuarantined,
  type LeftoverGroup,
} from './leftoverGroups';

const FIX_HINTS: Record<LeftoverFix, string> = {
  remove: 'The whole attribute is taken out of these files.',
  cut: 'Only the value found is taken out; the rest of the attribute stays (an attribute with nothing left, or that is not text, is removed).',
  allow:
    'The files are saved with it as it is. Choose this only when you know it identifies nobody.',
};

/** Where a re-run saves, in one line: what each way of saving allows once the run is over. */
const RERUN_SAVES: Record<SaveKind, string> = {
  'file-picker':
    'The .zip file you chose is complete and closed, so the re-run downloads a new .zip with these files and an updated report (report.csv and report.json for every file).',
  'directory-picker':
    'The re-run saves these files into the same folder and replaces its report.csv and report.json with ones that cover every file.',
  'download-parts':
    'The parts already downloaded are complete, so the re-run downloads one more .zip with these files and an updated report (report.csv and report.json for every file).',
};

export function LeftoverRemedy({
  results,
  save,
  onRerun,
}: {
  readonly results: readonly FileResult[];
  readonly save: SaveKind;
  readonly onRerun: (request: RerunRequest) => void;
}) {
  const id = useId();
  const groups = useMemo(() => groupQuarantined(results), [results]);
  const [choices, setChoices] = useState<ReadonlyMap<string, LeftoverFix>>(new Map());
  const fixable = groups.filter((group) => group.fixable);
  const include = useMemo(() => filesToRerun(results, groups, choices), [results, groups, choices]);
  if (groups.length === 0) return null;
  const quarantined = results.filter((result) => result.status === 'quarantined').length;
  const first = fixable.length > 0 ? choices.get(fixable[0]!.key) : undefined;
  const common =
    first !== undefined && fixable.every((group) => choices.get(group.key) === first)
      ? first
      : undefined;
  const choose = (group: LeftoverGroup, fix: LeftoverFix) =>
    setChoices((current) => new Map(current).set(group.key, fix));
  const chooseForAll = (fix: LeftoverFix) =>
    setChoices(new Map(fixable.map((group) => [group.key, fix])));
  return (
    <div className="card remedy" role="region" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Resolve the quarantine</h2>
      <p>
        The quarantined files are grouped by what the final check found in them: which attribute
        still holds which value. A file with several findings is in several groups. Choose what to
        do for each group, then re-run: the files are de-identified again with the same settings,
        key and study values, with your choices, and checked again.
      </p>
      {fixable.length > 1 ? (
        <fieldset className="remedy-all">
          <legend>Same choice for every group</legend>
          {FIXES.map((fix) => (
            <Choice
              key={fix}
              type="radio"
              name={`${id}-all`}
              label={FIX_LABELS[fix]}
              hint={FIX_HINTS[fix]}
              checked={common === fix}
              onChange={() => chooseForAll(fix)}
            />
          ))}
        </fieldset>
      ) : null}
      <ul className="remedy-groups">
        {groups.map((group, at) => (
          <li key={group.key}>
            <fieldset>
              <legend>{group.title}</legend>
              {group.fixable ? (
                <div className="remedy-options">
                  {FIXES.map((fix) => (
                    <Choice
                      key={fix}
                      type="radio"
                      name={`${id}-group-${at}`}
                      label={FIX_LABELS[fix]}
                      hint={fixable.length > 1 ? undefined : FIX_HINTS[fix]}
                      checked={choices.get(group.key) === fix}
                      onChange={() => choose(group, fix)}
                    />
                  ))}
                </div>
              ) : (
                <p className="muted small">
                  This cannot be fixed here: the names of written files are made from pseudonyms and
                  numbers. Please report it.
                </p>
              )}
            </fieldset>
          </li>
        ))}
      </ul>
      <p role="status">
        {include.length === 0
          ? 'Choose a fix for every group of a file to re-run it.'
          : `${plural(include.length, 'file')} of the ${formatCount(quarantined)} quarantined ${
              include.length === 1 ? 'has' : 'have'
            } a choice for every group and will be re-run.`}
      </p>
      <p className="muted small">{RERUN_SAVES[save]}</p>
      <div className="button-row">
        <button
          type="button"
          className="button primary"
          disabled={include.length === 0}
          onClick={() => {
            // The rules of groups none of whose files can go yet would fix nothing.
            const going = new Set(include);
            const used = groups.filter((g) => g.fileIndexes.some((index) => going.has(index)));
            onRerun({ fixes: fixesFor(used, choices), include });
          }}
        >
          Re-run these files
        </button>
      </div>
    </div>
  );
}
