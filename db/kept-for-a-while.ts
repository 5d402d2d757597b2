/**
 * A value loaded from the register and kept for a short while, per database handle: rows that
 * change rarely (bodies, the working calendar) and are read on every filing. A write made in this
 * process drops every copy at once (`forget`); a write by another process (another API replica,
 * the worker, the CLI) is seen here at most `ttlMs` later.
 */
export interface KeptForAWhile<K extends object, T> {
  get(from: K): Promise<T>;
  forget(): void;
}

export function keptForAWhile<K extends object, T>(ttlMs: number, load: (from: K) => Promise<T>): KeptForAWhile<K, T> {
  let kept = new WeakMap<K, { value: Promise<T>; until: number }>();
  return {
    get(from) {
      const now = Date.now();
      const hit = kept.get(from);
      if (hit && hit.until > now) return hit.value;
      const value = load(from);
      const entry = { value, until: now + ttlMs };
      kept.set(from, entry);
      // A failed load is not kept: the next caller tries again.
      value.catch(() => {
        if (kept.get(from) === entry) kept.delete(from);
      });
      return value;
    },
    forget() {
      kept = new WeakMap();
    },
  };
}
