// NDCG@10 over the judged query set (binary gains: a product is relevant or not). Engine-agnostic: the
// caller passes a function that returns the top SKUs of a query.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Rule } from './build-judgments.js';

export interface JudgedQuery {
  q: string;
  kind: string;
  rule: string;
  match: Rule;
  relevant: string[];
}

export interface Evaluation {
  ndcg10: number;
  /** queries with every relevant product (up to 10) in the top 10 */
  all_in_top10: number;
  queries: number;
  by_kind: Record<string, number>;
  worst: { q: string; ndcg10: number; top: string[] }[];
}

export function loadJudgedQueries(): { catalog: { categories: number; products: number; seed: number }; queries: JudgedQuery[] } {
  const file = path.join(path.dirname(new URL(import.meta.url).pathname), 'queries.json');
  return JSON.parse(readFileSync(file, 'utf8'));
}

const gain = (rank: number) => 1 / Math.log2(rank + 2);

export function ndcgAt10(ranked: string[], relevant: Set<string>): number {
  let dcg = 0;
  ranked.slice(0, 10).forEach((sku, i) => {
    if (relevant.has(sku)) dcg += gain(i);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(10, relevant.size); i++) ideal += gain(i);
  return ideal ? dcg / ideal : 0;
}

export async function evaluate(queries: JudgedQuery[], top10: (q: string) => Promise<string[]>): Promise<Evaluation> {
  const scores: { q: string; kind: string; ndcg10: number; top: string[]; complete: boolean }[] = [];
  for (const j of queries) {
    const top = (await top10(j.q)).slice(0, 10);
    const rel = new Set(j.relevant);
    const ndcg10 = ndcgAt10(top, rel);
    const complete = top.filter((s) => rel.has(s)).length >= Math.min(10, rel.size);
    scores.push({ q: j.q, kind: j.kind, ndcg10, top, complete });
  }
  const mean = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const kinds = [...new Set(scores.map((s) => s.kind))];
  return {
    ndcg10: Math.round(mean(scores.map((s) => s.ndcg10)) * 1000) / 1000,
    all_in_top10: scores.filter((s) => s.complete).length,
    queries: scores.length,
    by_kind: Object.fromEntries(kinds.map((k) => [k, Math.round(mean(scores.filter((s) => s.kind === k).map((s) => s.ndcg10)) * 1000) / 1000])),
    worst: [...scores].sort((a, b) => a.ndcg10 - b.ndcg10).slice(0, 8).map(({ q, ndcg10, top }) => ({ q, ndcg10, top: top.slice(0, 3) })),
  };
}
