// Brands and categories for autocomplete (search_labels, migration 004) and their word starts
// (search_label_words, migration 023): a label is found by a prefix of its whole text or of any later
// word, and each of those is one row of a text_pattern_ops btree, so a prefix is one range scan. Each
// row carries its label's text length, so suggest ranks labels from that index alone (migration 024).
import { sql, type Transaction } from 'kysely';
import type { DB } from '../../../../platform/db/schema.js';

export interface LabelRow {
  kind: string;
  id: number;
  text: string;
  slug: string;
  lower_text: string;
}

/** The text from each space-separated word on — what `lower_text like '% p%'` tested (pos 1: all of it). */
export function labelWordStarts(lowerText: string): string[] {
  const words = lowerText.split(' ');
  return words.map((_, i) => words.slice(i).join(' '));
}

/**
 * Upserts labels (inside the caller's transaction). Every product written re-sends its brand and
 * category path: unchanged labels are left alone, or a 1M rebuild leaves hundreds of dead versions of
 * each label in the table for autocomplete to wade through; the word starts of the labels that did
 * change are rewritten.
 */
export async function writeLabels(tx: Transaction<DB>, labels: LabelRow[], generation: number): Promise<void> {
  if (!labels.length) return;
  const changed = (
    await sql<{ kind: string; id: number; lower_text: string; text_length: number }>`
      insert into search_labels (kind, id, text, slug, lower_text, generation)
      select r->>'kind', (r->>'id')::int, r->>'text', r->>'slug', r->>'lower_text', ${generation}::int
        from jsonb_array_elements(${JSON.stringify(labels)}::jsonb) r
      on conflict (kind, id) do update set text = excluded.text, slug = excluded.slug,
        lower_text = excluded.lower_text, generation = excluded.generation
      where (search_labels.text, search_labels.slug, search_labels.generation)
            is distinct from (excluded.text, excluded.slug, excluded.generation)
      returning kind, id, lower_text, length(text) as text_length`.execute(tx)
  ).rows;
  if (!changed.length) return;
  const kinds: string[] = [];
  const ids: number[] = [];
  const pos: number[] = [];
  const phrases: string[] = [];
  const lengths: number[] = [];
  for (const l of changed) {
    labelWordStarts(l.lower_text).forEach((phrase, i) => {
      kinds.push(l.kind);
      ids.push(Number(l.id));
      pos.push(i + 1);
      phrases.push(phrase);
      lengths.push(Number(l.text_length));
    });
  }
  await sql`delete from search_label_words w
             using unnest(${changed.map((l) => l.kind)}::text[], ${changed.map((l) => Number(l.id))}::int[]) as c(kind, id)
             where w.kind = c.kind and w.id = c.id`.execute(tx);
  await sql`insert into search_label_words (kind, id, pos, phrase, text_length)
            select * from unnest(${kinds}::text[], ${ids}::int[], ${pos}::smallint[], ${phrases}::text[], ${lengths}::int[])`.execute(tx);
}
