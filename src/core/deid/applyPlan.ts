import type { DicomElement, DicomItem } from '../dicom/dataset';
import { removeElements, setItems, setValueBytes } from '../dicom/edit';
import { DicomWriteError } from '../dicom/errors';
import { elementOf, formatTag, groupOf, isPrivateCreatorTag, isPrivateTag } from '../dicom/tag';
import { encodeTextValue } from '../dicom/values';
import type { ChangeRecord } from './api';
import { shiftDate, shiftDateTime } from './dates';
import type { KeyedDerivations } from './derivations';
import { dummyBinary, dummyText } from './dummyValues';
import type { DataSetPlan, PlannedElement } from './dataSetPlan';
import { SCRUBBED } from './textScrub';

const OVERLAY_DATA_ELEMENT = 0x3000;

/**
 * The second pass: carries out the plan's decisions (the keyed derivations are ready by now)
 * and records each change. Returns the UIDs it replaced, for the mapping table.
 */
export function applyPlan(
  plan: DataSetPlan,
  keys: KeyedDerivations,
  patientKey: string,
  changes: ChangeRecord[],
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
    dropEmptyPrivateBlocks(item, path, changes);
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
  const cleaned = entry.values.map((v) => plan.identifying.scrub(v));
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
 * Replacement text is plain ASCII, which every character set in use can hold; should a data set
 * declare a set that cannot, the ASCII bytes are written (PS3.5 6.1.2.2: the default repertoire
 * is always allowed in G0).
 */
function encodeInItem(item: DicomItem, vr: string, text: string): Uint8Array {
  try {
    return encodeTextValue(item, vr, text);
  } catch (error) {
    if (!(error instanceof DicomWriteError)) throw error;
    const bytes = new TextEncoder().encode(text.replace(/[^\x20-\x7e]/g, '?'));
    return bytes;
  }
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
