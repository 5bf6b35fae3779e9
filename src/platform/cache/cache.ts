// The cache port: in-process LRU by default, Redis when REDIS_URL is set. Values are JSON.
export interface Cache {
  readonly kind: 'memory' | 'redis';
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlSeconds?: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
  /** Atomically increments a counter (used as a generation number for group invalidation). */
  incr(key: string): Promise<number>;
  close(): Promise<void>;
}

/**
 * Group invalidation without scanning keys: every key of a namespace embeds the namespace's
 * generation number, and bumping the generation orphans them all (they age out by TTL/LRU).
 */
export class Namespace {
  constructor(
    private readonly cache: Cache,
    readonly name: string,
  ) {}

  private async generation(): Promise<number> {
    return (await this.cache.get<number>(`gen:${this.name}`)) ?? 0;
  }

  async key(suffix: string): Promise<string> {
    return `${this.name}:${await this.generation()}:${suffix}`;
  }

  async getOrLoad<T>(suffix: string, load: () => Promise<T>, ttlSeconds?: number): Promise<T> {
    const key = await this.key(suffix);
    const hit = await this.cache.get<T>(key);
    if (hit !== undefined) return hit;
    const value = await load();
    await this.cache.set(key, value, ttlSeconds);
    return value;
  }

  async invalidate(): Promise<void> {
    await this.cache.incr(`gen:${this.name}`);
  }
}
