// One transliteration for every slug and code in the platform (categories, products, brands,
// tags, generated catalogs), so the same name always gives the same URL. Russian follows the common
// "Yandex-style" table (ж → zh, х → kh, ц → ts, щ → shch); a lookup table keeps it fast enough to
// slug a million generated names.
const RU: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Ukrainian and Belarusian letters turn up in supplier feeds and brand names
  і: 'i', ї: 'yi', є: 'ye', ґ: 'g', ў: 'u',
  '№': '', // "№5" reads as "5"
  '+': '-plus-',
};

const TABLE: string[] = [];
for (let c = 0; c < 0x500; c++) {
  const ch = String.fromCharCode(c).toLowerCase();
  if (RU[ch] !== undefined) TABLE[c] = RU[ch]!;
  else if (/[a-z0-9]/.test(ch)) TABLE[c] = ch;
  else {
    // Latin letters with diacritics: "café" → "cafe"
    const base = ch.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
    TABLE[c] = /^[a-z0-9]+$/.test(base) ? base : '-';
  }
}

export const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
export const SLUG_RE = new RegExp(SLUG_PATTERN);

/** "Смартфон Samsung Galaxy A55 8/256 ГБ" → "smartfon-samsung-galaxy-a55-8-256-gb"; '' when nothing is left. */
export function slugify(text: string, maxLength = 80): string {
  let out = '';
  let dash = true; // suppresses leading and repeated dashes
  for (let i = 0; i < text.length && out.length < maxLength + 8; i++) {
    const c = text.charCodeAt(i);
    const t = c < 0x500 ? TABLE[c]! : '-';
    if (t === '') continue;
    for (const part of t === '-plus-' ? ['-', 'plus', '-'] : [t]) {
      if (part === '-') {
        if (!dash) out += '-';
        dash = true;
      } else {
        out += part;
        dash = false;
      }
    }
  }
  out = out.replace(/-+$/, '');
  if (out.length <= maxLength) return out;
  // cut at a word boundary when one is near, so slugs do not end mid-word
  const cut = out.slice(0, maxLength);
  const d = cut.lastIndexOf('-');
  return (d > maxLength / 2 ? cut.slice(0, d) : cut).replace(/-+$/, '');
}

/** "Диагональ экрана" → "diagonal_ekrana" (attribute and group codes). */
export function codeOf(text: string, maxLength = 24): string {
  const s = slugify(text, maxLength).replace(/-/g, '_');
  return /^[a-z]/.test(s) ? s : `x_${s}`;
}

/** Next free slug of the form base, base-2, base-3 … given the slugs already taken with that stem. */
export function nextFreeSlug(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}
