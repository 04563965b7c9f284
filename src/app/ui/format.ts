/** Numbers as a hospital user reads them: decimal units, whole words, no jargon. */

const BYTE_UNITS = ['bytes', 'kB', 'MB', 'GB', 'TB'] as const;

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  if (bytes < 1000) return `${Math.round(bytes)} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < BYTE_UNITS.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = value < 10 ? 1 : 0;
  return `${value.toFixed(digits)} ${BYTE_UNITS[unit]}`;
}

/** Megabytes per second, the unit people compare with their disks. */
export function formatRate(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond <= 0) return '—';
  const mb = bytesPerSecond / 1e6;
  return `${mb < 10 ? mb.toFixed(1) : Math.round(mb).toString()} MB/s`;
}

export function formatTimeLeft(seconds: number | undefined): string {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return 'Working it out…';
  if (seconds < 10) return 'A few seconds';
  if (seconds < 60) return `About ${Math.round(seconds / 10) * 10} seconds`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `About ${plural(minutes, 'minute')}`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return `About ${plural(hours, 'hour')}${rest > 0 ? ` ${plural(rest, 'minute')}` : ''}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-GB');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** A DICOM date (YYYYMMDD) as 2024-03-01; anything else as it is, or a dash when empty. */
export function formatDicomDate(value: string): string {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(value.trim());
  if (match) return `${match[1]}-${match[2]}-${match[3]}`;
  return value.trim() === '' ? '—' : value.trim();
}

/**
 * A DICOM person name (Family^Given^Middle) as "Family, Given Middle"; the ideographic and
 * phonetic forms after "=" follow, separated by " / ".
 */
export function formatPersonName(value: string): string {
  const forms = value
    .split('=')
    .map(formatNameGroup)
    .filter((form) => form !== '');
  return forms.length === 0 ? '(no name)' : forms.join(' / ');
}

function formatNameGroup(group: string): string {
  const [family = '', ...rest] = group.split('^').map((part) => part.trim());
  const given = rest.filter((part) => part !== '').join(' ');
  return [family, given].filter((part) => part !== '').join(', ');
}
