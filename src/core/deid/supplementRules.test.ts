import { describe, expect, it } from 'vitest';
import { keywordOf } from '../dicom/dictionary';
import { CONFIDENTIALITY_RULES } from './rules.generated';
import { ruleFor } from './ruleTable';
import { SUPPLEMENT_RULES } from './supplementRules';

describe('the supplement to Table E.1-1', () => {
  it('names each tag by its dictionary keyword', () => {
    for (const rule of SUPPLEMENT_RULES) expect(keywordOf(rule.tag)).toBe(rule.keyword);
  });

  it('adds only attributes the table does not list (drop an entry once the table has it)', () => {
    const listed = new Set(CONFIDENTIALITY_RULES.map((r) => r.tag));
    for (const rule of SUPPLEMENT_RULES) expect(listed.has(rule.tag), rule.keyword).toBe(false);
  });

  it('is consulted by the rule lookup', () => {
    for (const rule of SUPPLEMENT_RULES) expect(ruleFor(rule.tag)).toBe(rule);
  });
});
