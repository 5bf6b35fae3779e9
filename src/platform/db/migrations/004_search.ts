// Tables of the search (issue 4). One statement per string (PGlite runs them one at a time).
export const up: string[] = [];
