// Names for the search statement's SQL shapes, so each pooled connection parses a shape once
// (Database.prepared) instead of on every query. At 1M SKUs parsing the in-category statement (CTEs,
// three facet subqueries) took about as long as planning it and a third of running it
// (log_min_duration_statement: parse 4.2, bind 4.2, execute 16.6 ms).
//
// The text of a shape is fixed by which facets, filters and sort a query has, not by its values (those
// are parameters), so the shapes a shop sees are few; still, a prepared statement lives as long as its
// connection, so the registry is bounded: past MAX_SHAPES, new shapes run unnamed, as before.
// Names are per process (a module-level registry): two engines over one pool must never give one name
// to two texts.

export const MAX_SHAPES = 200;
const names = new Map<string, string>();

/** The statement name of this SQL text, or null when the registry is full. */
export function statementName(sqlText: string): string | null {
  let name = names.get(sqlText);
  if (name === undefined && names.size < MAX_SHAPES) {
    name = `search_shape_${names.size}`;
    names.set(sqlText, name);
  }
  return name ?? null;
}
