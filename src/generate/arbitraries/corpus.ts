import fc from 'fast-check';
import type { Contract } from '../../contract/types.ts';
import { isObject, join } from '../../core/pointer.ts';
import type { SchemaValidators } from '../../checks/schema-validators.ts';
import { schemaDialect } from './request-arbitrary.ts';
import { schemaArbitrary, UnsatisfiableSchema, type Direction } from './schema-arbitrary.ts';

/** A schema of a contract by pointer, with the side of the exchange its values travel on. */
export interface SchemaSite {
  pointer: string;
  direction: Direction;
}

/** Every schema of a contract the generator may be asked for: components, parameters, request and response bodies. */
export function schemaSites(contract: Contract): SchemaSite[] {
  const sites: SchemaSite[] = [];
  const components =
    isObject(contract.document.components) && isObject(contract.document.components.schemas) ? contract.document.components.schemas : {};
  for (const name of Object.keys(components)) {
    sites.push(
      { pointer: join('#/components/schemas', name), direction: 'request' },
      { pointer: join('#/components/schemas', name), direction: 'response' },
    );
  }
  for (const operation of contract.operations) {
    for (const parameter of operation.parameters)
      if (parameter.schema !== undefined) sites.push({ pointer: `${parameter.pointer}/schema`, direction: 'request' });
    for (const media of operation.requestBody?.content ?? [])
      if (media.schemaPointer) sites.push({ pointer: media.schemaPointer, direction: 'request' });
    for (const response of operation.responses)
      for (const media of response.content) if (media.schemaPointer) sites.push({ pointer: media.schemaPointer, direction: 'response' });
  }
  return sites;
}

export interface SiteResult {
  pointer: string;
  direction: Direction;
  generated: number;
  valid: number;
  unsatisfiable?: string;
  /** The validator cannot compile the document's schema (a document defect): no value can be judged. */
  uncompilable?: string;
  /** The first value the validator refused, with why. */
  firstInvalid?: { value: unknown; error: string };
}

/**
 * Draws `samples` values for a schema and validates each: the generator's valid-rate for that schema. Request
 * values are judged by the request view (read-only members not required), response values by the document.
 */
export function sampleSite(
  contract: Contract,
  site: SchemaSite,
  validators: { request: SchemaValidators; response: SchemaValidators },
  samples: number,
  seed: number,
): SiteResult {
  const result: SiteResult = { ...site, generated: 0, valid: 0 };
  let arbitrary: fc.Arbitrary<unknown>;
  try {
    arbitrary = schemaArbitrary(
      { $ref: site.pointer },
      { document: contract.document, direction: site.direction, dialect: schemaDialect(contract) },
    );
  } catch (error) {
    if (error instanceof UnsatisfiableSchema) return { ...result, unsatisfiable: error.message };
    throw error;
  }
  const validator = site.direction === 'request' ? validators.request : validators.response;
  for (const value of fc.sample(arbitrary, { seed, numRuns: samples })) {
    result.generated += 1;
    const errors = validator.validate(site.pointer, value);
    const broken = errors.find((e) => /schema cannot be compiled/.test(e.message));
    if (broken) return { ...result, generated: 0, valid: 0, uncompilable: broken.message };
    if (errors.length === 0) result.valid += 1;
    else result.firstInvalid ??= { value, error: `${errors[0].path} ${errors[0].message}` };
  }
  return result;
}
