/**
 * What a vendor's sandbox profile is made of, and the small HTTP steps bootstraps share. A leaf module: vendor
 * folders import it, and it imports no vendor.
 */
import type { Contract } from '../contract/types.ts';
import { parseJsonOrUndefined } from '../core/json.ts';
import type { RecordedResponse } from '../core/wire.ts';
import type { Send } from '../core/wire.ts';
import type { Session } from '../core/session.ts';

/** What a vendor profile gets to obtain credentials against a live target. */
export interface SandboxContext {
  vendor: string;
  env: NodeJS.ProcessEnv;
  baseURL: string;
  send: Send;
  timeout: number;
  contract: Contract;
  /** `SIKKA_` for sikka: the prefix of the vendor's variables. */
  prefix: string;
}

/**
 * How to run one vendor against a live target: which variables it needs, how to obtain a session once per run
 * (global setup) and how to renew it when the target says it expired.
 */
export interface SandboxProfile {
  required: string[];
  optional?: string[];
  bootstrap(ctx: SandboxContext): Promise<Session>;
  renew?: { when(response: RecordedResponse): boolean; run(ctx: SandboxContext, session: Session): Promise<Session> };
  /**
   * Credentials the run can obtain for its own use, so that an operation that revokes one is exercised on that one
   * and never on a credential the run runs with. `name` is the parameter it fills (`refresh_token`); `hint` says what
   * a user sets to provide it; `obtain` answers undefined when nothing is set.
   */
  disposable?: { name: string; hint: string; obtain(ctx: SandboxContext, session: Session): Promise<string | undefined> }[];
}

/**
 * Any vendor without a profile of its own (drop-in documents, journy.io): `<PREFIX>_BASE_URL`, and a credential
 * in `<PREFIX>_TOKEN` (or `<PREFIX>_API_KEY`) used for whatever scheme the contract declares.
 */
export function genericProfile(prefix: string): SandboxProfile {
  return {
    required: [`${prefix}BASE_URL`],
    optional: [`${prefix}TOKEN`, `${prefix}API_KEY`],
    async bootstrap({ env }): Promise<Session> {
      const credential = env[`${prefix}TOKEN`] ?? env[`${prefix}API_KEY`];
      const schemes: Record<string, string> = credential ? { '*': credential } : {};
      return { values: {}, schemes };
    },
  };
}

/** `GET`s a JSON document from a live target with query values, for bootstraps; parse failures return undefined. */
export async function getJson(
  ctx: SandboxContext,
  path: string,
  query: Record<string, string>,
): Promise<{ status: number; body: unknown }> {
  const url = `${ctx.baseURL.replace(/\/+$/, '')}${path}?${new URLSearchParams(query)}`;
  const response = await ctx.send({ method: 'GET', url, headers: { accept: 'application/json' } }, ctx.timeout);
  return { status: response.status, body: parseJsonOrUndefined(response.text) };
}

/** `POST`s a form or JSON body, for token bootstraps. */
export async function postBody(
  ctx: SandboxContext,
  path: string,
  body: Record<string, string>,
  form: boolean,
): Promise<{ status: number; body: unknown }> {
  const url = `${ctx.baseURL.replace(/\/+$/, '')}${path}`;
  const response = await ctx.send(
    {
      method: 'POST',
      url,
      headers: { 'content-type': form ? 'application/x-www-form-urlencoded' : 'application/json', accept: 'application/json' },
      body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
    },
    ctx.timeout,
  );
  return { status: response.status, body: parseJsonOrUndefined(response.text) };
}

/** A bootstrap step that did not give what the vendor's documents promise: names the step and the status. */
export class BootstrapError extends Error {
  constructor(vendor: string, step: string, status: number, detail: string) {
    super(`SANDBOX_BOOTSTRAP: ${vendor}: ${step} answered ${status}: ${detail}`);
    this.name = 'BootstrapError';
  }
}
