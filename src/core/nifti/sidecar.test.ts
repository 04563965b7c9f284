/**
 * The sidecar allow-list: what the profile decides reaches the JSON, and nothing dcm2niix can
 * write goes unconsidered.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChangeAction, ProfileSpec } from '../deid/api';
import type { ProfileOptionName } from '../deid/options';
import { PROJECT_ROOT, SHARED_DATA } from '../testing/corpus';
import { convertCorpusSeries } from '../testing/niftiCorpus';
import { filterSidecar, type ProfileView } from './sidecar';
import { SIDECAR_DROPPED, SIDECAR_FIELDS } from './sidecarFields';

const SERIES_DESCRIPTION = 0x0008103e;
const INSTITUTION = 0x00080080;

function view(entries: Record<number, [string, ChangeAction | undefined]>): ProfileView {
  return {
    written: (tag) => entries[tag]?.[0] ?? '',
    change: (tag) => entries[tag]?.[1],
  };
}

const filter = (json: object, v: ProfileView) =>
  JSON.parse(filterSidecar(JSON.stringify(json), v)!.text) as Record<string, unknown>;

describe('filterSidecar', () => {
  const sidecar = {
    EchoTime: 0.03,
    SliceTiming: [0, 1.5],
    PatientName: 'DOE^JOHN',
    SeriesInstanceUID: '1.2.3',
    SeriesDescription: 'Head John Doe',
    InstitutionName: 'General Hospital',
    SomethingNew: 'anything',
    ShimSetting: { nested: 1 },
  };

  it('keeps technical fields, drops identifiers, unknown keys and nested objects', () => {
    expect(filter(sidecar, view({}))).toEqual({ EchoTime: 0.03, SliceTiming: [0, 1.5] });
  });

  it('keeps a profile field the profile leaves unchanged, as dcm2niix wrote it', () => {
    const kept = view({ [INSTITUTION]: ['General Hospital', undefined] });
    expect(filter(sidecar, kept)).toMatchObject({ InstitutionName: 'General Hospital' });
  });

  it('a cleaned text field carries the cleaned value; replaced or removed ones are dropped', () => {
    const cleaned = view({ [SERIES_DESCRIPTION]: ['Head', 'cleaned'] });
    expect(filter(sidecar, cleaned)).toMatchObject({ SeriesDescription: 'Head' });
    const dummy = view({ [SERIES_DESCRIPTION]: ['ANONYMIZED', 'replaced'] });
    expect(filter(sidecar, dummy)).not.toHaveProperty('SeriesDescription');
    const emptied = view({ [SERIES_DESCRIPTION]: ['', 'emptied'] });
    expect(filter(sidecar, emptied)).not.toHaveProperty('SeriesDescription');
  });

  it('gives up on text that is not a JSON object', () => {
    expect(filterSidecar('{"EchoTime": nan}', view({}))).toBeUndefined();
    expect(filterSidecar('[1]', view({}))).toBeUndefined();
  });
});

describe('the allow-list', () => {
  it('considers every field the bundled dcm2niix can write (allowed, or dropped with a reason)', () => {
    const wasm = readFileSync(
      path.join(PROJECT_ROOT, 'node_modules/@niivue/dcm2niix/dist/dcm2niix.jpeg.wasm'),
      'latin1',
    );
    const keys = new Set([...wasm.matchAll(/\t"([A-Za-z0-9_]+)": /g)].map((m) => m[1]!));
    expect(keys.size).toBeGreaterThan(150);
    const unconsidered = [...keys].filter(
      (key) => !Object.hasOwn(SIDECAR_FIELDS, key) && !Object.hasOwn(SIDECAR_DROPPED, key),
    );
    expect(unconsidered).toEqual([]);
  });

  it('allows and drops no field twice', () => {
    const both = Object.keys(SIDECAR_FIELDS).filter((key) => Object.hasOwn(SIDECAR_DROPPED, key));
    expect(both).toEqual([]);
  });
});

describe('sidecars of a real series under different profiles', () => {
  const SIEMENS = path.join(SHARED_DATA, 'dcm_qa_nih/In/20180918Si/mr_0003') + path.sep;

  async function sidecarWith(options: ProfileOptionName[]): Promise<Record<string, unknown>> {
    const spec: ProfileSpec = { base: 'basic', options };
    const [series] = await convertCorpusSeries(SIEMENS, spec);
    if (series?.outcome.status !== 'converted') throw new Error('not converted');
    const json = series.outcome.files.find((file) => file.kind === 'sidecar')!;
    return JSON.parse(Buffer.concat(json.chunks).toString('utf8')) as Record<string, unknown>;
  }

  it('basic: no institution, device serial, station, descriptions or time of day', async () => {
    const json = await sidecarWith([]);
    for (const key of [
      'InstitutionName',
      'InstitutionAddress',
      'DeviceSerialNumber',
      'StationName',
      'SeriesDescription',
      'ProtocolName',
      'StudyDescription',
      'AcquisitionTime',
      'ImageComments',
    ])
      expect(json, key).not.toHaveProperty(key);
    expect(json).toMatchObject({ EchoTime: 0.05, Manufacturer: 'Siemens', SeriesNumber: 3 });
  });

  it('options bring back what they retain, and clean descriptors keeps cleaned descriptions', async () => {
    const json = await sidecarWith([
      'retain-institution-identity',
      'retain-device-identity',
      'retain-longitudinal-full-dates',
      'clean-descriptors',
    ]);
    expect(json).toMatchObject({
      InstitutionName: 'NIH',
      DeviceSerialNumber: '45160',
      StationName: 'AWP45160',
      AcquisitionTime: '12:24:58.102500',
      SeriesDescription: 'EPI PE=AP',
      ProtocolName: 'EPI PE=AP',
    });
  });
});
