/**
 * Patient → study → series, from the scan results, for the review screen. Files are grouped as
 * the engine will see them: a patient by Patient ID (else by name), a study by its Study
 * Instance UID, a series by its Series Instance UID. The tree's order does not depend on the
 * order results arrived in: patients by name, studies by date, series by number.
 */
import type { PatientNode, ScanResult, SeriesNode, StudyNode } from './types';

type DicomResult = Extract<ScanResult, { kind: 'dicom' }>;

interface SeriesDraft {
  readonly first: DicomResult;
  readonly fileIndexes: number[];
  bytes: number;
  readonly reasons: Set<string>;
}
interface StudyDraft {
  readonly first: DicomResult;
  readonly series: Map<string, SeriesDraft>;
}
interface PatientDraft {
  readonly first: DicomResult;
  readonly studies: Map<string, StudyDraft>;
}

export const NO_UID = '(no UID)';

export function buildScanTree(results: readonly ScanResult[]): PatientNode[] {
  const dicom = results
    .filter((r): r is DicomResult => r.kind === 'dicom')
    .sort((a, b) => a.index - b.index);
  const patients = new Map<string, PatientDraft>();
  for (const result of dicom) {
    const patientKey = patientKeyOf(result);
    let patient = patients.get(patientKey);
    if (!patient) patients.set(patientKey, (patient = { first: result, studies: new Map() }));
    const studyKey = result.studyInstanceUid || NO_UID;
    let study = patient.studies.get(studyKey);
    if (!study) patient.studies.set(studyKey, (study = { first: result, series: new Map() }));
    const seriesKey = result.seriesInstanceUid || NO_UID;
    let series = study.series.get(seriesKey);
    if (!series) {
      series = { first: result, fileIndexes: [], bytes: 0, reasons: new Set() };
      study.series.set(seriesKey, series);
    }
    series.fileIndexes.push(result.index);
    series.bytes += result.size;
    for (const reason of result.burnedInReasons) series.reasons.add(reason);
  }

  // Keys must be unique across the tree: a UID seen under two patients (inconsistent files)
  // gives two nodes, the second with "#2".
  const keys = new UniqueKeys();
  const tree = [...patients].map(([key, patient]): PatientNode => ({
    key: keys.claim(`patient:${key}`),
    name: patient.first.patientName,
    id: patient.first.patientId,
    studies: [...patient.studies].map(([studyKey, study]): StudyNode => ({
      key: keys.claim(studyKey),
      date: study.first.studyDate,
      description: study.first.studyDescription,
      series: [...study.series].map(([seriesKey, series]): SeriesNode => ({
        key: keys.claim(seriesKey === NO_UID ? `${NO_UID} in ${studyKey}` : seriesKey),
        seriesNumber: series.first.seriesNumber,
        modality: series.first.modality,
        description: series.first.seriesDescription,
        fileIndexes: series.fileIndexes,
        bytes: series.bytes,
        burnedInReasons: [...series.reasons],
      })),
    })),
  }));
  return sortTree(tree);
}

/** The engine's notion of one patient: the Patient ID, else the name. */
function patientKeyOf(result: DicomResult): string {
  if (result.patientId !== '') return `id:${result.patientId}`;
  return result.patientName !== '' ? `name:${result.patientName}` : 'unknown';
}

function sortTree(patients: PatientNode[]): PatientNode[] {
  return patients
    .map((patient) => ({
      ...patient,
      studies: patient.studies
        .map((study) => ({ ...study, series: [...study.series].sort(bySeries) }))
        .sort(
          (a, b) =>
            compare(a.date, b.date) ||
            compare(a.description, b.description) ||
            compare(a.key, b.key),
        ),
    }))
    .sort((a, b) => compare(a.name, b.name) || compare(a.id, b.id) || compare(a.key, b.key));
}

function bySeries(a: SeriesNode, b: SeriesNode): number {
  return (
    seriesNumberOf(a) - seriesNumberOf(b) ||
    compare(a.modality, b.modality) ||
    compare(a.description, b.description) ||
    compare(a.key, b.key)
  );
}

function seriesNumberOf(series: SeriesNode): number {
  const n = Number.parseInt(series.seriesNumber, 10);
  return Number.isFinite(n) ? n : Number.MAX_SAFE_INTEGER;
}

/** By code unit: the same order on every machine, whatever its locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

class UniqueKeys {
  private readonly used = new Set<string>();
  claim(key: string): string {
    let candidate = key;
    for (let n = 2; this.used.has(candidate); n++) candidate = `${key}#${n}`;
    this.used.add(candidate);
    return candidate;
  }
}
