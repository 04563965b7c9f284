/**
 * The axe-core audit the accessibility spec runs on each screen: WCAG 2.0 and 2.1, levels A and
 * AA. axe-core comes from node_modules (@axe-core/playwright evaluates its source in the page),
 * so nothing is fetched; the page's CSP does not stop it, as evaluation is not a page script.
 */
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import type { Result } from 'axe-core';

export const WCAG_A_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** One violation as lines a person can act on: the rule, why, and each element with its fix. */
export function describeViolation(violation: Result): string {
  const lines = [`${violation.id} (${violation.impact ?? 'no impact given'}): ${violation.help}`];
  for (const node of violation.nodes) {
    lines.push(`  at ${node.target.join(' ')}`);
    lines.push(`    ${node.html.slice(0, 200)}`);
    for (const line of (node.failureSummary ?? '').split('\n')) lines.push(`    ${line}`);
  }
  return lines.join('\n');
}

/**
 * Audits the whole page as it is now; fails the test, listing every violation, unless there are
 * none. Softly: the screens after it are audited too, so one run lists everything to fix.
 */
export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_A_AA).analyze();
  const report = results.violations.map(describeViolation).join('\n');
  if (report) console.log(`axe on ${screen}:\n${report}`);
  expect.soft(report, `axe-core WCAG 2 A/AA violations on ${screen}`).toBe('');
  // An audit that checked nothing would pass too: make sure it looked at the page.
  expect.soft(results.passes.length, `axe-core checked nothing on ${screen}`).toBeGreaterThan(0);
}
