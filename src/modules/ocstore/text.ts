// Pure conversions of ocStore values: entity-encoded text, zero dates, decimal strings, attribute
// texts that are really numbers or yes/no, and the password hash schemes. No I/O.
import { createHash } from 'node:crypto';

const NAMED: Record<string, string> = {
  quot: '"', amp: '&', lt: '<', gt: '>', apos: "'", nbsp: '\u00a0', laquo: '«', raquo: '»', mdash: '—',
  ndash: '–', hellip: '…', copy: '©', reg: '®', trade: '™', euro: '€', rsquo: '’', lsquo: '‘', ldquo: '“',
  rdquo: '”', bdquo: '„', deg: '°', times: '×', middot: '·', bull: '•', shy: '\u00ad', sup2: '²', sup3: '³',
};
const ENTITY = /&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,7});/gi;

/**
 * OpenCart stores admin input through htmlspecialchars(); one pass decodes it. A single regex pass
 * means `&amp;lt;` becomes `&lt;` (what the shop showed), never `<`.
 */
export function decodeEntities(s: string | null | undefined): string {
  if (!s) return '';
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (m, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : m;
    }
    return NAMED[body.toLowerCase()] ?? m;
  });
}

/** Decoded, whitespace-collapsed plain text (names, titles), or null when empty. */
export function plain(s: string | null | undefined): string | null {
  const t = decodeEntities(s).replace(/\s+/g, ' ').trim();
  return t || null;
}

export const isZeroDate = (v: unknown): boolean => v === null || v === undefined || v === '' || /^0000-00-00/.test(String(v));

/** Offset of `timeZone` from UTC at `utcMs`, in ms (Intl; no tz database of our own). */
function zoneOffset(timeZone: string, utcMs: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const n = (t: string) => Number(parts.find((p) => p.type === t)!.value);
  return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(utcMs / 1000) * 1000;
}

export function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/**
 * A naive MySQL DATE/DATETIME string (read with dateStrings) in the shop's time zone → ISO instant;
 * null for zero or impossible dates (the caller reports them).
 */
export function naiveDate(v: unknown, timeZone = 'UTC'): string | null {
  if (isZeroDate(v)) return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?/.exec(String(v));
  if (!m) return null;
  const [y, mo, d, h, mi, se] = m.slice(1).map((x) => Number(x ?? 0)) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return null;
  const guess = Date.UTC(y, mo - 1, d, h, mi, se);
  if (new Date(guess).getUTCDate() !== d) return null; // 2021-02-30
  const offset = timeZone === 'UTC' ? 0 : zoneOffset(timeZone, guess);
  return new Date(guess - offset).toISOString();
}

/** A DECIMAL string ("1234.5600", "-3.3") → integer minor units, rounded half away from zero, exactly. */
export function toMinor(v: unknown): number {
  const s = String(v ?? '0').trim();
  const m = /^([-+]?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m) return Math.round(Number(s) * 100) || 0;
  const neg = m[1] === '-';
  const frac = (m[3] ?? '').padEnd(3, '0');
  let minor = Number(m[2] || '0') * 100 + Number(frac.slice(0, 2));
  if (Number(frac[2]) >= 5) minor += 1;
  return neg ? -minor : minor;
}

export type TypedValue = { kind: 'boolean'; value: boolean } | { kind: 'number'; value: number; unit: string | null } | { kind: 'text'; value: string };

const YES = new Set(['да', 'yes', 'есть', 'true', 'имеется']);
const NO = new Set(['нет', 'no', 'false', 'отсутствует']);
const NUMBER = /^([-+]?\d{1,15}(?:[.,]\d{1,9})?)\s*([^\d\s.,;:/][^\d]{0,15})?$/u;

/** What an attribute text says: yes/no, a number with an optional unit ("100mhz", "8 ГБ"), or text. */
export function typeOf(text: string): TypedValue {
  const t = text.replace(/\s+/g, ' ').trim();
  const lower = t.toLowerCase();
  if (YES.has(lower)) return { kind: 'boolean', value: true };
  if (NO.has(lower)) return { kind: 'boolean', value: false };
  const m = NUMBER.exec(t);
  if (m) {
    const unit = m[2] ? m[2].trim().replace(/\.$/, '').toLowerCase() || null : null;
    return { kind: 'number', value: Number(m[1]!.replace(',', '.')), unit };
  }
  return { kind: 'text', value: t };
}

/** Running verdict on one attribute over all its values: the narrowest type every value fits. */
export class AttributeTyping {
  private bool = true;
  private num = true;
  private unit: string | null | undefined = undefined;
  count = 0;

  add(text: string) {
    const v = typeOf(text);
    if (!v.value && v.kind === 'text') return; // empty texts say nothing
    this.count++;
    if (v.kind !== 'boolean') this.bool = false;
    if (v.kind !== 'number') this.num = false;
    else if (this.unit === undefined) this.unit = v.unit;
    else if (this.unit !== v.unit) this.num = false;
  }

  get type(): { type: 'boolean' | 'number' | 'text'; unit: string | null } {
    if (!this.count) return { type: 'text', unit: null };
    if (this.bool) return { type: 'boolean', unit: null };
    if (this.num) return { type: 'number', unit: this.unit ?? null };
    return { type: 'text', unit: null };
  }
}

/** A text converted to the attribute's decided type; null when it does not fit (reported). */
export function coerce(text: string, type: 'boolean' | 'number' | 'text'): string | number | boolean | null {
  const v = typeOf(text);
  if (type === 'text') return text.replace(/\s+/g, ' ').trim() || null;
  if (v.kind !== type) return null;
  return v.value;
}

export type PasswordScheme = 'ocstore_sha1' | 'md5';

/** ocStore's customer hash scheme, chosen by the stored value: sha1(salt . sha1(salt . sha1(pw))) or md5(pw). */
export function passwordScheme(hash: string, salt: string): { scheme: PasswordScheme; hash: string; salt: string | null } | { problem: string } | null {
  const h = (hash ?? '').trim();
  if (!h) return null;
  if (/^[0-9a-f]{40}$/i.test(h)) {
    if (!salt) return { problem: 'a 40-character sha1 hash without a salt (not ocStore\'s scheme)' };
    return { scheme: 'ocstore_sha1', hash: h.toLowerCase(), salt };
  }
  if (/^[0-9a-f]{32}$/i.test(h)) return { scheme: 'md5', hash: h.toLowerCase(), salt: null };
  if (/^\$2[aby]\$/.test(h)) return { problem: 'a bcrypt hash (password_hash mod); the customer must reset the password' };
  return { problem: 'an unknown password hash format; the customer must reset the password' };
}

const sha1 = (s: string) => createHash('sha1').update(s, 'utf8').digest('hex');

/** The hash ocStore stores for `password` with `salt` (tests and the synthetic fixtures use it). */
export const ocstoreSha1 = (salt: string, password: string) => sha1(salt + sha1(salt + sha1(password)));
