import { escapeRegExp } from '../core/regex.ts';

/** The command that runs the test titled `title` again, alone: its title taken literally, quoted for the shell. */
export const rerunCommand = (project: string, title: string): string =>
  `npm test -- --project=${project} -g '${escapeRegExp(title).replace(/'/g, `'\\''`)}'`;
