import { engineProvenance, documentedEngineRule, type EngineRuleId } from '../../checks/engine-rules.ts';
import { asAssumption } from '../../checks/findings.ts';
import { STATUS_CHECKS } from '../../checks/status-code.ts';
import type { Violation } from '../../core/violation.ts';
import { DOCUMENTED, isGuess, nearestProvenance, schemaProvenance, type Provenance } from '../../contract/provenance.ts';
import { get } from '../../core/pointer.ts';
import { escapeRegExp } from '../../core/regex.ts';
import type { Contract, MissingResponse, Operation } from '../../contract/types.ts';
import type { Broken, Mutation } from '../arbitraries/negative.ts';

/** Whose word it is that a broken request is refused: the engine rule, and its provenance for this request. */
export interface Refusal {
  rule: EngineRuleId;
  provenance: Provenance;
  /** What the document says the rejection carries, where it ties one to the broken parameter (`x-invalid-response`). */
  readings?: MissingResponse[];
}

const REJECTION_STATUSES = ['400', '422', '4XX'];

/** The operation documents a rejection of invalid input: a 400, 422 or 4XX response. */
export const documentsInputRejection = (operation: Operation): boolean =>
  operation.responses.some((r) => REJECTION_STATUSES.includes(r.status));

/**
 * How sure the engine may be that the request a mutation broke is refused (the engine rules of
 * `src/checks/engine-rules.ts`). A requirement (a required parameter, body or field left out) is documented where
 * the operation documents a rejection; a declared constraint broken (type, range, pattern, ...) only where the
 * document ties a rejection to that parameter or field (`x-invalid-response`, or a documented 4xx that names it);
 * a body in a media type not accepted where a 415 is documented. A rule whose own node the contract marks inferred
 * or assumed keeps that mark. Everything else is the engine's guess: accepting it is an assumption finding.
 */
export function refusalOf(contract: Contract, operation: Operation, mutation: Pick<Mutation, 'breaks' | 'rule'>): Refusal {
  const broken = mutation.breaks;
  if (!broken) return guess('invalid-input-refused');
  if (broken.body && ['GET', 'HEAD', 'DELETE'].includes(operation.method)) return guess('body-on-bodiless-method');
  switch (broken.kind) {
    case 'malformed':
      return documentsInputRejection(operation) ? stated('unreadable-body-refused') : guess('unreadable-body-refused');
    case 'media-type':
      return operation.responses.some((r) => r.status === '415')
        ? stated('unsupported-media-type-refused')
        : guess('unsupported-media-type-refused');
    case 'missing':
      return missingRefusal(contract, operation, broken);
    default:
      return invalidRefusal(contract, operation, broken);
  }
}

function missingRefusal(contract: Contract, operation: Operation, broken: Broken): Refusal {
  const own = constraintProvenance(contract, broken);
  if (isGuess(own)) return { rule: 'missing-required-refused', provenance: own };
  const readings = broken.parameter?.missingResponses ?? [];
  if (documentsInputRejection(operation) || readings.some((r) => !isGuess(r.provenance))) return stated('missing-required-refused');
  // Only guessed readings of the rejection (the contract inferred the status): the refusal is as sure as they are.
  if (readings.length > 0) return { rule: 'missing-required-refused', provenance: readings[0].provenance };
  return guess('missing-required-refused');
}

function invalidRefusal(contract: Contract, operation: Operation, broken: Broken): Refusal {
  const own = constraintProvenance(contract, broken);
  if (isGuess(own)) return { rule: 'invalid-input-refused', provenance: own };
  const declared = declaredInvalidResponses(contract, broken);
  if (declared.length > 0) {
    const provenance = declared.every((r) => isGuess(r.provenance))
      ? declared[0].provenance
      : documentedEngineRule('invalid-input-refused');
    return { rule: 'invalid-input-refused', provenance, readings: declared };
  }
  const name = broken.parameter?.name ?? broken.property?.name;
  const raw = broken.parameter ? get(contract.document, broken.parameter.pointer) : undefined;
  const description = raw && typeof raw === 'object' ? (raw as { description?: unknown }).description : undefined;
  if (name && rejectionNames(operation, name, typeof description === 'string' ? description : undefined))
    return stated('invalid-input-refused');
  return guess('invalid-input-refused');
}

const stated = (rule: EngineRuleId): Refusal => ({ rule, provenance: documentedEngineRule(rule) });
const guess = (rule: EngineRuleId): Refusal => ({ rule, provenance: engineProvenance(rule) });

/** The provenance of the broken parameter or field itself: a parameter the contract marks, a field under a guessed schema. */
function constraintProvenance(contract: Contract, broken: Broken): Provenance {
  if (broken.parameter) return broken.parameter.provenance ?? DOCUMENTED;
  if (broken.property?.bodySchemaPointer)
    return schemaProvenance(contract.document, broken.property.bodySchemaPointer, '', [broken.property.name]);
  return DOCUMENTED;
}

