import { decodeText, plainText } from '../dicom/charset';
import type { DicomElement, DicomItem } from '../dicom/dataset';
import { valueBytes } from '../dicom/dataset';
import { dictionaryVR } from '../dicom/dictionary';
import { trimPaddingEnd } from '../dicom/padding';
import { formatTag, isPrivateCreatorTag, isPrivateTag, type Tag } from '../dicom/tag';
import { characterSetsOf, privateCreatorOf } from '../dicom/values';
import { isSingleValuedTextVR, isTextVR } from '../dicom/vr';
import type { DerivationPurpose } from './derivations';
import type { Decision, ResolvedProfile, SequenceMode } from './profile';
import { isLocalCode } from './codingSchemes';
import { IdentifyingValues } from './textScrub';

/** One element and what the profile decided for it, found by walking the whole data set. */
export interface PlannedElement {
  readonly item: DicomItem;
  readonly element: DicomElement;
  readonly decision: Decision;
  /** The VR the action works with (the dictionary's for a UN element of a known tag). */
  readonly vr: string;
  readonly path: string;
  /** The current values, for actions that map values one by one. */
  readonly values: readonly string[];
}

/**
 * The first pass over a file: decides every element at every depth, and gathers what the second
 * pass needs: keyed derivations to compute ahead (HMAC is asynchronous) and the identifying
 * values that cleaning must cut out of free text.
 */
export class DataSetPlan {
  readonly elements: PlannedElement[] = [];
  readonly derivations: Array<readonly [DerivationPurpose, string]> = [];
  readonly identifying: IdentifyingValues;
  /** Identifying elements inside sequences that go whole: no edit, but never to be seen again. */
  readonly insideRemoved: PlannedElement[] = [];
  /** Every item walked, with its path: private blocks are tidied in each after the edits. */
  readonly items: Array<{ readonly item: DicomItem; readonly path: string }> = [];

  constructor(
    private readonly profile: ResolvedProfile,
    private readonly patientKey: string,
  ) {
    this.identifying = new IdentifyingValues(profile.allowed);
  }

  walk(item: DicomItem, path: string, mode: SequenceMode, direct: boolean): void {
    this.items.push({ item, path });
    const localCode = isLocalCode(item);
    const hiddenOverlays = this.overlaysInPixelData(item, mode, direct);
    for (const element of item.elements) {
      const creator = privateCreatorOf(item, element);
      const vr = effectiveVR(element, creator);
      const decision: Decision = hiddenOverlays.has(element.tag >>> 16)
        ? { do: 'remove' }
        : this.profile.decide({
            tag: element.tag,
            vr,
            privateCreator: creator,
            mode,
            direct,
            localCode,
          });
      if (decision.do === 'keep') continue;
      // Made only here: most elements are kept, and their paths were never read.
      const elementPath = `${path}${path ? '.' : ''}${formatTag(element.tag)}`;
      if (decision.do === 'recurse') {
        const items = element.items ?? [];
        items.forEach((child, i) =>
          this.walk(child, `${elementPath}[${i}]`, decision.mode, decision.named),
        );
        if (!element.items && vr === 'SQ' && element.length !== 0) {
          // The dictionary says sequence but the bytes would not parse as one: nothing in them
          // can be vouched for.
          this.add(item, element, { do: 'remove' }, vr, elementPath, []);
        }
        continue;
      }
      const values = isTextVR(vr) && !element.items ? textValues(item, element, vr) : [];
      this.add(item, element, decision, vr, elementPath, values);
    }
  }

  /**
   * Overlay groups without Overlay Data whose Overlay Data the profile would remove. Before 2004
   * an overlay could live in the unused high bits of Pixel Data, described by its group alone: a
   * viewer still draws it (a name, often) from those bits. The profile removes overlays by
   * removing (60xx,3000); for these, the description is what there is to remove.
   */
  private overlaysInPixelData(
    item: DicomItem,
    mode: SequenceMode,
    direct: boolean,
  ): ReadonlySet<number> {
    let groups: Set<number> | undefined;
    for (const { tag } of item.elements) {
      const group = tag >>> 16;
      if (group >= 0x6000 && group <= 0x601e && group % 2 === 0) (groups ??= new Set()).add(group);
    }
    if (!groups) return NO_GROUPS;
    for (const group of groups) {
      const data: Tag = ((group << 16) | 0x3000) >>> 0;
      const decision = this.profile.decide({
        tag: data,
        vr: 'OW',
        privateCreator: undefined,
        mode,
        direct,
      });
      if (item.elements.some((e) => e.tag === data) || decision.do !== 'remove')
        groups.delete(group);
    }
    return groups;
  }

