// Fast transliteration for generated slugs (a 1M-product run slugs every name).
const RU: Record<string, string> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

const TABLE: string[] = [];
for (let c = 0; c < 0x500; c++) {
  const ch = String.fromCharCode(c).toLowerCase();
  if (RU[ch] !== undefined) TABLE[c] = RU[ch]!;
  else if (/[a-z0-9]/.test(ch)) TABLE[c] = ch;
  else TABLE[c] = '-';
}
TABLE['ö'.charCodeAt(0)] = 'o';
TABLE['ü'.charCodeAt(0)] = 'u';
TABLE['ä'.charCodeAt(0)] = 'a';
TABLE['é'.charCodeAt(0)] = 'e';
TABLE['+'.charCodeAt(0)] = '-plus-';

/** "Смартфон Samsung Galaxy A55 8/256 ГБ" → "smartfon-samsung-galaxy-a55-8-256-gb" */
export function slugify(text: string, maxLength = 80): string {
  let out = '';
  let dash = true; // suppress leading and repeated dashes
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const t = c < 0x500 ? TABLE[c]! : '-';
    if (t === '-') {
      if (!dash) out += '-';
      dash = true;
    } else if (t === '-plus-') {
      if (!dash) out += '-';
      out += 'plus-';
      dash = true;
    } else {
      out += t;
      dash = false;
    }
    if (out.length >= maxLength) break;
  }
  if (out.length > maxLength) out = out.slice(0, maxLength);
  return out.replace(/-+$/, '');
}

/** "Смартфоны и телефоны" → "smartfony_i_telefony" (attribute codes) */
export function codeOf(text: string, maxLength = 24): string {
  const s = slugify(text, maxLength).replace(/-/g, '_');
  return /^[a-z]/.test(s) ? s : `x_${s}`;
}
