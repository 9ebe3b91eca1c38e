import type { Provenance, ProvenanceKind } from '../contract/provenance.ts';

/**
 * The rules the engine applies on its own, beside those a contract writes down. Each has a provenance exactly as a
 * contract rule has one: `documented` where the vendor's document (or the standard it names, HTTP or JSON) states
 * it, `inferred` or `assumed` where the engine guesses. A guess that an answer contradicts is an assumption finding
 * whose decision names the rule, never a vendor violation. Where a rule is documented for some requests and a guess
 * for others (`per-case`), `provenance` is its guess and `documentedWhen` says when the document states it.
 *
 * The same table is printed in docs/contract-conventions.md; an engine test keeps the two equal.
 */
export interface EngineRule {
  id: EngineRuleId;
  /** What the engine expects, in one sentence. */
  rule: string;
  /** Its provenance where nothing in the document ties it to the request at hand. */
  provenance: ProvenanceKind;
  /** When the document states the rule after all (so a contradiction is a vendor violation), if ever. */
  documentedWhen?: string;
  /** Why the provenance is what it is. */
  reason: string;
  /** What a contradiction counts as: one line for the README's Verdicts. */
  countsAs: string;
  /** The class of the readings injector that answers with the rule's other reading, where there is one. */
  reading?: string;
}

export type EngineRuleId =
  | 'missing-required-refused'
  | 'invalid-input-refused'
  | 'unreadable-body-refused'
  | 'unsupported-media-type-refused'
  | 'body-on-bodiless-method'
  | 'framework-rejection-body'
  | 'media-type-equivalence'
  | 'media-type-named-format'
  | 'error-representation'
  | 'header-name-case'
  | 'key-order'
  | 'array-order'
  | 'extra-properties'
  | 'undocumented-status'
  | 'valid-request-no-server-error'
  | 'valid-request-accepted'
  | 'credentials-refused'
  | 'created-record-readable'
  | 'read-after-write'
  | 'created-record-listed';

