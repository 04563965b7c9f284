import { describe, expect, it } from 'vitest';
import { BURNED_IN_REASONS, burnedInReasons, type BurnedInEvidence } from './burnedIn';

const plainCt: BurnedInEvidence = {
  burnedInAnnotation: '',
  recognizableVisualFeatures: '',
  sopClassUid: '1.2.840.10008.5.1.4.1.1.2',
  modality: 'CT',
  imageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
};
const reasonsFor = (changes: Partial<BurnedInEvidence>) =>
  burnedInReasons({ ...plainCt, ...changes });

describe('burned-in text heuristics', () => {
  it('finds nothing in an original CT image', () => {
    expect(burnedInReasons(plainCt)).toEqual([]);
    expect(reasonsFor({ burnedInAnnotation: 'NO', imageType: [] })).toEqual([]);
  });

  it('believes a file that says it has burned-in text or recognizable features', () => {
    expect(reasonsFor({ burnedInAnnotation: 'YES ' })).toEqual([BURNED_IN_REASONS.declared]);
    expect(reasonsFor({ burnedInAnnotation: 'yes' })).toEqual([BURNED_IN_REASONS.declared]);
    expect(reasonsFor({ recognizableVisualFeatures: 'YES' })).toEqual([
      BURNED_IN_REASONS.recognizable,
    ]);
  });

  it('flags every secondary capture SOP class', () => {
    for (const suffix of ['', '.1', '.2', '.3', '.4']) {
      expect(reasonsFor({ sopClassUid: `1.2.840.10008.5.1.4.1.1.7${suffix}` })).toEqual([
        BURNED_IN_REASONS.secondaryCapture,
      ]);
    }
    // A class that merely starts with the same digits is not one.
    expect(reasonsFor({ sopClassUid: '1.2.840.10008.5.1.4.1.1.77.1.4' })).toEqual([]);
  });

  it('flags ultrasound by modality or by SOP class, once', () => {
    expect(reasonsFor({ modality: 'US' })).toEqual([BURNED_IN_REASONS.ultrasound]);
    expect(reasonsFor({ modality: 'us' })).toEqual([BURNED_IN_REASONS.ultrasound]);
    expect(reasonsFor({ modality: 'US', sopClassUid: '1.2.840.10008.5.1.4.1.1.3.1' })).toEqual([
      BURNED_IN_REASONS.ultrasound,
    ]);
    expect(reasonsFor({ modality: '', sopClassUid: '1.2.840.10008.5.1.4.1.1.6.1' })).toEqual([
      BURNED_IN_REASONS.ultrasound,
    ]);
  });

  it('flags derived and secondary images by Image Type values 1 and 2 only', () => {
    expect(reasonsFor({ imageType: ['DERIVED', 'PRIMARY'] })).toEqual([BURNED_IN_REASONS.derived]);
    expect(reasonsFor({ imageType: ['ORIGINAL', 'SECONDARY'] })).toEqual([
      BURNED_IN_REASONS.derived,
    ]);
    expect(reasonsFor({ imageType: ['ORIGINAL', 'PRIMARY', 'DERIVED'] })).toEqual([]);
  });

  it('flags encapsulated documents', () => {
    expect(reasonsFor({ sopClassUid: '1.2.840.10008.5.1.4.1.1.104.1', modality: 'DOC' })).toEqual([
      BURNED_IN_REASONS.document,
    ]);
  });

  it('lists several reasons in a fixed order, in words a non-specialist reads', () => {
    const reasons = reasonsFor({
      burnedInAnnotation: 'YES',
      modality: 'US',
      sopClassUid: '1.2.840.10008.5.1.4.1.1.7',
      imageType: ['DERIVED', 'SECONDARY'],
    });
    expect(reasons).toEqual([
      BURNED_IN_REASONS.declared,
      BURNED_IN_REASONS.secondaryCapture,
      BURNED_IN_REASONS.ultrasound,
      BURNED_IN_REASONS.derived,
    ]);
    for (const reason of reasons) expect(reason).toMatch(/^[A-Z][^()]*(\([^)]*\))?[^()]*\.$/);
  });
});