  /** The identifying values inside a sequence that is removed, without planning its edits. */
  private collectIdentifying(item: DicomItem, path: string): void {
    for (const element of item.elements) {
      const creator = privateCreatorOf(item, element);
      const vr = effectiveVR(element, creator);
      const elementPath = `${path}.${formatTag(element.tag)}`;
      if (element.items) {
        element.items.forEach((child, i) => this.collectIdentifying(child, `${elementPath}[${i}]`));
        continue;
      }
      if (!isTextVR(vr) || isPrivateCreatorTag(element.tag)) continue;
      const decision = this.profile.decide({
        tag: element.tag,
        vr,
        privateCreator: creator,
        mode: 'normal',
        direct: false,
      });
      if (decision.do === 'keep' || decision.do === 'clean') continue;
      const values = textValues(item, element, vr);
      for (const value of values) this.identifying.add(value, vr, isPrivateTag(element.tag));
      this.insideRemoved.push({ item, element, decision, vr, path: elementPath, values });
    }
  }

  private add(
    item: DicomItem,
    element: DicomElement,
    decision: Decision,
    vr: string,
    path: string,
    values: string[],
  ): void {
    this.elements.push({ item, element, decision, vr, path, values });
    if (decision.do !== 'clean' && !isPrivateCreatorTag(element.tag)) {
      for (const value of values) this.identifying.add(value, vr, isPrivateTag(element.tag));
    }
    // A sequence that goes (Other Patient IDs Sequence, say) still tells what identifies.
    if (element.items && (decision.do === 'remove' || decision.do === 'empty')) {
      element.items.forEach((child, i) => this.collectIdentifying(child, `${path}[${i}]`));
    }
    switch (decision.do) {
      case 'uid':
        for (const value of values) if (value !== '') this.derivations.push(['uid', value]);
        break;
      case 'pseudonym':
        this.derivations.push(['patient', this.patientKey]);
        break;
      case 'shift-date':
        this.derivations.push(['date-offset', this.patientKey]);
        break;
      case 'similar':
        for (const value of values) this.derivations.push(['similar', value]);
        break;
      case 'clean':
        if (vr === 'AE') for (const value of values) this.derivations.push(['ae', value]);
        break;
    }
  }
}

const NO_GROUPS: ReadonlySet<number> = new Set();

/** The VR an element's action works with: sequences found in UN, dictionary VRs for UN. */
export function effectiveVR(element: DicomElement, creator: string | undefined): string {
  if (element.items) return 'SQ';
  if (element.vr !== 'UN') return element.vr;
  const known = dictionaryVR(element.tag, creator);
  // "OB or OW" style entries and unknown tags stay opaque.
  return known.length === 2 ? known : 'UN';
}

/** The values of a text element, split and trimmed as PS3.5 6.2 says, decoded by charset. */
export function textValues(item: DicomItem, element: DicomElement, vr: string): string[] {
  const bytes = valueBytes(item, element);
  if (bytes.length === 0) return [];
  const text = plainText(bytes, vr) ?? decodeText(bytes, characterSetsOf(item), vr);
  const endOnly = vr === 'UI' || vr === 'LT' || vr === 'ST' || vr === 'UT';
  // Most values are single: no array to split into and map over.
  if (isSingleValuedTextVR(vr) || !text.includes('\\'))
    return [endOnly ? trimPaddingEnd(text) : text.trim()];
  const values = text.split('\\');
  for (let i = 0; i < values.length; i++)
    values[i] = endOnly ? trimPaddingEnd(values[i]!) : values[i]!.trim();
  return values;
}
