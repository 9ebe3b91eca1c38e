/**
 * Credential values and how they are scrubbed. Which values are credentials is the run's business
 * (src/targets/secret-values.ts); this module only knows the variables that hold them and how to cut them out.
 */

export const REDACTED = '[REDACTED]';

/** Environment variables that hold credentials: their values are scrubbed wherever they appear. */
const SECRET_VARIABLE = /(KEY|SECRET|TOKEN|PASSWORD|CODE)$/;

export const isSecretVariable = (name: string): boolean => SECRET_VARIABLE.test(name);

/** Replaces every given credential value in free text, raw or percent-encoded; give the longest values first. */
export function scrubValues(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    out = out.split(secret).join(REDACTED);
    const encoded = encodeURIComponent(secret);
    if (encoded !== secret) out = out.split(encoded).join(REDACTED);
  }
  return out;
}
