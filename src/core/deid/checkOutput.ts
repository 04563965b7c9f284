/**
 * The check of a written file (fail closed): its bytes are read again, independently of the
 * tree just edited, and searched for what the profile took away; leftovers are fixed as the
 * user chose (leftovers.ts) and the file written and checked again.
 */
import { readDicom } from '../dicom/readDicom';
import { writeDicom } from '../dicom/writer';
import type { ChangeRecord, LeftoverCounts } from './api';
import type { DataSetPlan } from './dataSetPlan';
import type { Identifier } from './identifiers';
import { findLeakDetails, publicFindings, type EngineValues, type LeakFinding } from './leakCheck';
import { acceptedByPolicy, emptyCounts, fixLeftovers, type LeftoverPolicy } from './leftovers';

/** Decisions whose value the engine makes up itself, from constants or the key. */
const ENGINE_MADE = new Set(['dummy', 'pseudonym', 'replace', 'uid']);

/**
 * What the engine wrote itself, by path, for the check to pass over: dummies, pseudonyms,
 * custom replacements, new UIDs and the method attributes it added. Not cleaned text, shifted
 * dates or look-alikes, which are made from the input's values.
 */
export function engineValuesOf(plan: DataSetPlan, changes: readonly ChangeRecord[]): EngineValues {
  const made = new Set<string>();
  for (const e of plan.elements) if (ENGINE_MADE.has(e.decision.do)) made.add(e.path);
  const values = new Map<string, string>();
  for (const change of changes) {
    if (change.value === undefined) continue;
    if (change.action === 'added' || made.has(change.path)) values.set(change.path, change.value);
    // The method code sequence: the engine's own codes in every item.
    if (change.action === 'added' && change.path === METHOD_CODE_SEQUENCE_PATH)
      values.set(`${change.path}[`, '');
  }
  return values;
}

const METHOD_CODE_SEQUENCE_PATH = '(0012,0064)';

/** Rounds of fixing: a cut can only shorten text, so a second look settles what is left. */
const MAX_FIX_ROUNDS = 3;

/**
 * The leak check of a written file, with the leftover fixes the profile asks for: each round
 * edits the output read back from its bytes, writes it again and checks the new bytes.
 */
export function checkAndFix(
  firstWrite: Uint8Array,
  outputPath: string,
  identifiers: readonly Identifier[],
  allowed: ReadonlySet<string>,
  policy: LeftoverPolicy,
  changes: ChangeRecord[],
  engineValues: EngineValues,
  allocate?: (size: number) => Uint8Array,
): { written: Uint8Array; findings: LeakFinding[]; leftovers?: LeftoverCounts } {
  let written = firstWrite;
  let file = readDicom(written);
  let details = findLeakDetails(file, outputPath, identifiers, allowed, engineValues);
  const counts = emptyCounts();
  for (let round = 0; round < MAX_FIX_ROUNDS && details.length > 0; round++) {
    const fixable = details.some((f) => f.allowed || policy.fixFor(f) !== undefined);
    if (!fixable) break;
    const before = changes.length;
    const remaining = fixLeftovers(file, details, policy, counts, changes);
    if (changes.length === before) {
      details = remaining;
      break;
    }
    written = writeDicom(file, { keepTrailingBytes: false, allocate });
    file = readDicom(written);
    details = findLeakDetails(file, outputPath, identifiers, allowed, engineValues).filter(
      (f) => !acceptedByPolicy(f, policy),
    );
  }
  const findings = publicFindings(details.filter((f) => !acceptedByPolicy(f, policy)));
  const any = counts.cut + counts.removed + counts.allowed + counts.allowedValues > 0;
  return { written, findings, ...(any ? { leftovers: counts } : {}) };
}
