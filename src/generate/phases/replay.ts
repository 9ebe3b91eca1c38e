import type { RecordedRequest } from '../../core/wire.ts';
import { redactBody, redactHeaders, redactUrl } from '../../report/redact.ts';
import { secretValues } from '../../targets/secret-values.ts';
import { curlCommand } from '../arbitraries/request.ts';
import type { PhaseOutcome } from './run.ts';

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The one-line command that replays a phase: seed, counterexample path, project and title. */
export function replayLine(outcome: Pick<PhaseOutcome, 'seed' | 'path'>, project: string, title: string): string {
  const vars = [`FC_SEED=${outcome.seed}`, ...(outcome.path ? [`FC_PATH=${outcome.path}`] : [])].join(' ');
  return `${vars} npm test -- --project=${project} -g '${escapeRegex(title).replace(/'/g, `'\\''`)}'`;
}

/** A request as `curl`, every credential redacted. */
export function redactedCurl(request: RecordedRequest): string {
  const secrets = secretValues();
  return curlCommand({
    method: request.method,
    url: redactUrl(request.url, secrets),
    headers: redactHeaders(request.headers, secrets),
    body: redactBody(request.body, secrets),
  });
}
