// The analysis of query words the index knows, kept in-process for a short while: a request then
// needs no statement before its search statement (two round trips → one for the usual query, whose
// words are all known). Only known words are kept — a word's stems never change, and a known word
// has no typo alternatives — so a word that was unknown is looked up again each time and a product
// bringing it is found at once. What can go stale: a word a rebuild dropped (in this process the
// cache is cleared at the swap; another process's rebuild shows within `ttlMs`), searched meanwhile
// without typo alternatives and "did you mean".

export interface KnownWord {
  t: string;
  stems: string[] | null;
}

export interface KnownWords {
  get(t: string): KnownWord | undefined;
  add(w: KnownWord): void;
  clear(): void;
}

export function knownWords(max = 20_000, ttlMs = 60_000, now: () => number = Date.now): KnownWords {
  const words = new Map<string, { w: KnownWord; at: number }>();
  return {
    get(t) {
      const e = words.get(t);
      if (!e) return undefined;
      if (now() - e.at > ttlMs) {
        words.delete(t);
        return undefined;
      }
      return e.w;
    },
    add(w) {
      words.delete(w.t);
      // the oldest entry goes first (a Map iterates in insertion order)
      if (words.size >= max) words.delete(words.keys().next().value!);
      words.set(w.t, { w, at: now() });
    },
    clear() {
      words.clear();
    },
  };
}