export const ENGINE_RULES: readonly EngineRule[] = [
  {
    id: 'missing-required-refused',
    rule: 'A request without a required parameter, body or body property is refused with a 4xx.',
    provenance: 'assumed',
    documentedWhen:
      'the parameter carries `x-missing-response`, or the operation documents a 400, 422 or 4XX (OpenAPI `required` is the document’s own statement)',
    reason: 'Without a documented rejection the document states what a client must send, not what the server does otherwise.',
    countsAs: 'documented: accepting it is a vendor violation; otherwise an assumption finding',
  },
  {
    id: 'invalid-input-refused',
    rule: 'A request whose value breaks a declared constraint (type, range, enum, pattern, format, length, an extra property) is refused.',
    provenance: 'assumed',
    documentedWhen:
      'the document ties a rejection to that parameter or field: `x-invalid-response` on it, or a documented 400/422/4XX response whose description or example names it',
    reason:
      'A document that declares a constraint says what a valid request is; how strictly a server parses an invalid one (an optional `offset=abc` read as absent) it seldom says.',
    countsAs: 'documented: accepting it is a vendor violation; otherwise an assumption finding with the exchange',
    reading: 'lenient-optional-parameter',
  },
  {
    id: 'unreadable-body-refused',
    rule: 'A body that does not parse (malformed JSON) is refused with a 4xx.',
    provenance: 'assumed',
    documentedWhen: 'the operation documents a 400, 422 or 4XX',
    reason: 'The document does not describe such a request at all; a documented rejection status is the closest it comes.',
    countsAs: 'documented: accepting it is a vendor violation; otherwise an assumption finding',
  },
  {
    id: 'unsupported-media-type-refused',
    rule: 'A body in a media type the operation does not accept is refused.',
    provenance: 'assumed',
    documentedWhen: 'the operation documents a 415',
    reason: 'Servers commonly read a body whatever its Content-Type says; only a documented 415 states otherwise.',
    countsAs: 'documented: accepting it is a vendor violation; otherwise an assumption finding',
  },
  {
    id: 'body-on-bodiless-method',
    rule: 'A broken body on a GET, HEAD or DELETE is refused.',
    provenance: 'assumed',
    reason: 'RFC 9110 §9.3.1, §9.3.2 and §9.3.5: content in these requests has no defined semantics, so ignoring it is allowed.',
    countsAs: 'an assumption finding',
  },
  {
    id: 'framework-rejection-body',
    rule: 'The rejection of a request the document does not describe (malformed JSON, a media type not accepted) carries the documented error body.',
    provenance: 'inferred',
    reason:
      'Such a request may be refused before the API’s own validation, by a framework layer whose body is not the documented error schema (Prism itself does so); its status is judged, its body is a guess.',
    countsAs: 'a finding about the body is an assumption finding; the status is judged as documented',
    reading: 'framework-rejection',
  },
  {
    id: 'media-type-equivalence',
    rule: 'Equivalent forms of a documented media type are that type: case, parameters such as `charset`, `text/xml` and `application/xml`, `+json` and `+xml` suffixes.',
    provenance: 'documented',
    reason:
      'RFC 9110 §8.3.1 (type and subtype are case-insensitive; parameters), RFC 7303 §4 and §9.2 (`text/xml` is `application/xml`; `+xml`), RFC 6839 §3.1 (`+json` is JSON).',
    countsAs: 'no finding: the answer has the documented type',
    reading: 'equivalent-media-type, charset-parameter',
  },
  {
    id: 'media-type-named-format',
    rule: 'Where the document names a format ("XML", "JSON") and no media type, the contract’s media type is inferred (`x-provenance` on the media type).',
    provenance: 'inferred',
    reason: 'The contract had to pick a media type the document does not write.',
    countsAs:
      'a body in the named format under another label is an assumption finding; a body in another format (JSON where the document says XML) a violation',
  },
  {
    id: 'error-representation',
    rule: 'A rejection carries its error body in the media type the document shows for that status.',
    provenance: 'inferred',
    reason:
      'Where the document shows error bodies for some representations only (JSON errors, an XML endpoint), an error in the endpoint’s own representation is another defensible reading.',
    countsAs: 'an error answered in a media type the operation documents for its success is an assumption finding',
    reading: 'error-representation',
  },
  {
    id: 'header-name-case',
    rule: 'Header names are matched without regard to case.',
    provenance: 'documented',
    reason: 'RFC 9110 §5.1: field names are case-insensitive.',
    countsAs: 'no finding',
    reading: 'header-name-case',
  },
  {
    id: 'key-order',
    rule: 'The order of an object’s keys carries no meaning.',
    provenance: 'documented',
    reason: 'RFC 8259 §4: an object is an unordered collection of members.',
    countsAs: 'no finding',
    reading: 'reordered',
  },
  {
    id: 'array-order',
    rule: 'The order of an array is held only where the document states it (a paged list, a tuple); written lists read back in any order.',
    provenance: 'documented',
    reason: 'JSON Schema states order only through `prefixItems`; a document that pages states the order of its rows.',
    countsAs: 'no finding where order is not stated',
    reading: 'reordered',
  },
  {
    id: 'extra-properties',
    rule: 'An answer may carry properties its schema does not list, unless the schema closes the object (`additionalProperties: false`).',
    provenance: 'documented',
    reason: 'JSON Schema 2020-12 §10.3.2.3: `additionalProperties` absent allows any further property.',
    countsAs: 'no finding where the schema leaves the object open',
    reading: 'extra-property',
  },
  {
    id: 'undocumented-status',
    rule: 'Every status answered is one the document lists.',
    provenance: 'documented',
    reason: 'The document lists the statuses it promises; a 4xx it never mentions describes a situation it does not cover.',
    countsAs: 'an undocumented 2xx or 3xx is a vendor violation; an undocumented 4xx a document gap; a 5xx see below',
  },
  {
    id: 'valid-request-no-server-error',
    rule: 'A request valid by the contract never gets a 5xx from a live target.',
    provenance: 'documented',
    reason: 'RFC 9110 §15.6: a 5xx says the server failed to fulfil an apparently valid request.',
    countsAs: 'a vendor violation on a live target; from a mock, a document gap (Prism picking a `default`)',
  },
  {
    id: 'valid-request-accepted',
    rule: 'A request valid by the contract is accepted.',
    provenance: 'assumed',
    reason: 'A live target may lack the credentials or records the request names, or validate more than its document says.',
    countsAs: '401/403/404 inconclusive; another 4xx a document gap; a 404 for ids the target listed itself a vendor violation',
  },
  {
    id: 'credentials-refused',
    rule: 'A request without (or with malformed or wrong) credentials to a secured operation is refused: with the documented 401, or any 4xx where none is documented.',
    provenance: 'documented',
    reason: 'The operation’s security requirement is the document’s statement; the status it gets is judged by what the document lists.',
    countsAs: 'accepting it is a vendor violation; an undocumented 4xx for it a document gap',
  },
  {
    id: 'created-record-readable',
    rule: 'A record is readable right after its creation and not after its deletion.',
    provenance: 'documented',
    reason: 'The document’s create, read and delete operations name the same resource.',
    countsAs: 'a vendor violation',
  },
  {
    id: 'read-after-write',
    rule: 'A record reads back with the values written.',
    provenance: 'assumed',
    documentedWhen: 'the read operation carries `x-read-after-write: { x-provenance: documented }`',
    reason: 'Servers normalise, default and drop values; few documents state the round trip.',
    countsAs: 'an assumption finding, unless documented',
  },
  {
    id: 'created-record-listed',
    rule: 'A record just created appears in its collection’s list.',
    provenance: 'assumed',
    reason: 'A list may page, sort or filter; the document seldom says where a new record lands.',
    countsAs: 'an assumption finding',
  },
];

const byId = new Map(ENGINE_RULES.map((rule) => [rule.id, rule]));
const overrides = new Map<EngineRuleId, ProvenanceKind>();

export function engineRule(id: EngineRuleId): EngineRule {
  const rule = byId.get(id);
  if (!rule) throw new Error(`unknown engine rule "${id}"`);
  return rule;
}

/**
 * The provenance of an engine rule where the document does not state it, as findings carry it: its decision names
 * the rule, so a finding says which of the engine's guesses the answer contradicted.
 */
export function engineProvenance(id: EngineRuleId): Provenance {
  const rule = engineRule(id);
  const kind = overrides.get(id) ?? rule.provenance;
  return { kind, decision: `engine rule "${id}" (${kind}): ${rule.reason}`, pointer: `engine:${id}` };
}

/** The provenance of a rule the document states for the request at hand (`documentedWhen` holds). */
export const documentedEngineRule = (id: EngineRuleId): Provenance => ({ kind: 'documented', pointer: `engine:${id}#documented` });

/** True when a provenance is the engine rule's own guess (nothing in the document decided it), whatever its kind now. */
export const isEngineGuess = (provenance: Provenance, id: EngineRuleId): boolean => provenance.pointer === `engine:${id}`;

/**
 * Sets an engine rule's provenance for a while (an engine test reverting a guess to `documented`, say); returns the
 * function that restores it. Process-wide: only for tests that own their worker.
 */
export function overrideEngineRule(id: EngineRuleId, kind: ProvenanceKind): () => void {
  engineRule(id);
  const before = overrides.get(id);
  overrides.set(id, kind);
  return () => {
    if (before === undefined) overrides.delete(id);
    else overrides.set(id, before);
  };
}
