// Quick measurement of the OpenSearch engine on synthetic documents (no database needed):
//   node --import tsx src/modules/search/engines/opensearch/throughput.ts --docs 100000 --concurrency 8 \
//     [--os-pid $(cat var/opensearch/pid)]
// Prints one JSON line: reindex docs/s, query + facets p50/p95 (in a category and catalog-wide) and
// suggest p95. Uses its own index prefix and deletes its indices afterwards. The full benchmark with
// the real catalog generator is `npm run bench:search`.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { SearchDocument, SearchQuery } from '../../engine.js';
import { createOpenSearchEngine } from './engine.js';

const { values } = parseArgs({
  options: {
    docs: { type: 'string', default: '100000' },
    concurrency: { type: 'string', default: '8' },
    queries: { type: 'string', default: '200' },
    url: { type: 'string', default: process.env.OPENSEARCH_URL ?? 'http://127.0.0.1:9200' },
    // the node's JVM pid (var/opensearch/pid): adds the CPU seconds it spent indexing, a number that a
    // busy shared machine does not distort the way it distorts wall-clock docs/s
    'os-pid': { type: 'string' },
  },
});
const jvmCpuSeconds = (): number | null => {
  if (!values['os-pid']) return null;
  const f = readFileSync(`/proc/${values['os-pid']}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in clock ticks (USER_HZ = 100)
};
const N = Number(values.docs);
const C = Number(values.concurrency);
const Q = Number(values.queries);

const NOUNS = ['смартфон', 'ноутбук', 'чайник', 'кроссовки', 'наушники', 'пылесос', 'телевизор', 'куртка', 'холодильник', 'планшет', 'монитор', 'утюг', 'блендер', 'рюкзак', 'часы'];
const ADJ = ['беспроводной', 'компактный', 'мощный', 'легкий', 'игровой', 'детский', 'мужской', 'женский', 'складной', 'умный'];
const COLORS = ['black', 'white', 'blue', 'red', 'green', 'grey'];
const COLOR_RU: Record<string, string> = { black: 'черный', white: 'белый', blue: 'синий', red: 'красный', green: 'зеленый', grey: 'серый' };
const BRANDS = Array.from({ length: 60 }, (_, i) => ['Samsung', 'Apple', 'Xiaomi', 'Bosch', 'Philips', 'Sony', 'Lenovo', 'Nike', 'Tefal', 'LG'][i % 10]! + (i >= 10 ? ` ${i}` : ''));
const CATS = 900; // leaf categories, 30 roots; each leaf has 3 attributes of its own (2,700 codes) plus shared ones

let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;

function doc(id: number): SearchDocument {
  const leaf = 100 + Math.floor(rnd() * CATS);
  const root = 1 + (leaf % 30);
  const noun = NOUNS[leaf % NOUNS.length]!;
  const brand = pick(BRANDS);
  const color = pick(COLORS);
  const storage = pick([64, 128, 256, 512, 1024]);
  return {
    product_id: id,
    sku: `SYN-${id}`,
    slug: `syn-${id}`,
    name: `${noun[0]!.toUpperCase()}${noun.slice(1)} ${brand} ${pick(ADJ)} ${Math.floor(rnd() * 900) + 100} ${COLOR_RU[color]}`,
    description: `${noun} ${brand}: ${pick(ADJ)} и ${pick(ADJ)}, гарантия 12 месяцев, доставка по всей России.`,
    brand,
    brand_slug: brand.toLowerCase().replace(/\s+/g, '-'),
    category_ids: [root, leaf],
    primary_category_id: leaf,
    category_path: `Раздел ${root} / ${noun} ${leaf}`,
    attributes: {
      color,
      storage,
      in_box: rnd() < 0.5,
      [`c${leaf}_a`]: pick(['x', 'y', 'z']),
      [`c${leaf}_b`]: Math.floor(rnd() * 100),
      [`c${leaf}_c`]: [pick(['p', 'q']), pick(['r', 's'])],
      // the generated catalog averages ~21 attribute values per product, ~8.5 of them numbers
      weight: Math.round(rnd() * 1000) / 100,
      year: 2018 + Math.floor(rnd() * 8),
      warranty: pick([6, 12, 24, 36]),
      [`c${leaf % 97}_w`]: Math.floor(rnd() * 500),
      [`c${leaf % 89}_h`]: Math.floor(rnd() * 300),
      [`c${leaf % 83}_d`]: Math.round(rnd() * 100) / 10,
      [`c${leaf % 79}_t`]: { min: 0, max: 10 + Math.floor(rnd() * 40) },
      country: pick(['ru', 'cn', 'vn', 'kr']),
      material: pick(['steel', 'plastic', 'glass']),
      [`c${leaf % 71}_e`]: pick(['a', 'b', 'c', 'd']),
    },
    attribute_text: `${COLOR_RU[color]} ${storage} гб`,
    price: 100_00 + Math.floor(rnd() * 200_000_00),
    currency: 'RUB',
    in_stock: rnd() < 0.8,
    popularity: Math.floor(rnd() * 1000),
    created_at: new Date(Date.UTC(2024, 0, 1) + id * 60_000).toISOString(),
  };
}

async function* batches() {
  for (let i = 0; i < N; i += 1000) yield Array.from({ length: Math.min(1000, N - i) }, (_, k) => doc(i + k + 1));
}

async function latencies(run: (i: number) => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: C }, async () => {
      while (next < Q) {
        const i = next++;
        const t = performance.now();
        await run(i);
        times.push(performance.now() - t);
      }
    }),
  );
  times.sort((a, b) => a - b);
  const at = (q: number) => Math.round(times[Math.min(times.length - 1, Math.floor(times.length * q))]! * 10) / 10;
  return { p50: at(0.5), p95: at(0.95) };
}

const engine = createOpenSearchEngine({ url: values.url!, prefix: `bench_${process.pid}_` });
try {
  await engine.init();
  await engine.setVocabulary({ synonyms: [['смартфон', 'телефон']], stopWords: ['купить'] });
  const t0 = performance.now();
  const cpu0 = jvmCpuSeconds();
  const own0 = process.cpuUsage();
  await engine.reindex(batches(), N);
  const seconds = (performance.now() - t0) / 1000;
  const cpu1 = jvmCpuSeconds();
  const own = process.cpuUsage(own0);
  const jvm = cpu0 !== null && cpu1 !== null ? Math.round((cpu1 - cpu0) * 100) / 100 : null;
  const q = (over: Partial<SearchQuery>): SearchQuery => ({ q: '', filters: [], facets: [], sort: 'relevance', page: 1, per_page: 24, ...over });
  const facets: SearchQuery['facets'] = [{ kind: 'terms', code: 'brand' }, { kind: 'terms', code: 'color' }, { kind: 'range', code: 'price' }];
  const words = ['смартфон синий', 'чайник', 'ноутбук игровой', 'samsung', 'кросовки', 'наушники беспроводные', 'телевизор 256 гб', 'пылесос мощный'];
  await engine.search(q({ q: 'чайник', facets })); // warm-up
  const inCategory = await latencies((i) => engine.search(q({ q: words[i % words.length]!, category_id: 1 + (i % 30), facets })));
  const catalogWide = await latencies((i) =>
    engine.search(q({ q: words[i % words.length]!, facets: [...facets, { kind: 'boolean', code: 'in_stock' }, { kind: 'range', code: 'storage' }] })),
  );
  const prefixes = ['sa', 'sam', 'чай', 'ноут', 'смар', 'наушн', 'xiao', 'пыл', 'тел', 'phil'];
  const suggest = await latencies((i) => engine.suggest(prefixes[i % prefixes.length]!, 8));
  console.log(
    JSON.stringify({
      docs: N,
      reindex_seconds: Math.round(seconds * 100) / 100,
      index_docs_per_s: Math.round(N / seconds),
      load_average: Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]),
      client_cpu_seconds: Math.round((own.user + own.system) / 10_000) / 100,
      ...(jvm !== null ? { opensearch_cpu_seconds: jvm, docs_per_opensearch_cpu_second: Math.round(N / jvm) } : {}),
      concurrency: C,
      query_facets_p50_ms: inCategory.p50,
      query_facets_p95_ms: inCategory.p95,
      catalog_wide_facets_p95_ms: catalogWide.p95,
      suggest_p95_ms: suggest.p95,
    }),
  );
} finally {
  await engine.drop();
  await engine.close();
}
