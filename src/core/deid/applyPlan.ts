import type { DicomElement, DicomItem } from '../dicom/dataset';
import { removeElements, setItems, setValueBytes } from '../dicom/edit';
import { DicomWriteError } from '../dicom/errors';
import { elementOf, formatTag, groupOf, isPrivateCreatorTag, isPrivateTag } from '../dicom/tag';
import { encodeTextValue } from '../dicom/values';
import { isTextVR } from '../dicom/vr';
import type { ChangeRecord } from './api';
import { shiftDate, shiftDateTime } from './dates';
import type { KeyedDerivations } from './derivations';
import { dummyBinary, dummyText } from './dummyValues';
import type { DataSetPlan, PlannedElement } from './dataSetPlan';
import { SCRUBBED } from './textScrub';

const OVERLAY_DATA_ELEMENT = 0x3000;
/** PS3.5 Table 6.2-1: maximum characters per value (PN per component group, loosely). */
const MAX_TEXT_LENGTH: Readonly<Record<string, number>> = {
  AE: 16,
  LO: 64,
  LT: 10240,
  PN: 64,
  SH: 16,
  ST: 1024,
};

/**
 * The second pass: carries out the plan's decisions (the keyed derivations are ready by now)
 * and records each change. Returns the UIDs it replaced, for the mapping table.
 */
export function applyPlan(
  plan: DataSetPlan,
  keys: KeyedDerivations,
  patientKey: string,
  changes: ChangeRecord[],
  /** False for the legacy table, which keeps everything it does not name as it was. */
  tidyPrivateBlocks = true,
): Array<readonly [string, string]> {
  const uids: Array<readonly [string, string]> = [];
  const removals = new Map<DicomItem, Set<DicomElement>>();
  const remove = (entry: PlannedElement) => {
    let set = removals.get(entry.item);
    if (!set) removals.set(entry.item, (set = new Set()));
    set.add(entry.element);
    changes.push({ path: entry.path, action: 'removed' });
  };

  for (const entry of plan.elements) {
    const { decision, vr, values, element } = entry;
    switch (decision.do) {
      case 'remove':
        remove(entry);
        break;
      case 'empty':
        if (element.items || vr === 'SQ') setItems(element, []);
        else setValueBytes(element, new Uint8Array(0));
        changes.push({ path: entry.path, action: 'emptied' });
        break;
      case 'dummy':
        writeDummy(entry, changes);
        break;
      case 'pseudonym':
        writeText(entry, keys.patientPseudonym(patientKey), 'replaced', changes);
        break;
      case 'replace':
        if (!isTextVR(vr))
          throw new DicomWriteError(`a text replacement cannot go into ${entry.path} (${vr})`);
        writeText(entry, decision.value, 'replaced', changes);
        break;
      case 'similar':
        writeText(entry, values.map((v) => keys.similar(v)).join('\\'), 'replaced', changes);
        break;
      case 'uid': {
        const mapped = values.map((v) => (v === '' ? v : keys.uid(v)));
        values.forEach((v, i) => v !== '' && uids.push([v, mapped[i]!]));
        writeText(entry, mapped.join('\\'), 'uid-remapped', changes);
        break;
      }
      case 'shift-date': {
        const days = keys.dateOffsetDays(patientKey);
        const shift = vr === 'DT' ? shiftDateTime : shiftDate;
        const shifted = values.map((v) => (v === '' ? v : shift(v, days)));
        // A value that is not a date cannot be shifted and cannot be kept either.
        if (shifted.some((v) => v === undefined)) writeDummy(entry, changes);
        else writeText(entry, shifted.join('\\'), 'date-shifted', changes);
        break;
      }
      case 'clean':
        if (vr === 'AE')
          writeText(entry, values.map((v) => keys.aeTitle(v)).join('\\'), 'cleaned', changes);
        else cleanText(entry, plan, changes);
        break;
      case 'keep':
      case 'recurse':
        break;
    }
  }

  for (const { item, path } of plan.items) {
    const gone = removals.get(item);
    if (gone) {
      removeElements(item, (e) => gone.has(e));
      dropOrphanedOverlays(item, gone, path, changes);
      dropDependents(item, gone, path, changes);
    }
    if (tidyPrivateBlocks) dropEmptyPrivateBlocks(item, path, changes);
  }
  return uids;
}

