/**
 * Filters dcm2niix's JSON sidecar to the allow-list (sidecarFields.ts). The profile's decisions
 * come from the de-identification of the series' first file: what it changed (its change log)
 * and what it wrote (the de-identified data set).
 */
import type { ChangeAction, ChangeRecord } from '../deid/api';
import { textValues } from '../deid/dataSetPlan';
import { findElement, type DicomItem } from '../dicom/dataset';
import { formatTag } from '../dicom/tag';
import { SIDECAR_FIELDS } from './sidecarFields';

/** How the profile treated the top-level attributes of one de-identified file. */
export interface ProfileView {
  /** The change the profile made to this top-level attribute; undefined when none. */
  change(tag: number): ChangeAction | undefined;
  /** Its value in the de-identified file ('' when absent or empty). */
  written(tag: number): string;
}

export function profileView(changes: readonly ChangeRecord[], dataset: DicomItem): ProfileView {
  const byPath = new Map<string, ChangeAction>();
  for (const change of changes)
    if (!byPath.has(change.path)) byPath.set(change.path, change.action);
  return {
    change: (tag) => byPath.get(formatTag(tag)),
    written: (tag) => {
      const element = findElement(dataset, tag);
      if (!element || element.items) return '';
      return textValues(dataset, element, element.vr).join('\\').trim();
    },
  };
}

export interface FilteredSidecar {
  readonly text: string;
  /** Fields dcm2niix wrote that the output does not carry. */
  readonly dropped: number;
}

/** The sidecar with allowed fields only; undefined when dcm2niix's text is not valid JSON. */
export function filterSidecar(json: string, view: ProfileView): FilteredSidecar | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
  const kept: Record<string, unknown> = {};
  let dropped = 0;
  for (const [key, value] of Object.entries(parsed)) {
    const allowed = allowedValue(key, value, view);
    if (allowed === undefined) dropped++;
    else kept[key] = allowed;
  }
  return { text: `${JSON.stringify(kept, null, '\t')}\n`, dropped };
}

function allowedValue(key: string, value: unknown, view: ProfileView): unknown {
  if (!Object.hasOwn(SIDECAR_FIELDS, key) || !isPlainValue(value)) return undefined;
  const rule = SIDECAR_FIELDS[key]!;
  if (rule.kind === 'technical') return value;
  const written = view.written(rule.tag);
  if (written === '') return undefined; // absent, emptied or removed in the DICOM
  const change = view.change(rule.tag);
  if (change === undefined) return value; // the profile keeps the attribute as it is
  if (change === 'cleaned' && rule.text) return written;
  return undefined;
}

/** Numbers, strings, booleans and flat arrays of them: no nested objects reach the output. */
function isPlainValue(value: unknown): boolean {
  const scalar = (v: unknown) =>
    typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean';
  return scalar(value) || (Array.isArray(value) && value.every(scalar));
}
