// The vocabulary a fresh shop starts with (admins replace it at PUT /api/admin/search/vocabulary):
// Cyrillic spellings of Latin brand names buyers type ("самсунг") and common Russian synonyms.
// Stop words are shop filler ("купить", "цена") that would otherwise have to match product text.
import { AppError } from '../../platform/errors.js';
import type { Vocabulary } from './engine.js';

export const DEFAULT_VOCABULARY: Vocabulary = {
  synonyms: [
    ['samsung', 'самсунг', 'самсунк'],
    ['xiaomi', 'сяоми', 'ксиаоми', 'ксяоми'],
    ['apple', 'эпл', 'эппл', 'апл'],
    ['iphone', 'айфон'],
    ['ipad', 'айпад'],
    ['macbook', 'макбук'],
    ['huawei', 'хуавей', 'хуавэй'],
    ['honor', 'хонор'],
    ['realme', 'реалми'],
    ['redmi', 'редми'],
    ['galaxy', 'галакси', 'гэлакси'],
    ['lenovo', 'леново'],
    ['asus', 'асус'],
    ['acer', 'асер'],
    ['bosch', 'бош'],
    ['philips', 'филипс'],
    ['sony', 'сони'],
    ['tefal', 'тефаль'],
    ['nike', 'найк', 'найки'],
    ['adidas', 'адидас'],
    ['puma', 'пума'],
    ['reebok', 'рибок'],
    ['lego', 'лего'],
    ['makita', 'макита'],
    ['dyson', 'дайсон'],
    ['haier', 'хайер'],
    ['redmond', 'редмонд'],
    ['polaris', 'поларис'],
    ['смартфон', 'телефон', 'мобильный телефон', 'мобильник'],
    ['ноутбук', 'лэптоп', 'laptop', 'notebook'],
    ['телевизор', 'тв', 'tv'],
    ['наушники', 'гарнитура', 'headphones'],
    ['кроссовки', 'кеды', 'sneakers'],
    ['холодильник', 'рефрижератор'],
    ['пылесос', 'vacuum'],
  ],
  stopWords: ['купить', 'цена', 'цены', 'недорого', 'дешево', 'интернет', 'магазин', 'заказать', 'отзывы', 'шт'],
};

const MAX_GROUPS = 5000;

/** Trims, lowercases and dedupes; rejects what would make the vocabulary unusable. */
export function cleanVocabulary(v: Vocabulary): Vocabulary {
  if (v.synonyms.length > MAX_GROUPS) throw new AppError('SEARCH_QUERY_INVALID', `at most ${MAX_GROUPS} synonym groups`, 'synonyms');
  const synonyms = v.synonyms.map((g, i) => {
    const members = [...new Set(g.map((m) => m.trim().toLowerCase().replace(/ё/g, 'е')).filter(Boolean))];
    if (members.length < 2) throw new AppError('SEARCH_QUERY_INVALID', 'a synonym group needs two different words', `synonyms[${i}]`);
    return members;
  });
  const stopWords = [...new Set(v.stopWords.map((w) => w.trim().toLowerCase().replace(/ё/g, 'е')).filter(Boolean))];
  return { synonyms, stopWords };
}
