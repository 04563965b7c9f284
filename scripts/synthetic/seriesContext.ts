/**
 * Who, when and how a synthetic CT series was acquired: drawn once per series from the seed,
 * so that every slice of it agrees, and different seeds give different patients.
 */
import type { Phantom } from './ctImage';
import { Prng } from './prng';

export interface SeriesContext extends Phantom {
  /** Continues after the context was drawn: slice noise seeds and instance UIDs come from it. */
  readonly rng: Prng;
  readonly patientName: string;
  readonly patientId: string;
  readonly birthDate: string;
  readonly sex: string;
  readonly age: string;
  readonly studyDate: string;
  readonly studyTime: string;
  readonly accession: string;
  readonly studyUid: string;
  readonly seriesUid: string;
  readonly frameOfReferenceUid: string;
  readonly localizerUid: string;
  readonly referringPhysician: string;
  readonly institution: string;
  readonly station: string;
  readonly seriesNumber: number;
  readonly pixelSpacing: number;
  readonly sliceThickness: number;
  readonly kvp: number;
  readonly tubeCurrent: number;
  readonly tableHeight: number;
  readonly firstZ: number;
}

const FAMILY = ['MUSTERMANN', 'DOE', 'ROSSI', 'NOVAK', 'SILVA', 'TANAKA', 'OKAFOR', 'LINDQVIST'];
const GIVEN = ['ERIKA', 'JOHN', 'MARIA', 'JAN', 'ANA', 'HIROSHI', 'CHIDI', 'ASTRID'];

export function seriesContext(seed: number, size: number): SeriesContext {
  const rng = new Prng(seed);
  const year = rng.int(1935, 2000);
  const pad2 = (n: number) => String(n).padStart(2, '0');
  const studyYear = rng.int(2015, 2024);
  const birthDate = `${year}${pad2(rng.int(1, 12))}${pad2(rng.int(1, 28))}`;
  const reconstructionDiameter = rng.pick([350, 380, 400, 420, 450, 500]);
  const pixelSpacing = reconstructionDiameter / size;
  return {
    rng,
    size,
    patientName: `${rng.pick(FAMILY)}^${rng.pick(GIVEN)}`,
    patientId: `SYN${String(rng.int(0, 99999999)).padStart(8, '0')}`,
    birthDate,
    sex: rng.pick(['F', 'M']),
    age: `${String(studyYear - year).padStart(3, '0')}Y`,
    studyDate: `${studyYear}${pad2(rng.int(1, 12))}${pad2(rng.int(1, 28))}`,
    studyTime: `${pad2(rng.int(7, 19))}${pad2(rng.int(0, 59))}${pad2(rng.int(0, 59))}`,
    accession: `A${rng.int(10000000, 99999999)}`,
    studyUid: rng.uid(),
    seriesUid: rng.uid(),
    frameOfReferenceUid: rng.uid(),
    localizerUid: rng.uid(),
    referringPhysician: `${rng.pick(FAMILY)}^${rng.pick(GIVEN)}^^DR`,
    institution: 'SYNTHETIC GENERAL HOSPITAL',
    station: `CT${rng.int(1, 9)}`,
    seriesNumber: rng.int(2, 9),
    pixelSpacing,
    sliceThickness: rng.pick([0.625, 1, 1.25]),
    kvp: rng.pick([100, 120]),
    tubeCurrent: rng.int(150, 350),
    tableHeight: 120 + rng.int(0, 60),
    firstZ: -rng.int(50, 200),
    body: {
      rx: rng.int(150, 185) / pixelSpacing,
      ry: rng.int(100, 125) / pixelSpacing,
      cy: size / 2 + rng.int(-10, 10),
    },
  };
}
