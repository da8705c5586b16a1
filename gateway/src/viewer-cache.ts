import { Viewer } from '@gatehouse/shared';

/** A viewer being (or having been) looked up, and until when it may be reused. */
export interface CachedViewer {
  viewer: Promise<Viewer>;
  expiresAt: number;
}

/** Upper bound on each of the gateway's per-caller maps: a flood of distinct tokens cannot grow memory without limit. */
const maxEntries = 10_000;

/** Sets a key in a bounded map, evicting the oldest entry when it is full. */
export function remember<V>(map: Map<string, V>, key: string, value: V): void {
  if (!map.has(key) && map.size >= maxEntries) map.delete(map.keys().next().value!);
  map.set(key, value);
}

/** The cached viewer under `key`, while it has not expired. */
export function freshViewer(cache: Map<string, CachedViewer>, key: string): Promise<Viewer> | null {
  const cached = cache.get(key);
  return cached && cached.expiresAt > Date.now() ? cached.viewer : null;
}
