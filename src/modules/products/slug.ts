// URL slugs from Russian names. Transliteration follows the common Yandex/GOST-like scheme
// (щ → sch, х → h, ц → ts) that Russian shops use in their URLs.
const RU: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'h', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'sch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Ukrainian and Belarusian letters appear in brand and supplier names
  і: 'i', ї: 'yi', є: 'ye', ґ: 'g', ў: 'u',
  '№': '', // "№5" reads as "5", not NFKD's "No5"
};

export const SLUG_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export function transliterate(text: string): string {
  let out = '';
  for (const ch of text.toLowerCase()) out += RU[ch] ?? ch;
  // Cyrillic first (NFKD would split й and ё), then strip Latin diacritics (é → e) NFKD splits off
  return out.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
}

/** "Смартфон Apple iPhone 15, 128 ГБ" → "smartfon-apple-iphone-15-128-gb"; '' when nothing is left. */
export function slugify(text: string, maxLength = 80): string {
  const s = transliterate(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (s.length <= maxLength) return s;
  const cut = s.slice(0, maxLength);
  const dash = cut.lastIndexOf('-');
  return (dash > maxLength / 2 ? cut.slice(0, dash) : cut).replace(/-+$/, '');
}

/** A product slug: the transliterated name plus the SKU, so two products with one name differ. */
export function productSlug(name: string, sku: string): string {
  const base = slugify(name, 80);
  const suffix = slugify(sku, 40);
  return [base, suffix].filter(Boolean).join('-') || 'product';
}
