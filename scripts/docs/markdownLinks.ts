/**
 * Checks the relative links of the project's Markdown (README.md and docs/*.md): every link to
 * a file must name a file that exists, and every `#anchor` a heading of the page it points to,
 * as GitHub renders it. Links to the web (http:, https:, mailto:) are not followed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

export interface LinkProblem {
  /** The Markdown file holding the link, relative to the root. */
  readonly file: string;
  readonly line: number;
  readonly target: string;
  readonly problem: string;
}

export interface MarkdownLink {
  readonly line: number;
  readonly target: string;
}

/**
 * Lines outside fenced code blocks, each with its 1-based number, as written (`raw`) and with
 * inline code blanked out (`text`), so that a link shown as code is not taken for a link.
 */
function proseLines(markdown: string): { line: number; raw: string; text: string }[] {
  const out: { line: number; raw: string; text: string }[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, index) => {
    const marker = /^\s*(`{3,}|~{3,})/.exec(text)?.[1];
    if (marker !== undefined) {
      if (fence === undefined) fence = marker[0]!;
      else if (marker[0] === fence) fence = undefined;
      return;
    }
    if (fence !== undefined) return;
    const blanked = text.replace(/`[^`]*`/g, (code) => ' '.repeat(code.length));
    out.push({ line: index + 1, raw: text, text: blanked });
  });
  return out;
}

/** Inline links and images, `[text](target)` or `[text](target "title")`. */
export function linksOf(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const { line, text } of proseLines(markdown)) {
    for (const match of text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      links.push({ line, target: match[1]! });
    }
  }
  return links;
}

/**
 * GitHub's anchor for a heading: the rendered text in lower case, everything but letters,
 * digits, spaces, hyphens and underscores dropped, spaces turned into hyphens.
 */
export function githubSlug(heading: string): string {
  const rendered = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // links and images: their text
    .replace(/<[^>]+>/g, '') // inline HTML
    .replace(/[`*]/g, '') // code and emphasis marks (underscores stay: GitHub keeps them)
    .trim()
    .toLowerCase();
  return rendered.replace(/[^\p{L}\p{N}\p{M} _-]/gu, '').replace(/ /g, '-');
}

/** Every anchor of a page: its headings' slugs, repeated ones numbered -1, -2, ... as GitHub does. */
export function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { raw } of proseLines(markdown)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(raw)?.[1];
    if (heading === undefined) continue;
    const slug = githubSlug(heading);
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

function readText(file: string): string {
  return readFileSync(file, 'utf8');
}

/** Problems with the links of `files` (paths relative to `root`); none when all resolve. */
export function checkLinks(root: string, files: readonly string[]): LinkProblem[] {
  const problems: LinkProblem[] = [];
  for (const file of files) {
    const source = path.join(root, file);
    const markdown = readText(source);
    for (const { line, target } of linksOf(markdown)) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // http:, https:, mailto:
      const hash = target.indexOf('#');
      const filePart = decodeURI(hash === -1 ? target : target.slice(0, hash));
      const anchor = hash === -1 ? undefined : decodeURIComponent(target.slice(hash + 1));
      const resolved = filePart === '' ? source : path.resolve(path.dirname(source), filePart);
      const report = (problem: string) => problems.push({ file, line, target, problem });
      if (!resolved.startsWith(path.resolve(root) + path.sep)) {
        report('points outside the project');
        continue;
      }
      if (!existsSync(resolved)) {
        report('no such file');
        continue;
      }
      if (anchor === undefined) continue;
      if (!statSync(resolved).isFile() || !resolved.endsWith('.md')) {
        report('an anchor into something that is not a Markdown file');
        continue;
      }
      if (!anchorsOf(readText(resolved)).has(anchor)) report('no heading with this anchor');
    }
  }
  return problems;
}
