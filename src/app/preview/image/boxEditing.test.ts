import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readDicom } from '../../../core/dicom/readDicom';
import { corpusFile } from '../../../core/testing/corpus';
import { EMPTY_USER_REGIONS, seriesBoxesOf, templateOf, type UserBox } from '../userRegions';
import { boxesIn, deviceOf, movedToScope, withBoxesIn } from './boxEditing';

const read = (relative: string) => readDicom(new Uint8Array(readFileSync(corpusFile(relative))));
const BOX: UserBox = { x: 5, y: 6, width: 50, height: 20, frames: 'all' };
const MORE: UserBox = { x: 100, y: 400, width: 300, height: 60, frames: 'all' };

describe('the device of the file shown', () => {
  it('reads Manufacturer and Manufacturer’s Model Name from a real ultrasound', () => {
    expect(deviceOf(read('pydicom-data/data_store/data/US1_UNCR.dcm'), 480, 640)).toEqual({
      manufacturer: 'G.E. Medical Systems',
      model: 'LOGIQ 700',
      rows: 480,
      columns: 640,
    });
  });

  it('has none when the file names no maker (a template needs one)', () => {
    expect(deviceOf(read('pydicom-data/data_store/data/693_UNCR.dcm'), 512, 512)).toBeUndefined();
  });
});

describe('where the edited boxes go', () => {
  const device = {
    manufacturer: 'G.E. Medical Systems',
    model: 'LOGIQ 700',
    rows: 480,
    columns: 640,
  };

  it('edits the series boxes or the device template, as chosen', () => {
    const series = withBoxesIn(EMPTY_USER_REGIONS, 'series', 's1', device, [BOX]);
    expect(seriesBoxesOf(series, 's1')).toEqual([BOX]);
    expect(boxesIn(series, 'device', 's1', device)).toEqual([]);
    const both = withBoxesIn(series, 'device', 's1', device, [MORE]);
    expect(boxesIn(both, 'device', 's1', device)).toEqual([MORE]);
    expect(boxesIn(both, 'series', 's1', device)).toEqual([BOX]);
  });

  it('cannot make a template without a device: nothing changes', () => {
    expect(withBoxesIn(EMPTY_USER_REGIONS, 'device', 's1', undefined, [BOX])).toBe(
      EMPTY_USER_REGIONS,
    );
    expect(boxesIn(EMPTY_USER_REGIONS, 'device', 's1', undefined)).toEqual([]);
  });

  it('moves the shown boxes to the new scope, adding to what is there, and back', () => {
    const start = withBoxesIn(
      withBoxesIn(EMPTY_USER_REGIONS, 'series', 's1', device, [BOX]),
      'device',
      's1',
      device,
      [MORE],
    );
    const toDevice = movedToScope(start, 'series', 'device', 's1', device);
    expect(seriesBoxesOf(toDevice, 's1')).toEqual([]);
    expect(templateOf(toDevice, device)?.boxes).toEqual([MORE, BOX]);
    const back = movedToScope(toDevice, 'device', 'series', 's1', device);
    expect(templateOf(back, device)).toBeUndefined();
    expect(seriesBoxesOf(back, 's1')).toEqual([MORE, BOX]);
    // Without a device there is no template to move to or from.
    expect(movedToScope(start, 'series', 'device', 's1', undefined)).toBe(start);
    expect(movedToScope(start, 'series', 'series', 's1', device)).toBe(start);
  });
});
