/**
 * Cleaning free text (action C on descriptors, structured content and graphics): the values of
 * the file that the profile treats as identifying are cut out of the text wherever they
 * appear, as whole words and in any case, together with anything shaped like a date or a long
 * number (record and accession numbers). What is left keeps its meaning ("T1 MPRAGE").
 */

export const SCRUBBED = '***';

// Shorter name parts match too many ordinary words to be worth cutting from text.
const MIN_TOKEN_LENGTH = 2;
const MIN_WHOLE_VALUE_LENGTH = 3;
const MAX_TOKEN_LENGTH = 256;
// Codes (CS), ages and numbers are not names: "YES" or "M" must not be cut out of every text.
const TOKEN_VRS = new Set(['AE', 'DA', 'DT', 'LO', 'LT', 'PN', 'SH', 'ST', 'UC', 'UI', 'UT']);

export class IdentifyingValues {
  private readonly tokens = new Set<string>();
  /** Values added and not yet made tokens: value, VR, value, VR... */
  private readonly pending: string[] = [];
  private pattern: RegExp | null | undefined;

  /** `allowed`: lower-cased values the user confirmed identify nobody; never cut out. */
  constructor(private readonly allowed: ReadonlySet<string> = new Set()) {}

  /**
   * Adds one value of an element the profile removes or replaces. Private values are taken
   * only when they are names: the rest of a private block is removed for being unknown, not for
   * being known to identify, and cutting its words ("HEAD", "SEQ") out of text would maim it.
   * Most files clean no text at all, so the tokens are made only when first asked for.
   */
  add(value: string, vr: string, isPrivate = false): void {
    if (!TOKEN_VRS.has(vr) || (isPrivate && vr !== 'PN')) return;
    this.pending.push(value, vr);
  }

  private settle(): void {
    const pending = this.pending;
    if (pending.length === 0) return;
    for (let i = 0; i < pending.length; i += 2) this.take(pending[i]!, pending[i + 1]!);
    pending.length = 0;
    this.pattern = undefined;
  }

  private take(value: string, vr: string): void {
    const trimmed = value.trim();
    // Long texts (reports, private XML) do not recur verbatim inside a short descriptor.
    if (trimmed === '' || trimmed.length > MAX_TOKEN_LENGTH) return;
    if (this.allowed.has(trimmed.toLowerCase())) return;
    const take = (token: string) => {
      if (!this.allowed.has(token)) this.tokens.add(token);
    };
    if (trimmed.length >= MIN_WHOLE_VALUE_LENGTH) take(trimmed.toLowerCase());
    if (vr === 'PN') {
      for (const part of trimmed.split(/[\^=\s,.]+/u)) {
        if (part.length >= MIN_TOKEN_LENGTH) take(part.toLowerCase());
      }
    } else if (vr === 'DA') {
      for (const form of dateForms(trimmed)) take(form);
    }
  }

  get size(): number {
    this.settle();
    return this.tokens.size;
  }

  values(): string[] {
    this.settle();
    return [...this.tokens];
  }

  /** The text with every identifying value, date and long number replaced by "***". */
  scrub(text: string): string {
    this.settle();
    if (this.pattern === undefined) this.pattern = buildPattern(this.tokens);
    let out = this.pattern ? text.replace(this.pattern, SCRUBBED) : text;
    out = out
      .replace(DATE_LIKE, SCRUBBED)
      .replace(DATE_IN_WORDS, SCRUBBED)
      .replace(LONG_NUMBER, SCRUBBED);
    return out;
  }
}

// 2021-03-04, 2021/3/4, 04.03.2021, 3/4/21 and a bare 20210304.
const DATE_LIKE =
  /(?<!\d)(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))(?!\d)/gu;
const LONG_NUMBER = /(?<!\d)\d{6,}(?!\d)/gu;
// 3 Sep 1995, 03-SEP-1995, Sept. 3, 1995, September 3rd 1995.
const MONTH =
  '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\\.?';
const DAY = '\\d{1,2}(?:st|nd|rd|th)?';
const DATE_IN_WORDS = new RegExp(
  `(?<![\\p{L}\\p{N}])(?:${DAY}[ -]?${MONTH}[ ,-]*\\d{2,4}|${MONTH}[ -]?${DAY},?[ -]*\\d{4})(?![\\p{L}\\p{N}])`,
  'giu',
);

function dateForms(da: string): string[] {
  const m = /^(\d{4})\.?(\d{2})\.?(\d{2})$/.exec(da);
  if (!m) return [];
  const [, y, mo, d] = m as unknown as [string, string, string, string];
  return [
    `${y}${mo}${d}`,
    `${y}-${mo}-${d}`,
    `${y}/${mo}/${d}`,
    `${d}/${mo}/${y}`,
    `${mo}/${d}/${y}`,
    `${d}.${mo}.${y}`,
    `${d}-${mo}-${y}`,
  ];
}

const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

function buildPattern(tokens: Set<string>): RegExp | null {
  if (tokens.size === 0) return null;
  // Longest first, so "Smith^John" goes as a whole before "Smith" is tried.
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const sorted = [...tokens].sort((a, b) => b.length - a.length);
  // Chinese and Japanese write names without spaces ("山田太郎 CT"): no word boundary there.
  const bounded = sorted.filter((t) => !UNSPACED_SCRIPT.test(t)).map(escape);
  const unbounded = sorted.filter((t) => UNSPACED_SCRIPT.test(t)).map(escape);
  const parts = [
    ...(bounded.length ? [`(?<![\\p{L}\\p{N}])(?:${bounded.join('|')})(?![\\p{L}\\p{N}])`] : []),
    ...(unbounded.length ? [`(?:${unbounded.join('|')})`] : []),
  ];
  return new RegExp(parts.join('|'), 'giu');
}
