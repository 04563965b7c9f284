/**
 * Which boxes the preview edits for the file shown: the series' own boxes, or the template of
 * its device and size (Manufacturer, Manufacturer's Model Name, Rows, Columns), as the user
 * chose with "Apply to". Reads the device from the original file's header.
 */
import { findElement, type DicomFile } from '../../../core/dicom/dataset';
import { readStrings } from '../../../core/dicom/values';
import {
  seriesBoxesOf,
  templateOf,
  withSeriesBoxes,
  withTemplateBoxes,
  type DeviceMatch,
  type UserBox,
  type UserRegions,
} from '../userRegions';

export type BoxScope = 'series' | 'device';

/** What the image view needs to edit boxes; absent, it only shows the images. */
export interface BoxEditing {
  readonly regions: UserRegions;
  /** The review screen's key of the series shown. */
  readonly seriesKey: string;
  readonly onRegions: (regions: UserRegions) => void;
  /** The passphrase or generated key of the run ('' while none is set): saving series boxes. */
  readonly keySource: string;
  /** Where the detector found text in this file, by frame (sampled frames only). */
  readonly detected: ReadonlyMap<
    number,
    readonly { x: number; y: number; width: number; height: number }[]
  >;
}

/** The file's device and size; undefined without a manufacturer (a template needs one). */
export function deviceOf(file: DicomFile, rows: number, columns: number): DeviceMatch | undefined {
  const text = (tag: number) => {
    const element = findElement(file.dataset, tag);
    if (!element || element.items) return '';
    try {
      return (readStrings(file.dataset, element)[0] ?? '').trim();
    } catch {
      return '';
    }
  };
  const manufacturer = text(0x00080070);
  if (manufacturer === '') return undefined;
  const model = text(0x00081090);
  return { manufacturer, ...(model ? { model } : {}), rows, columns };
}

export function boxesIn(
  regions: UserRegions,
  scope: BoxScope,
  seriesKey: string,
  device: DeviceMatch | undefined,
): readonly UserBox[] {
  if (scope === 'series') return seriesBoxesOf(regions, seriesKey);
  return device ? (templateOf(regions, device)?.boxes ?? []) : [];
}

export function withBoxesIn(
  regions: UserRegions,
  scope: BoxScope,
  seriesKey: string,
  device: DeviceMatch | undefined,
  boxes: readonly UserBox[],
): UserRegions {
  if (scope === 'series') return withSeriesBoxes(regions, seriesKey, boxes);
  return device ? withTemplateBoxes(regions, device, boxes) : regions;
}

/** The shown boxes go where the user now wants them to apply; the old place loses them. */
export function movedToScope(
  regions: UserRegions,
  from: BoxScope,
  to: BoxScope,
  seriesKey: string,
  device: DeviceMatch | undefined,
): UserRegions {
  if (from === to || !device) return regions;
  const boxes = boxesIn(regions, from, seriesKey, device);
  const cleared = withBoxesIn(regions, from, seriesKey, device, []);
  return withBoxesIn(cleared, to, seriesKey, device, [
    ...boxesIn(cleared, to, seriesKey, device),
    ...boxes,
  ]);
}
