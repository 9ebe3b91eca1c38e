import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));

/** Credential values, and credential-shaped fields left unredacted, anywhere in the run's output or reports. */
export function leaks(run: { output: string; reportsDir: string }, credentials: Record<string, string>): string[] {
  const values = Object.entries(credentials).filter(([name, value]) => /KEY|SECRET|TOKEN|CODE/.test(name) && value.length >= 4);
  const shapes = [
    /request_key=(?!(\[|%5B)REDACTED)/i,
    /"(request_key|access_token|refresh_token|secret_token)"\s*:\s*"(?!\[REDACTED\])[^"]/,
  ];
  const found: string[] = [];
  const sources = [
    { name: 'console output', text: run.output },
    ...filesUnder(run.reportsDir).map((f) => ({ name: f, text: readFileSync(f, 'latin1') })),
  ];
  for (const { name, text } of sources) {
    for (const [variable, value] of values) if (text.includes(value)) found.push(`${variable} in ${name}`);
    for (const shape of shapes) if (shape.test(text)) found.push(`${shape} in ${name}`);
  }
  return found;
}
