// Slugs are latin so URLs stay readable in every client; Russian names are transliterated
// with the common "Yandex-style" table (ж → zh, х → kh, ц → ts, щ → shch, ы → y, й → y).
const TABLE: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f',
  х: 'kh', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Ukrainian and Belarusian letters turn up in supplier feeds
  і: 'i', ї: 'yi', є: 'ye', ґ: 'g', ў: 'u',
};

export const SLUG_PATTERN = '^[a-z0-9]+(-[a-z0-9]+)*$';
export const SLUG_RE = new RegExp(SLUG_PATTERN);
export const SLUG_MAX = 120;

/** "Смартфоны и гаджеты" → "smartfony-i-gadzhety"; '' when nothing latin-able is left. */
export function slugify(name: string): string {
  let out = '';
  for (const ch of name.toLowerCase()) out += TABLE[ch] ?? ch;
  return out
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // strip diacritics: "café" → "cafe"
    .replace(/[^a-z0-9]+/g, '-')
    .slice(0, SLUG_MAX - 10) // room for a "-N" collision suffix
    .replace(/^-+|-+$/g, '');
}

/** Next free slug of the form base, base-2, base-3 … given the slugs already taken with that stem. */
export function nextFreeSlug(base: string, taken: Iterable<string>): string {
  const used = new Set(taken);
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}-${n}`)) return `${base}-${n}`;
}