function writeDummy(entry: PlannedElement, changes: ChangeRecord[]): void {
  const text = dummyText(entry.vr);
  if (text !== undefined) {
    writeText(entry, text, 'replaced', changes);
    return;
  }
  const bytes = dummyBinary(entry.vr);
  setValueBytes(entry.element, bytes);
  changes.push({ path: entry.path, action: 'replaced', value: `${bytes.length} zero bytes` });
}

function writeText(
  entry: PlannedElement,
  text: string,
  action: ChangeRecord['action'],
  changes: ChangeRecord[],
): void {
  setValueBytes(entry.element, encodeInItem(entry.item, entry.vr, text));
  changes.push({ path: entry.path, action, value: text });
}

function cleanText(entry: PlannedElement, plan: DataSetPlan, changes: ChangeRecord[]): void {
  const limit = MAX_TEXT_LENGTH[entry.vr];
  const cleaned = entry.values.map((v) => {
    const scrubbed = plan.identifying.scrub(v);
    // "***" can be longer than what it replaced; the value must stay within its VR.
    return limit !== undefined && scrubbed.length > limit ? scrubbed.slice(0, limit) : scrubbed;
  });
  if (cleaned.every((v, i) => v === entry.values[i])) return; // nothing identifying found
  const text = cleaned.join('\\');
  try {
    setValueBytes(entry.element, encodeTextValue(entry.item, entry.vr, text));
    changes.push({ path: entry.path, action: 'cleaned', value: text });
  } catch (error) {
    if (!(error instanceof DicomWriteError)) throw error;
    writeText(entry, SCRUBBED, 'cleaned', changes);
  }
}

/**
 * Text in the character sets the item declares. Our own values are ASCII, which every set
 * holds; a custom replacement the sets cannot hold fails the file (DicomWriteError) rather than
 * being written as something else.
 */
function encodeInItem(item: DicomItem, vr: string, text: string): Uint8Array {
  return encodeTextValue(item, vr, text);
}

/**
 * A private creator whose block holds no element (any more) goes: it would name nothing, and
 * its value is text nobody checked.
 */
function dropEmptyPrivateBlocks(item: DicomItem, path: string, changes: ChangeRecord[]): void {
  if (!item.elements.some((e) => isPrivateCreatorTag(e.tag))) return;
  const used = new Set<number>();
  for (const e of item.elements) {
    if (isPrivateTag(e.tag) && !isPrivateCreatorTag(e.tag) && elementOf(e.tag) >= 0x1000)
      used.add(((groupOf(e.tag) << 8) | (elementOf(e.tag) >> 8)) >>> 0);
  }
  removeLogged(
    item,
    (e) =>
      isPrivateCreatorTag(e.tag) &&
      !used.has(((groupOf(e.tag) << 8) | (elementOf(e.tag) & 0xff)) >>> 0),
    path,
    changes,
  );
}

function removeLogged(
  item: DicomItem,
  remove: (e: DicomElement) => boolean,
  path: string,
  changes: ChangeRecord[],
): void {
  for (const e of item.elements) {
    if (remove(e))
      changes.push({ path: `${path}${path ? '.' : ''}${formatTag(e.tag)}`, action: 'removed' });
  }
  removeElements(item, remove);
}

/**
 * Without its Overlay Data an overlay group is an invalid, half-described overlay: when the
 * profile removes (60xx,3000), the rest of that repeating group goes with it.
 */
function dropOrphanedOverlays(
  item: DicomItem,
  gone: Set<DicomElement>,
  path: string,
  changes: ChangeRecord[],
): void {
  const groups = new Set<number>();
  for (const e of gone) {
    const group = groupOf(e.tag);
    if (group >= 0x6000 && group <= 0x601e && elementOf(e.tag) === OVERLAY_DATA_ELEMENT)
      groups.add(group);
  }
  if (groups.size > 0) removeLogged(item, (e) => groups.has(groupOf(e.tag)), path, changes);
}

/**
 * Attributes that may be present only with another one (type 1C "required if X is present",
 * and not allowed otherwise): when the profile removes the principal, its dependant goes too.
 */
const DEPENDANTS: ReadonlyArray<readonly [principal: number, dependant: number]> = [
  [0x00102297, 0x00102298], // Responsible Person → Responsible Person Role
];

function dropDependents(
  item: DicomItem,
  gone: Set<DicomElement>,
  path: string,
  changes: ChangeRecord[],
): void {
  const removedTags = new Set([...gone].map((e) => e.tag));
  const dependants = new Set(DEPENDANTS.filter(([p]) => removedTags.has(p)).map(([, d]) => d));
  if (dependants.size > 0) removeLogged(item, (e) => dependants.has(e.tag), path, changes);
}
