/** Checks one template: its name, note, match and boxes. */
import { isObject, kind, type Json } from '../../deid/profileJson';
import { parseBoxes } from './parseBoxes';
import { unknownKeys, type Problems } from './problems';
import { parseInteger, parseText } from './parseValues';
import { PIXEL_REGIONS_LIMITS as L, type RegionTemplate, type TemplateMatch } from './types';

const TEMPLATE_KEYS = ['name', 'note', 'match', 'boxes'] as const;
const MATCH_KEYS = ['manufacturer', 'model', 'rows', 'columns', 'sopClassUid'] as const;
const UID = /^(0|[1-9]\d*)(\.(0|[1-9]\d*))*$/;

export function parseTemplate(
  value: Json,
  path: string,
  problems: Problems,
): RegionTemplate | undefined {
  if (!isObject(value)) {
    problems.add(`${path}: must be an object with name, match and boxes, not ${kind(value)}`);
    return undefined;
  }
  const before = problems.lines.length;
  unknownKeys(value, TEMPLATE_KEYS, path, problems);
  const name = parseText(value.name, `${path}.name`, L.maxNameLength, true, problems);
  const note =
    value.note === undefined
      ? undefined
      : parseText(value.note, `${path}.note`, L.maxNoteLength, false, problems);
  const match = parseMatch(value.match, `${path}.match`, problems);
  const boxes = parseBoxes(value.boxes, `${path}.boxes`, problems, match);
  if (problems.lines.length > before || name === undefined || match === undefined) return undefined;
  return { name, ...(note === undefined ? {} : { note }), match, boxes };
}

function parseMatch(
  value: Json | undefined,
  path: string,
  problems: Problems,
): TemplateMatch | undefined {
  if (value === undefined) {
    problems.add(
      `${path}: missing; a template needs at least rows, columns and a manufacturer or SOP class`,
    );
    return undefined;
  }
  if (!isObject(value)) {
    problems.add(`${path}: must be an object, not ${kind(value)}`);
    return undefined;
  }
  const before = problems.lines.length;
  unknownKeys(value, MATCH_KEYS, path, problems);
  const manufacturer =
    value.manufacturer === undefined
      ? undefined
      : parsePattern(value.manufacturer, `${path}.manufacturer`, problems);
  const model =
    value.model === undefined ? undefined : parsePattern(value.model, `${path}.model`, problems);
  const rows = parseInteger(value.rows, `${path}.rows`, 1, L.maxCoordinate, problems);
  const columns = parseInteger(value.columns, `${path}.columns`, 1, L.maxCoordinate, problems);
  let sopClassUid: string | undefined;
  if (value.sopClassUid !== undefined) {
    const uid = value.sopClassUid;
    if (typeof uid !== 'string') {
      problems.add(`${path}.sopClassUid: must be a string, not ${kind(uid)}`);
    } else if (uid.length > 64 || !UID.test(uid)) {
      problems.add(
        `${path}.sopClassUid: not a UID; write digits and dots, as in "1.2.840.10008.5.1.4.1.1.6.1"`,
      );
    } else {
      sopClassUid = uid;
    }
  }
  if (value.model !== undefined && value.manufacturer === undefined) {
    problems.add(
      `${path}.model: needs a manufacturer too; model names are not unique across makers`,
    );
  }
  if (value.manufacturer === undefined && value.sopClassUid === undefined) {
    problems.add(
      `${path}: needs a manufacturer or a sopClassUid; rows and columns alone would match ` +
        'every image of that size',
    );
  }
  if (problems.lines.length > before || rows === undefined || columns === undefined) {
    return undefined;
  }
  return {
    ...(manufacturer === undefined ? {} : { manufacturer }),
    ...(model === undefined ? {} : { model }),
    rows,
    columns,
    ...(sopClassUid === undefined ? {} : { sopClassUid }),
  };
}

function parsePattern(value: Json, path: string, problems: Problems): string | undefined {
  const text = parseText(value, path, L.maxPatternLength, true, problems);
  if (text === undefined) return undefined;
  const stars = text.split('*').length - 1;
  if (text === '*') {
    problems.add(`${path}: "*" alone is not allowed; leave the key out to match any value`);
    return undefined;
  }
  if (stars > 1 || (stars === 1 && !text.endsWith('*'))) {
    problems.add(`${path}: "*" may only end the value, to match a prefix`);
    return undefined;
  }
  return text;
}
