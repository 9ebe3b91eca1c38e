import openapiDiff from 'openapi-diff';
import type { Contract } from '../contract/types.ts';
import { DiffError, DiffErrorCode } from './errors.ts';
import { Rule } from './rules.ts';
import type { Change } from './types.ts';
import { sameJson } from './values.ts';

/**
 * What openapi-diff is asked to classify: operations, response statuses and response headers.
 *
 * openapi-diff 0.24.1 validates its input with swagger-parser 10, which refuses OpenAPI 3.1 ("Unsupported
 * OpenAPI version: 3.1.0"), and every contract here is 3.1. So it gets a 3.0.3 *projection* that keeps only
 * what it classifies correctly and that survives the version change losslessly: paths × methods, status codes,
 * and response headers with their `required` flag. Schemas are left out on purpose: the library diffs them with
 * json-schema-diff, which does not support `enum`, `const`, `pattern` or 3.1 type arrays, and reports a whole
 * body as one "scope" change, so the hand-written layer (schema-changes.ts) classifies them field by field instead.
 * Each projected node carries an `x-diff-key` back to the contract's own names; openapi-diff ignores extensions
 * below the root, so the keys never show up as differences.
 */
export async function libraryChanges(before: Contract, after: Contract): Promise<Change[]> {
  const [source, destination] = withoutUnchanged(project(before), project(after));
  let outcome: Awaited<ReturnType<typeof openapiDiff.diffSpecs>>;
  try {
    outcome = await openapiDiff.diffSpecs({
      sourceSpec: { content: JSON.stringify(source), location: `${before.file} (before)`, format: 'openapi3' },
      destinationSpec: { content: JSON.stringify(destination), location: after.file, format: 'openapi3' },
    });
  } catch (error) {
    throw new DiffError(DiffErrorCode.library, `openapi-diff failed on ${after.file}: ${(error as Error).message.split('\n')[0]}`);
  }
  const differences = [
    ...('breakingDifferences' in outcome ? outcome.breakingDifferences : []),
    ...outcome.nonBreakingDifferences,
    ...outcome.unclassifiedDifferences,
  ];
  return differences.flatMap((difference) => {
    const removed = difference.action === 'remove';
    const details = removed ? difference.sourceSpecEntityDetails : difference.destinationSpecEntityDetails;
    return details.flatMap((detail) => toChanges(difference.code, removed, detail.value));
  });
}

interface DiffKey {
  operation: string;
  operationId?: string;
  status?: string;
  header?: string;
}

function toChanges(code: string, removed: boolean, value: unknown): Change[] {
  const keyOf = (node: unknown): DiffKey | undefined =>
    node && typeof node === 'object' ? ((node as Record<string, unknown>)['x-diff-key'] as DiffKey | undefined) : undefined;
  const operationChange = (key: DiffKey): Change =>
    removed
      ? {
          rule: Rule.operationRemoved,
          location: key.operation,
          message: `${key.operation} was removed`,
          before: key.operationId ?? key.operation,
        }
      : {
          rule: Rule.operationAdded,
          location: key.operation,
          message: `${key.operation} was added`,
          after: key.operationId ?? key.operation,
        };

  switch (code) {
    case 'path.add':
    case 'path.remove':
      // A removed path is one library difference; it is reported per operation so that each can be acknowledged.
      return Object.values((value ?? {}) as Record<string, unknown>).flatMap((operation) => {
        const key = keyOf(operation);
        return key ? [operationChange(key)] : [];
      });
    case 'method.add':
    case 'method.remove': {
      const key = keyOf(value);
      return key ? [operationChange(key)] : [];
    }
    case 'response.status-code.add':
    case 'response.status-code.remove': {
      const key = keyOf(value);
      if (!key) return [];
      const location = `${key.operation} ${key.status}`;
      return [
        removed
          ? { rule: Rule.responseRemoved, location, message: `response ${key.status} of ${key.operation} was removed`, before: key.status }
          : { rule: Rule.responseAdded, location, message: `response ${key.status} of ${key.operation} was added`, after: key.status },
      ];
    }
    case 'response.required.header.remove':
    case 'response.optional.header.remove':
    case 'response.required.header.add':
    case 'response.optional.header.add': {
      const key = keyOf(value);
      if (!key) return [];
      const required = code.includes('.required.');
      const location = `${key.operation} ${key.status} header ${key.header}`;
      const what = `${required ? 'required' : 'optional'} header ${key.header} of ${key.operation} ${key.status}`;
      if (!removed) return [{ rule: Rule.responseHeaderAdded, location, message: `${what} was added`, after: key.header }];
      return [
        {
          rule: required ? Rule.responseHeaderRemoved : Rule.responseOptionalHeaderRemoved,
          location,
          message: `${what} was removed`,
          before: key.header,
        },
      ];
    }
    default:
      // Bodies and root extensions are not projected, so no other code can occur.
      return [];
  }
}

type Projection = { openapi: string; info: unknown; paths: Record<string, Record<string, unknown>> };

/**
 * Drops the operations whose projection is the same in both versions: they cannot differ, and openapi-diff
 * runs json-schema-diff on every response of every common operation, which builds two ajv instances per call
 * (json-schema-diff validate-schemas.js), about 30 ms each time even for the empty schemas projected here
 * (4.6 s for contracts/sikka.yaml against itself). Every difference openapi-diff reports lies inside one path
 * item, so leaving identical ones out changes no result.
 */
function withoutUnchanged(before: Projection, after: Projection): [Projection, Projection] {
  const prune = (mine: Projection, theirs: Projection): Projection => {
    const paths: Projection['paths'] = {};
    for (const [path, item] of Object.entries(mine.paths)) {
      const other = theirs.paths[path];
      const kept = Object.fromEntries(Object.entries(item).filter(([method, operation]) => !other || !sameJson(operation, other[method])));
      if (Object.keys(kept).length) paths[path] = kept;
    }
    return { ...mine, paths };
  };
  return [prune(before, after), prune(after, before)];
}

/** The 3.0.3 document openapi-diff sees: operations, statuses and headers, each tagged with its contract name. */
function project(contract: Contract): Projection {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const operation of contract.operations) {
    const responses: Record<string, unknown> = {};
    for (const response of operation.responses) {
      const headers: Record<string, unknown> = {};
      for (const header of response.headers) {
        // HTTP header names are case-insensitive; a re-cased header is not a removed one.
        headers[header.name.toLowerCase()] = {
          required: header.required,
          schema: {},
          'x-diff-key': { operation: operation.key, status: response.status, header: header.name },
        };
      }
      responses[response.status] = {
        description: '',
        ...(response.headers.length ? { headers } : {}),
        'x-diff-key': { operation: operation.key, status: response.status },
      };
    }
    // 3.1 lets an operation omit `responses`, 3.0 needs one entry; an extension fills it and, having no
    // `x-diff-key`, never becomes a finding.
    if (Object.keys(responses).length === 0) responses['x-diff-none'] = true;
    (paths[operation.path] ??= {})[operation.method.toLowerCase()] = {
      responses,
      'x-diff-key': { operation: operation.key, operationId: operation.hasOperationId ? operation.id : undefined },
    };
  }
  return { openapi: '3.0.3', info: { title: contract.title, version: '0' }, paths };
}
