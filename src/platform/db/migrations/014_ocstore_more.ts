// Schema changes for ocStore extras: tags, quantity prices (issue 6). One statement per string (PGlite runs them one at a time).
export const up: string[] = [];
