// Which categories' matrices a bulk load really needs. A category without matrix entries of its own
// has its parent's effective matrix (that is what inheritance means), so for validation it is
// represented by its nearest ancestor that has entries: a 9,000-category tree needs ~1,400
// matrices, not one per leaf. Read once per load; a matrix edited meanwhile applies from the next.
import type { Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.js';

export class MatrixShape {
  private readonly rep = new Map<number, number>();

  constructor(
    private readonly parents: Map<number, number | null>,
    private readonly withEntries: Set<number>,
  ) {}

  /** The category whose effective matrix equals this one's (itself when it has own entries). */
  represent(id: number): number {
    let r = this.rep.get(id);
    if (r === undefined) {
      const parent = this.parents.get(id) ?? null; // unknown (created after loading): itself
      r = this.withEntries.has(id) || parent === null ? id : this.represent(parent);
      this.rep.set(id, r);
    }
    return r;
  }

  /** Representatives of a product's categories, primary first, without repeats. */
  categories(primary: number, ids: number[]): number[] {
    const p = this.represent(primary);
    return [p, ...new Set(ids.map((id) => this.represent(id)).filter((x) => x !== p))];
  }
}

export async function loadMatrixShape(db: Kysely<DB>): Promise<MatrixShape> {
  const cats = await db.selectFrom('categories').select(['id', 'parent_id']).execute();
  const own = await db.selectFrom('category_attributes').select('category_id').distinct().execute();
  return new MatrixShape(new Map(cats.map((c) => [c.id, c.parent_id])), new Set(own.map((o) => o.category_id)));
}
