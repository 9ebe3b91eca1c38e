import { isJsonMediaType, mediaFor, parseJsonBody } from '../media.ts';
import { essence, type Exchange } from '../../core/wire.ts';
import type { Violation } from '../../core/violation.ts';
import type { RequestCheckContext } from './types.ts';

const CHECK = 'requestBodyConformance';

/** A request body is sent where one is required, in a documented media type, and (as JSON) validates against its schema. */
export function requestBodyConformance(ctx: RequestCheckContext, exchange: Exchange): Violation[] {
  const spec = ctx.operation.requestBody;
  if (!spec) return [];
  const base = { check: CHECK, operation: ctx.operation.key, docSource: ctx.operation.docSource, severity: 'error' as const };
  const documented = spec.content.map((m) => m.mediaType);
  const text = exchange.request.body ?? '';
  if (text.trim() === '') {
    return spec.required
      ? [
          {
            ...base,
            rule: 'missing-request-body',
            path: 'body:/',
            message: `Received: no body\nDocumented: a ${documented.join(' or ')} body (required)`,
            received: '(empty)',
            documented,
          },
        ]
      : [];
  }
  const contentType = headerOf(exchange, 'content-type');
  const media = mediaFor(spec.content, contentType);
  if (!media) {
    return [
      {
        ...base,
        rule: 'undocumented-request-media-type',
        path: 'header:content-type',
        message: `Received: ${essence(contentType) || 'no Content-Type'}\nDocumented: ${documented.join(', ')}`,
        received: contentType ?? '(none)',
        documented,
      },
    ];
  }
  if (!media.schemaPointer || !isJsonMediaType(media.mediaType)) return [];
  const body = parseJsonBody(text);
  if (body instanceof Error) {
    return [
      {
        ...base,
        rule: 'malformed-request-json',
        path: 'body:/',
        message: `request body is not JSON: ${body.message}`,
        received: text.slice(0, 200),
        documented: media.mediaType,
      },
    ];
  }
  return ctx.validators.validate(media.schemaPointer, body).map((error): Violation => ({
    ...base,
    rule: 'request-body-schema',
    path: `body:${error.path}`,
    message: `Received: request body ${error.path} ${error.message}\nDocumented: ${media.schemaPointer}`,
    received: error.params,
    documented: { keyword: error.keyword, schema: media.schemaPointer },
  }));
}

const headerOf = (exchange: Exchange, name: string): string | undefined =>
  Object.entries(exchange.request.headers).find(([k]) => k.toLowerCase() === name)?.[1];
