import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatDicomDate,
  formatPersonName,
  formatRate,
  formatTimeLeft,
  plural,
} from './format';

describe('format', () => {
  it('writes sizes in decimal units', () => {
    expect(formatBytes(0)).toBe('0 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(999)).toBe('999 bytes');
    expect(formatBytes(1500)).toBe('1.5 kB');
    expect(formatBytes(52_000_000)).toBe('52 MB');
    expect(formatBytes(10_700_000_000)).toBe('11 GB');
    expect(formatBytes(2_340_000_000)).toBe('2.3 GB');
  });

  it('writes throughput in MB/s and a dash when unknown', () => {
    expect(formatRate(85_400_000)).toBe('85 MB/s');
    expect(formatRate(2_500_000)).toBe('2.5 MB/s');
    expect(formatRate(0)).toBe('—');
  });

  it('says time left in words', () => {
    expect(formatTimeLeft(undefined)).toBe('Working it out…');
    expect(formatTimeLeft(4)).toBe('A few seconds');
    expect(formatTimeLeft(44)).toBe('About 40 seconds');
    expect(formatTimeLeft(61)).toBe('About 1 minute');
    expect(formatTimeLeft(60 * 125)).toBe('About 2 hours 5 minutes');
    expect(formatTimeLeft(3600)).toBe('About 1 hour');
  });

  it('counts in words', () => {
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(12345, 'file')).toBe('12,345 files');
    expect(plural(2, 'series', 'series')).toBe('2 series');
  });

  it('shows DICOM dates and names readably', () => {
    expect(formatDicomDate('20240301')).toBe('2024-03-01');
    expect(formatDicomDate('')).toBe('—');
    expect(formatDicomDate('2024')).toBe('2024');
    expect(formatPersonName('Doe^John^Q')).toBe('Doe, John Q');
    expect(formatPersonName('Doe')).toBe('Doe');
    expect(formatPersonName('Yamada^Tarou=山田^太郎')).toBe('Yamada, Tarou / 山田, 太郎');
    expect(formatPersonName('')).toBe('(no name)');
  });
});
