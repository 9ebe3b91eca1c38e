import { test, expect } from '@playwright/test';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CACHE_LIMITS, pruneCache } from '../../src/contract/cache.ts';

/** A cache folder with `count` entries of `size` bytes, entry i last used i minutes ago. */
function cacheWith(count: number, size: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'contract-cache-'));
  const now = Date.now() / 1000;
  for (let i = 0; i < count; i++) {
    const path = join(dir, `entry-${i}.json`);
    writeFileSync(path, 'x'.repeat(size));
    utimesSync(path, now - i * 60, now - i * 60);
  }
  return dir;
}

test('the contract cache keeps its most recently used entries within its bounds and removes the rest', () => {
  expect(CACHE_LIMITS.entries).toBeGreaterThan(0);
  expect(CACHE_LIMITS.bytes).toBeGreaterThan(0);

  const byCount = cacheWith(12, 10);
  try {
    pruneCache(byCount, { entries: 5, bytes: 1_000_000 });
    expect(readdirSync(byCount).sort()).toEqual(['entry-0.json', 'entry-1.json', 'entry-2.json', 'entry-3.json', 'entry-4.json']);
  } finally {
    rmSync(byCount, { recursive: true, force: true });
  }

  const bySize = cacheWith(6, 1_000);
  try {
    pruneCache(bySize, { entries: 100, bytes: 3_500 });
    expect(readdirSync(bySize).sort()).toEqual(['entry-0.json', 'entry-1.json', 'entry-2.json']);
  } finally {
    rmSync(bySize, { recursive: true, force: true });
  }

  // Within bounds, nothing goes; a missing folder is no error.
  const small = cacheWith(3, 10);
  try {
    pruneCache(small, { entries: 5, bytes: 1_000_000 });
    expect(readdirSync(small)).toHaveLength(3);
  } finally {
    rmSync(small, { recursive: true, force: true });
  }
  expect(() => pruneCache(join(tmpdir(), 'no-such-cache-folder'))).not.toThrow();
});
