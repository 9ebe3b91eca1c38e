import type { RecordedRequest } from '../../src/core/wire.ts';
import type { Contract } from '../../src/contract/types.ts';
import { planRequest, encodeBody, urlOf } from '../../src/generate/plan-request.ts';

/**
 * Requests that the mock should answer with a 2xx: documented GETs first (the cheapest to serve), each with the
 * mock's placeholder credentials and `Prefer: code=<documented 2xx>`, as a generated test would send them.
 */
export function okRequests(contract: Contract, baseURL: string): RecordedRequest[] {
  const ranked = [...contract.operations].sort(
    (a, b) => Number(b.method.toLowerCase() === 'get') - Number(a.method.toLowerCase() === 'get'),
  );
  const requests: RecordedRequest[] = [];
  for (const operation of ranked) {
    const ok = operation.responses.find((r) => /^2\d\d$/.test(r.status));
    if (!ok) continue;
    const planned = planRequest(contract, operation, { credentials: (scheme) => `mock-${scheme.name}` });
    planned.headers.prefer = `code=${ok.status}`;
    requests.push({ method: planned.method, url: urlOf(baseURL, planned), headers: planned.headers, body: encodeBody(planned.body) });
  }
  return requests;
}

/** Sends candidates in turn until one answers 2xx; returns it (and how many were tried) or undefined. */
export async function firstOk(
  requests: RecordedRequest[],
): Promise<{ request: RecordedRequest; status: number; tried: number } | undefined> {
  let tried = 0;
  for (const request of requests) {
    tried++;
    const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body });
    await response.arrayBuffer();
    if (response.status >= 200 && response.status < 300) return { request, status: response.status, tried };
    if (tried >= 20) break;
  }
  return undefined;
}
