/**
 * Single-use credentials (an OAuth authorization code) this suite has already sent to a target, kept across runs so
 * that a refusal can be judged: a code the suite sent before is spent, and its refusal is right; a code it never sent
 * is the fresh one the user declared, and its refusal is the vendor's. Only a hash of target and code is stored.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPORTS_DIR } from '../targets/paths.ts';

export const SPENT_CODES_FILE = join(REPORTS_DIR, 'state', 'spent-codes.json');

const keyOf = (target: string, code: string): string => createHash('sha256').update(`${target}\n${code}`).digest('hex');

function read(file: string): string[] {
  try {
    const list = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return Array.isArray(list) ? list.filter((k): k is string => typeof k === 'string') : [];
  } catch {
    return [];
  }
}

/** Whether this suite sent `code` to `target` (its base URL) before, in this run or an earlier one. */
export const wasSpent = (target: string, code: string, file = SPENT_CODES_FILE): boolean => read(file).includes(keyOf(target, code));

/** Records that `code` is being sent to `target`: call it before sending, since a code may be spent by a lost answer. */
export function markSpent(target: string, code: string, file = SPENT_CODES_FILE): void {
  const keys = new Set(read(file));
  keys.add(keyOf(target, code));
  mkdirSync(dirname(file), { recursive: true });
  // The newest few hundred are enough: a code is judged against the runs that could have spent it.
  writeFileSync(file, JSON.stringify([...keys].slice(-500)));
}
