import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

/** The project root, wherever the runner was started from. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const CONTRACTS_DIR = process.env.CONTRACTS_DIR ?? join(ROOT, 'contracts');
export const REPORTS_DIR = join(ROOT, 'reports');
