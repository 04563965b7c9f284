/**
 * Whether a code's text is vocabulary or free text. A code of a standard coding scheme means
 * what the scheme says its code means ("Head", "Reviewed"); a local or private scheme (PS3.16
 * 8.2: designators starting "99", and any scheme the standard does not register) is whatever a
 * site typed, so its meaning can hold "reviewed by Dr Smith".
 */
import { findElement, type DicomItem } from '../dicom/dataset';
import { readText } from '../dicom/values';

/**
 * Coding Scheme Designators registered in PS3.16 Table 8-1 ("Coding Schemes"), with the
 * retired and alias designators that real files still carry (SRT, SNM3, I10, I9C ...). There
 * is no machine-readable copy of that table in ../shared/reference; the list is typed from the
 * standard and only widens what is treated as vocabulary for the designators it names.
 */
const STANDARD_CODING_SCHEMES: ReadonlySet<string> = new Set([
  'ACR',
  'ASTM-SIGPURPOSE',
  'BARI',
  'BI',
  'C4',
  'C5',
  'CD2',
  'CPT',
  'DC',
  'DCM',
  'DCMUID',
  'FMA',
  'HPC',
  'HUGO',
  'I10',
  'I10P',
  'I11',
  'I9',
  'I9C',
  'IBSI',
  'ICD10',
  'ICD10-PCS',
  'ICD11',
  'ICD9CM',
  'ISO3166_1',
  'ISO639_1',
  'ISO639_2',
  'ITIS_TSN',
  'LN',
  'MA',
  'MAYONRISBSASRG',
  'MDC',
  'MDNS',
  'MGI',
  'MSH',
  'NCBI',
  'NCDR',
  'NCIT',
  'NDC',
  'NEU',
  'NICIP',
  'NYUMCCG',
  'PATHLEX',
  'POS',
  'PUBCHEM_CID',
  'RADELEMENT',
  'RADLEX',
  'RFC3066',
  'RFC5646',
  'RO',
  'RXNORM',
  'SCT',
  'SNM',
  'SNM3',
  'SPN',
  'SRT',
  'UBERON',
  'UCUM',
  'UMDNS',
  'UMLS',
  'UNS',
  'UPC',
  'W3C',
  'WHOATC',
]);

const CODING_SCHEME_DESIGNATOR = 0x00080102;

/** Code Sequence Macro attributes (PS3.3 Table 8.8-1): (0008,0100) to (0008,0124). */
export function isCodeMacroAttribute(tag: number): boolean {
  return tag >= 0x00080100 && tag <= 0x00080124;
}

export function isStandardCodingScheme(designator: string): boolean {
  return STANDARD_CODING_SCHEMES.has(designator.trim().toUpperCase());
}

/**
 * True when an item is a code (it has a Code Sequence Macro attribute) whose scheme is not a
 * standard one: no designator, a "99" local one, or an unregistered one. Its text is then
 * free text to clean and to search.
 */
export function isLocalCode(item: DicomItem): boolean {
  if (!item.elements.some((e) => isCodeMacroAttribute(e.tag))) return false;
  const designator = findElement(item, CODING_SCHEME_DESIGNATOR);
  if (!designator || designator.items) return true;
  let text: string;
  try {
    text = readText(item, designator);
  } catch {
    return true;
  }
  return !isStandardCodingScheme(text);
}
