// Text normalization shared by the engines: documents and queries are cut into the same tokens
// (letters and digits only), so "8/256", "WH-1000XM5" or "VT-0000123" match however they are typed,
// and no query character can reach an engine's query syntax.
export const MAX_QUERY_TOKENS = 12;
export const MAX_TOKEN_LENGTH = 40;

/** NFKC (folds fancy Unicode letters), lower case, ё → е, NUL and control characters removed. */
export function normalizeText(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f]/g, ' ');
}

/** All letter/digit runs of the text. */
export function tokens(s: string): string[] {
  return normalizeText(s).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** Document text as the engine indexes it: tokens joined by spaces. */
export const indexText = (s: string) => tokens(s).join(' ');

/** Distinct query tokens, capped in number and length (a 10 kB query costs as much as a short one). */
export function queryTokens(q: string): string[] {
  const out: string[] = [];
  for (const t of tokens(q)) {
    const cut = t.slice(0, MAX_TOKEN_LENGTH);
    if (!out.includes(cut)) out.push(cut);
    if (out.length >= MAX_QUERY_TOKENS) break;
  }
  return out;
}

/** Words worth keeping for typo correction: at least 3 characters with a letter. */
export const lexiconWords = (s: string) =>
  tokens(s).filter((t) => t.length >= 3 && t.length <= MAX_TOKEN_LENGTH && /\p{L}/u.test(t));
