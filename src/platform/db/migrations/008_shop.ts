// Tables of the accounts, cart, checkout, notifications (issue 5). One statement per string (PGlite runs them one at a time).
export const up: string[] = [];
