/**
 * After moving text out of the README: prints every sentence, table row and code line of an
 * earlier README (`git show REV:README.md`) that is no longer found, word for word, in
 * README.md or docs/*.md. Whitespace, link targets, bold marks and list bullets are ignored,
 * so text that only moved, was re-wrapped or got a new link target counts as found; what is
 * printed was rewritten or dropped and needs a look.
 *
 *   npx tsx scripts/docs/lostSentences.ts [REV]     (default: HEAD)
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

function normalise(text: string): string {
  return text
    .replace(/\]\([^)]*\)/g, ']') // link targets
    .replace(/\*\*/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The units to look for: each line of code and tables, each sentence of prose. */
export function unitsOf(markdown: string): string[] {
  const units: string[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    const text = normalise(paragraph.join(' '));
    paragraph = [];
    for (const sentence of text.split(/(?<=[.;:!?])\s+(?=[A-Z`"(*])/)) {
      if (sentence.replace(/[^\p{L}\p{N}]/gu, '').length > 0) units.push(sentence);
    }
  };
  let inCode = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*```/.test(line)) {
      flush();
      inCode = !inCode;
      continue;
    }
    if (inCode || /^\s*\|/.test(line)) {
      flush();
      if (!/^\s*\|[\s|:-]*$/.test(line) && line.trim() !== '') units.push(normalise(line));
      continue;
    }
    if (line.trim() === '' || /^\s*#/.test(line)) {
      flush();
      continue;
    }
    const item = /^\s*[-*] (.*)$/.exec(line) ?? /^\s*\d+\. (.*)$/.exec(line);
    if (item) {
      flush();
      paragraph.push(item[1]!);
    } else paragraph.push(line);
  }
  flush();
  return units;
}

function main(): void {
  const root = path.resolve(import.meta.dirname, '../..');
  const rev = process.argv[2] ?? 'HEAD';
  const before = execFileSync('git', ['show', `${rev}:README.md`], { cwd: root, encoding: 'utf8' });
  const pages = [
    'README.md',
    ...readdirSync(path.join(root, 'docs'))
      .filter((name) => name.endsWith('.md'))
      .map((name) => `docs/${name}`),
  ];
  // Each page's units joined, so that a sentence is found whatever the wrapping around it.
  const now = pages
    .map((page) => unitsOf(readFileSync(path.join(root, page), 'utf8')).join(' '))
    .join('\n');
  const units = unitsOf(before);
  const lost = units.filter((unit) => !now.includes(unit));
  for (const unit of lost) console.log(`- ${unit}`);
  console.log(`${units.length - lost.length} of ${units.length} found; ${lost.length} not found`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) main();
