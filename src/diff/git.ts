import { execFileSync } from 'node:child_process';
import { DiffError, DiffErrorCode } from './errors.ts';

/** Read-only access to the git history of the folder the gate runs in. Nothing here writes to the repository. */
export interface GitAt {
  /** The ref as given, for messages. */
  ref: string;
  /** The commit the ref names. */
  commit: string;
  /** Path of the working directory inside the repository (`''` at the top, `sub/dir/` below it). */
  prefix: string;
  cwd: string;
}

function git(cwd: string, args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
}

const stderrOf = (error: unknown): string =>
  String((error as { stderr?: unknown }).stderr ?? (error as Error).message)
    .trim()
    .split('\n')[0];

/** Resolves `ref` in the repository around `cwd`; throws DIFF_NOT_GIT_REPO or DIFF_UNKNOWN_REF with what to do. */
export function openRef(cwd: string, ref: string): GitAt {
  if (ref.startsWith('-')) throw new DiffError(DiffErrorCode.usage, `"${ref}" is not a git ref`);
  let prefix: string;
  try {
    prefix = git(cwd, ['rev-parse', '--show-prefix']).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new DiffError(DiffErrorCode.gitUnavailable, 'git is not installed or not on PATH');
    throw new DiffError(
      DiffErrorCode.notGitRepo,
      `${cwd} is not inside a git repository (${stderrOf(error)}); run the gate from the project's checkout`,
    );
  }
  let commit: string;
  try {
    commit = git(cwd, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).trim();
  } catch {
    throw new DiffError(
      DiffErrorCode.unknownRef,
      `unknown git ref "${ref}": name a branch, tag or commit that exists here (git fetch it first if it is remote)`,
    );
  }
  return { ref, commit, prefix, cwd };
}

/** Names of the files directly in `dir` (relative to the working directory) at the ref; empty when the folder did not exist. */
export function listFilesAt(at: GitAt, dir: string): string[] {
  try {
    const out = git(at.cwd, ['ls-tree', '-z', '--name-only', `${at.commit}:${at.prefix}${dir}`]);
    return out.split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** The content of `path` (relative to the working directory) at the ref. */
export function readFileAt(at: GitAt, path: string): string {
  try {
    return git(at.cwd, ['show', `${at.commit}:${at.prefix}${path}`]);
  } catch (error) {
    throw new DiffError(DiffErrorCode.unknownRef, `cannot read ${path} at ${at.ref}: ${stderrOf(error)}`);
  }
}
