/**
 * The vendor document as the importer reads it, whatever its format: requests (with the folder trail that names
 * each one), their example requests and example responses, auth and hosts. The Postman and API Blueprint readers
 * produce it; the contract builder and the traceability check read it, so both name the same items the same way.
 */
import { PATH_ITEM_METHODS } from '../contract/operations.ts';

/** Request methods a contract has a place for, as source documents spell them (a request with another is left out). */
export const OPENAPI_METHODS: ReadonlySet<string> = new Set(PATH_ITEM_METHODS.map((method) => method.toUpperCase()));

export type SourceFormat = 'postman-collection-v2.0' | 'postman-collection-v2.1' | 'api-blueprint';

/** An item of the source a contract rule can point at: `Folder › Request` or `Folder › Request › Example`. */
export interface SourceItem {
  trail: string;
  kind: 'folder' | 'request' | 'example';
}

/** Something of the source the contract deliberately does not carry, and why. */
export interface LeftOut {
  item: string;
  reason: string;
}

export interface SourceParameter {
  name: string;
  /** The values the document shows (placeholders such as `{{id}}` included). */
  values: string[];
  /** Where the document states the type (API Blueprint parameters); Postman shows values only. */
  declaredType?: 'string' | 'number' | 'integer' | 'boolean';
  declaredEnum?: string[];
  /** Stated required (`true`) or optional (`false`); undefined where the document does not say. */
  declaredRequired?: boolean;
  /** The item that shows the parameter first. */
  trail: string;
}

export interface SourceBody {
  /** Media type without parameters, lower case: `application/json`. */
  mediaType: string;
  /** JSON-like bodies are values; others are text (form fields are an object of strings). */
  value: unknown;
  /** Set when the body is not the document's text as written (JSON repaired, placeholders quoted): what was done. */
  repaired?: string;
  /** A JSON Schema the document itself states for this body (API Blueprint `Schema` or `Attributes`). */
  schema?: Record<string, unknown>;
  /** Field names of a form whose values are files. */
  files?: string[];
  /** The item that shows this body (a request, or the example whose request carries it). */
  trail: string;
}

export interface SourceHeader {
  name: string;
  value: string;
}

export interface SourceExample {
  /** `Folder › Request › Example`. */
  trail: string;
  name: string;
  status: number;
  headers: SourceHeader[];
  body?: SourceBody;
  /** The request the example was recorded with, where it shows more than the request item itself. */
  request?: { query: SourceParameter[]; headers: SourceParameter[]; body?: SourceBody };
}

/** How a request authenticates, as the wire sees it. */
export interface SourceAuth {
  kind: 'apiKey' | 'bearer' | 'basic' | 'digest' | 'header';
  /** Header or query parameter name (apiKey; `Authorization` for other header schemes). */
  name?: string;
  in?: 'header' | 'query';
  /** The document's name for the scheme: `Postman auth "hawk"`, `Authorization header shown in the example`. */
  label: string;
  /** The form of the header value with `{credential}` in place of the secret: `Token token={credential}`. */
  valueFormat?: string;
  trail: string;
}

export interface SourceRequest {
  /** `Folder › Request`; unique in the document. */
  trail: string;
  name: string;
  /** The top folder, used as the operation's tag. */
  group?: string;
  method: string;
  /** OpenAPI path template: `/users/{id}`. */
  path: string;
  /** Base URL as the document writes it (`https://api.example.com`), when it names a concrete one. */
  server?: string;
  pathParameters: SourceParameter[];
  query: SourceParameter[];
  headers: SourceParameter[];
  body?: SourceBody;
  /** undefined: the document says nothing for this request (the root auth applies); 'none': stated as open. */
  auth?: SourceAuth | 'none';
  examples: SourceExample[];
}

export interface SourceDocument {
  format: SourceFormat;
  title: string;
  /** How contracts cite the document: `Postman Echo (Postman collection)`. */
  documentName: string;
  version?: string;
  /** The public URL of the document, where it names one or the user gives one. */
  url?: string;
  auth?: SourceAuth;
  requests: SourceRequest[];
  items: SourceItem[];
  leftOut: LeftOut[];
  /** Decisions the reader took for the whole document (placeholders, undefined hosts), for `info.description`. */
  notes: string[];
}

export const TRAIL_SEPARATOR = ' › ';

/** Trails as the document names its items, made unique by a ` (2)`, ` (3)` suffix in document order. */
export class TrailNamer {
  private readonly seen = new Map<string, number>();

  name(parts: string[]): string {
    const base = parts.map((p) => p.replace(/\s+/g, ' ').trim() || '(unnamed)').join(TRAIL_SEPARATOR);
    const count = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, count);
    return count === 1 ? base : `${base} (${count})`;
  }
}
