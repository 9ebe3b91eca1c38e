import type { DocSource } from '../core/violation.ts';
import type { Provenance } from './provenance.ts';

export type JsonSchema = Record<string, unknown> | boolean;

export interface NamedExample {
  /** Name in the `examples` map; undefined for a lone `example`. */
  name?: string;
  value: unknown;
  /** JSON pointer of the example in the contract. */
  pointer: string;
}

export interface MediaSpec {
  mediaType: string;
  schema?: JsonSchema;
  /** JSON pointer of the schema in the bundled contract, used to compile validators. */
  schemaPointer?: string;
  examples: NamedExample[];
  /** Per-property serialisation of a form body (OpenAPI `encoding`). */
  encoding?: Record<string, { contentType?: string; style?: string; explode?: boolean; allowReserved?: boolean }>;
  /**
   * `x-provenance` on the Media Type object: the media type itself is a guess (the document says "XML" and names
   * no type, say). Absent: the media type is as sure as its response.
   */
  provenance?: Provenance;
}

export interface HeaderSpec {
  name: string;
  required: boolean;
  schema?: JsonSchema;
  schemaPointer?: string;
  /** Whether the header or its schema gives an example (without one a mock invents the value from the schema). */
  hasExample?: boolean;
  /** Whether the document states this header (`x-provenance` on the header, else its response's). */
  provenance: Provenance;
}

export interface ResponseSpec {
  /** '200', '4XX' or 'default', as the contract writes it. */
  status: string;
  description: string;
  content: MediaSpec[];
  headers: HeaderSpec[];
  docSource?: DocSource;
  /** `x-body-optional: true`: the documented body may also be left out entirely (no body, no Content-Type). */
  bodyOptional?: boolean;
  /** Whether the document states this response (`x-provenance` on it, else the operation's). */
  provenance: Provenance;
  pointer: string;
}

/** One documented (or inferred) answer to a request that leaves a required parameter out. */
export interface MissingResponse {
  status: number;
  match?: Record<string, unknown>;
  provenance: Provenance;
}

export type ParameterLocation = 'path' | 'query' | 'header' | 'cookie';

export interface ParameterSpec {
  name: string;
  in: ParameterLocation;
  required: boolean;
  schema?: JsonSchema;
  examples: NamedExample[];
  /**
   * `x-missing-response`: the answers to a request without this parameter. More than one where the document allows
   * several readings (a specific and a generic error code, say); any of them is a conforming answer.
   */
  missingResponses: MissingResponse[];
  /**
   * `x-invalid-response`: what the document says a request with an invalid value of this parameter gets (a stated
   * range with its error code). It ties a rejection to the parameter, so refusing invalid values is documented.
   */
  invalidResponses?: MissingResponse[];
  /** The parameter's own `x-provenance`, where it declares one (the parameter as a whole is a guess). */
  provenance?: Provenance;
  /** OpenAPI `style`/`explode`/`allowReserved`; unset means the location's default. */
  style?: string;
  explode?: boolean;
  allowReserved?: boolean;
  /** Media type of a parameter described by `content` instead of `schema`. */
  mediaType?: string;
  /** JSON pointer of the schema, used to check generated values. */
  schemaPointer?: string;
  pointer: string;
}

export interface RequestBodySpec {
  required: boolean;
  content: MediaSpec[];
  pointer: string;
}

export interface SecuritySchemeSpec {
  name: string;
  type: 'apiKey' | 'http' | 'oauth2' | 'openIdConnect' | 'mutualTLS' | string;
  in?: ParameterLocation;
  /** Header, query or cookie name for apiKey schemes. */
  paramName?: string;
  /** `bearer`, `basic`, ... for http schemes. */
  scheme?: string;
}

/** One way to authenticate: every scheme in it must be satisfied (OpenAPI security requirement object). */
export type SecurityRequirement = SecuritySchemeSpec[];

export interface Operation {
  /** `GET /v2/patients`: the key used in titles, reports and violations. */
  key: string;
  /** operationId, or one derived from method and path when the contract has none. */
  id: string;
  hasOperationId: boolean;
  method: string;
  path: string;
  summary?: string;
  parameters: ParameterSpec[];
  requestBody?: RequestBodySpec;
  responses: ResponseSpec[];
  /** Alternatives; empty means no authentication. */
  security: SecurityRequirement[];
  docSource?: DocSource;
  /** `x-provenance` of the operation, inherited by its responses. */
  provenance: Provenance;
  /** Set when the contract marks the operation as not callable (`x-conformance-skip`). */
  skipReason?: string;
  /** `webhook` for entries of the OpenAPI 3.1 `webhooks` section. */
  kind: 'operation' | 'webhook';
  pointer: string;
}

export type ContractFormat = 'openapi-3.1' | 'openapi-3.0' | 'swagger-2.0';

export interface Contract {
  /** Project name: the file name without extension. */
  vendor: string;
  file: string;
  format: ContractFormat;
  title: string;
  version: string;
  /** sha256 of the file's bytes. */
  hash: string;
  /** The bundled document (internal `$ref`s kept), as OpenAPI 3.x. */
  document: Record<string, unknown>;
  operations: Operation[];
  webhooks: Operation[];
  servers: string[];
  vendorRules: Record<string, unknown>;
  docSource?: DocSource;
  /** Operations or items that could not be read, each with why; they become skipped tests. */
  problems: ContractProblem[];
}

export interface ContractProblem {
  pointer: string;
  message: string;
}
