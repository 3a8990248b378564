// The OpenAPI document, derived from the action definitions: one path per action (GET as well as POST
// for side-effect-free actions), its input schema as the request body, CKAN's envelopes as responses.
import type { ActionDef } from '../actions/types.ts';
import { PASPORT_VERSION } from '../version.ts';

function stripCustom(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(stripCustom);
  if (schema && typeof schema === 'object') {
    return Object.fromEntries(
      Object.entries(schema)
        .filter(([k]) => !k.startsWith('x-'))
        .map(([k, v]) => [k, stripCustom(v)]),
    );
  }
  return schema;
}

function queryParameters(schema: Record<string, any>) {
  return Object.entries((schema.properties ?? {}) as Record<string, any>).map(([name, s]) => {
    const { description, ...rest } = s;
    return {
      name,
      in: 'query',
      required: (schema.required ?? []).includes(name),
      schema: stripCustom(rest),
      ...(description ? { description } : {}),
    };
  });
}

export function buildOpenApi(actions: Map<string, ActionDef>): Record<string, unknown> {
  const paths: Record<string, unknown> = {};
  for (const def of actions.values()) {
    const [summary] = def.description.split('\n');
    const op = (method: 'get' | 'post') => ({
      operationId: method === 'get' ? `${def.name}_get` : def.name,
      summary,
      description: def.description,
      tags: [def.tag ?? 'other'],
      ...(method === 'get'
        ? { parameters: queryParameters(def.input as Record<string, any>) }
        : { requestBody: { required: false, content: { 'application/json': { schema: stripCustom(def.input) } } } }),
      responses: {
        '200': {
          description: 'Success',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Success' } } },
        },
        '400': { description: 'Bad request (a bare JSON string) or Search Query Error' },
        '403': {
          description: 'Authorization Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Failure' } } },
        },
        '404': {
          description: 'Not Found Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Failure' } } },
        },
        '409': {
          description: 'Validation Error',
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Failure' } } },
        },
      },
    });
    paths[`/api/3/action/${def.name}`] = def.sideEffectFree
      ? { get: op('get'), post: op('post') }
      : { post: op('post') };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Pasport Action API',
      version: PASPORT_VERSION,
      description:
        'A CKAN-compatible Action API for open-data passports. Send the API token raw in the Authorization header.',
    },
    components: {
      securitySchemes: { apiToken: { type: 'apiKey', in: 'header', name: 'Authorization' } },
      schemas: {
        Success: {
          type: 'object',
          properties: { help: { type: 'string' }, success: { type: 'boolean', enum: [true] }, result: {} },
          required: ['help', 'success', 'result'],
        },
        Failure: {
          type: 'object',
          properties: {
            help: { type: 'string' },
            success: { type: 'boolean', enum: [false] },
            error: {
              type: 'object',
              properties: { __type: { type: 'string' }, message: { type: 'string' } },
              additionalProperties: true,
            },
          },
          required: ['success', 'error'],
        },
      },
    },
    security: [{}, { apiToken: [] }],
    paths,
  };
}