/** `x-invalid-response` of the parameter, or of the body property's schema. */
function declaredInvalidResponses(contract: Contract, broken: Broken): MissingResponse[] {
  if (broken.parameter) return broken.parameter.invalidResponses ?? [];
  const pointer = broken.property?.bodySchemaPointer;
  if (!pointer) return [];
  const property = propertySchema(contract.document, pointer, broken.property!.name);
  const raw = property?.node['x-invalid-response'];
  if (raw === undefined) return [];
  const entries = Array.isArray(raw) ? raw : [raw];
  const inherited = nearestProvenance([{ node: property!.node, pointer: property!.pointer }]);
  return entries.flatMap((entry) =>
    entry && typeof entry === 'object' && typeof (entry as { status?: unknown }).status === 'number'
      ? [
          {
            status: (entry as { status: number }).status,
            match: (entry as { match?: Record<string, unknown> }).match,
            provenance: nearestProvenance([{ node: entry }], inherited),
          },
        ]
      : [],
  );
}

/** The schema of a top-level property of the body schema (after `$ref`, through `allOf`). */
function propertySchema(document: unknown, pointer: string, name: string): { node: Record<string, unknown>; pointer: string } | undefined {
  const seen = new Set<string>();
  const visit = (at: string): { node: Record<string, unknown>; pointer: string } | undefined => {
    if (seen.has(at) || seen.size > 32) return undefined;
    seen.add(at);
    const node = get(document, at);
    if (!node || typeof node !== 'object') return undefined;
    const schema = node as Record<string, unknown>;
    if (typeof schema.$ref === 'string' && schema.$ref.startsWith('#')) return visit(schema.$ref);
    const properties = schema.properties as Record<string, unknown> | undefined;
    if (properties && typeof properties[name] === 'object') {
      const child = `${at}/properties/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
      const target = properties[name] as Record<string, unknown>;
      return typeof target.$ref === 'string' && target.$ref.startsWith('#')
        ? (visit(target.$ref) ?? { node: target, pointer: child })
        : { node: target, pointer: child };
    }
    if (Array.isArray(schema.allOf))
      for (let i = 0; i < schema.allOf.length; i++) {
        const found = visit(`${at}/allOf/${i}`);
        if (found) return found;
      }
    return undefined;
  };
  return visit(pointer);
}

const namedCache = new WeakMap<Operation, Map<string, boolean>>();

/**
 * True when a documented rejection names the parameter or field: a 400/422/4XX response whose description or
 * example bodies carry the name as a word or a key (an error-table row naming the field, a 400 example
 * `{"errors": {"pmsId": [...]}}`), or the parameter's own description naming one of those statuses (a stated range
 * with its error). Names shorter than three characters are too common to tell anything.
 */
export function rejectionNames(operation: Operation, name: string, description?: string): boolean {
  let cache = namedCache.get(operation);
  if (!cache) namedCache.set(operation, (cache = new Map()));
  const key = `${name}\u0000${description ?? ''}`;
  const known = cache.get(key);
  if (known !== undefined) return known;
  const rejections = operation.responses.filter((r) => REJECTION_STATUSES.includes(r.status));
  let named = false;
  if (name.length >= 3 && rejections.length > 0) {
    const word = new RegExp(`(^|[^A-Za-z0-9_])${escapeRegExp(name)}([^A-Za-z0-9_]|$)`, 'i');
    named = rejections.some(
      (r) => word.test(r.description) || r.content.some((m) => m.examples.some((e) => word.test(JSON.stringify(e.value) ?? ''))),
    );
  }
  if (!named && description) {
    const statuses = rejections.map((r) => r.status).filter((s) => /^\d{3}$/.test(s));
    named = statuses.some((status) => new RegExp(`\\b${status}\\b`).test(description));
  }
  cache.set(key, named);
  return named;
}

/**
 * A negative case's findings, judged by whose word the refusal is: a broken request accepted where the refusal is
 * the engine's guess (or the contract's) is an assumption finding naming that rule; the rejection of a request the
 * document does not describe at all (`wire`: malformed JSON, a media type not accepted) is judged by its status,
 * and what is found in its body is the guess of `framework-rejection-body`.
 */
export function underRefusal(violations: Violation[], status: number, refusal: Refusal | undefined, wire: boolean): Violation[] {
  return violations.map((v) => {
    if ((v.finding ?? 'violation') !== 'violation') return v;
    if (status < 300 && refusal && isGuess(refusal.provenance) && v.check === 'expectedStatus') return asAssumption(v, refusal.provenance);
    if (wire && status >= 400 && !STATUS_CHECKS.has(v.check) && v.rule !== 'server-error')
      return asAssumption(v, engineProvenance('framework-rejection-body'));
    return v;
  });
}
