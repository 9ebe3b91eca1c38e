/**
 * A synthetic OpenAPI 3.1 document with `operations` operations over resources whose schemas refer to each
 * other in a cycle: the engine's scale and robustness tests and the benchmark use it.
 */
export function syntheticContract(operations: number): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const schemas: Record<string, unknown> = {};
  const resources = Math.max(1, Math.ceil(operations / 4));
  const source = { document: 'Synthetic contract', section: 'Generated' };
  for (let r = 0; r < resources; r++) {
    const name = `Resource${r}`;
    schemas[name] = {
      type: 'object',
      required: ['id'],
      properties: {
        id: { type: 'string' },
        size: { type: 'integer', minimum: 0 },
        parent: { $ref: `#/components/schemas/${name}` },
        // Pairs of resources refer to each other (and each to itself): circular, without one ring through all of
        // them, which would make every operation reach every schema.
        next: { $ref: `#/components/schemas/Resource${r % 2 === 0 ? Math.min(r + 1, resources - 1) : r - 1}` },
      },
    };
    const record = { id: `r${r}`, size: r };
    const ok = (description: string, example: unknown, schema: unknown) => ({
      description,
      'x-doc-source': source,
      content: { 'application/json': { schema, examples: { sample: { value: example } } } },
    });
    const notFound = {
      description: 'Not found',
      'x-doc-source': source,
      content: {
        'application/json': { schema: { $ref: '#/components/schemas/Error' }, examples: { missing: { value: { message: 'not found' } } } },
      },
    };
    const all = [
      [
        'get',
        `/resources${r}`,
        {
          operationId: `list${name}`,
          responses: { '200': ok('List', [record], { type: 'array', items: { $ref: `#/components/schemas/${name}` } }) },
        },
      ],
      [
        'get',
        `/resources${r}/{id}`,
        { operationId: `get${name}`, responses: { '200': ok('One', record, { $ref: `#/components/schemas/${name}` }), '404': notFound } },
      ],
      [
        'put',
        `/resources${r}/{id}`,
        {
          operationId: `put${name}`,
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` }, example: record } },
          },
          responses: {
            '200': ok('Updated', record, { $ref: `#/components/schemas/${name}` }),
            '404': notFound,
            '422': { ...notFound, description: 'Invalid' },
          },
        },
      ],
      [
        'delete',
        `/resources${r}/{id}`,
        { operationId: `delete${name}`, responses: { '204': { description: 'Deleted', 'x-doc-source': source }, '404': notFound } },
      ],
    ] as const;
    for (const [method, path, operation] of all.slice(0, Math.min(4, operations - r * 4))) {
      const idParameter = path.endsWith('{id}')
        ? { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, example: `r${r}` }] }
        : {};
      paths[path] = { ...paths[path], [method]: { summary: `${method} ${path}`, 'x-doc-source': source, ...idParameter, ...operation } };
    }
  }
  schemas.Error = { type: 'object', required: ['message'], properties: { message: { type: 'string' } } };
  return {
    openapi: '3.1.0',
    info: { title: `Synthetic ${operations} operations`, version: '1', 'x-doc-source': source },
    servers: [{ url: 'https://synthetic.example' }],
    paths,
    components: { schemas },
  };
}
