import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { anchorsOf, checkLinks, githubSlug, linksOf } from './markdownLinks';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The README is the one screen a newcomer reads; the manual is docs/. */
const README_MAX_BYTES = 10_000;

const pages = [
  'README.md',
  ...readdirSync(path.join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

describe('the README and docs/', () => {
  it(`README.md is at most ${README_MAX_BYTES} bytes`, () => {
    expect(statSync(path.join(ROOT, 'README.md')).size).toBeLessThanOrEqual(README_MAX_BYTES);
  });

  it('every relative link resolves to a file, and every #anchor to a heading', () => {
    const relative = pages.flatMap((page) =>
      linksOf(readText(page)).filter((link) => !/^[a-z][a-z0-9+.-]*:/i.test(link.target)),
    );
    // The check has something to check: the README links to the docs pages.
    expect(relative.length).toBeGreaterThan(20);
    expect(checkLinks(ROOT, pages)).toEqual([]);
  });

  it('every docs page is linked from the README', () => {
    const linked = new Set(
      linksOf(readText('README.md')).map((link) => link.target.replace(/#.*/, '')),
    );
    expect(pages.filter((page) => page !== 'README.md' && !linked.has(page))).toEqual([]);
  });
});

describe('the link check', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dicomanon-docs-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds a missing file, a missing anchor and a link outside the project', () => {
    mkdirSync(path.join(dir, 'docs'));
    writeFileSync(
      path.join(dir, 'docs/a.md'),
      [
        '# Page A',
        '## The `--zip` option',
        'Fine: [b](b.md), [here](#page-a), [zip](#the---zip-option), [web](https://example.org/x).',
        'Broken: [c](c.md), [anchor](b.md#nothing-here), [up](../../outside.md).',
        '```',
        '[inside a code block](nowhere.md)',
        '```',
        'Shown as code: `[not a link](nowhere.md)`.',
      ].join('\n'),
    );
    writeFileSync(path.join(dir, 'docs/b.md'), '# Page B\n');
    expect(checkLinks(dir, ['docs/a.md'])).toEqual([
      { file: 'docs/a.md', line: 4, target: 'c.md', problem: 'no such file' },
      {
        file: 'docs/a.md',
        line: 4,
        target: 'b.md#nothing-here',
        problem: 'no heading with this anchor',
      },
      {
        file: 'docs/a.md',
        line: 4,
        target: '../../outside.md',
        problem: 'points outside the project',
      },
    ]);
  });

  it('makes anchors as GitHub does', () => {
    expect(githubSlug('In the engine and the CLI: `src/core/pixels/clean/`')).toBe(
      'in-the-engine-and-the-cli-srccorepixelsclean',
    );
    expect(githubSlug('Burned-in text in the pixels (issue 14)')).toBe(
      'burned-in-text-in-the-pixels-issue-14',
    );
    expect(githubSlug('Test material: `scripts/burn-text/burn_text.py`')).toBe(
      'test-material-scriptsburn-textburn_textpy',
    );
    expect([...anchorsOf('# Tests\n## Tests\n```\n# not a heading\n```\n## Tests\n')]).toEqual([
      'tests',
      'tests-1',
      'tests-2',
    ]);
  });
});

function readText(page: string): string {
  return readFileSync(path.join(ROOT, page), 'utf8');
}
