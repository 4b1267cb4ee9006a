import * as z from 'zod';
import type { ZodObject, ZodType } from 'zod';
import { taskHandlerSchema } from '../../core/task-handler.ts';
import { taskSettingsSchema } from '../../core/task-settings.ts';
import {
  errorResponseSchema,
  healthResponseSchema,
  nextRunsResponseSchema,
  pluginsResponseSchema,
  runResponseSchema,
  runsResponseSchema,
  taskBatchInputSchema,
  taskBatchItemSchema,
  taskBatchResponseSchema,
  taskInputSchema,
  taskOverrideInputSchema,
  taskResponseSchema,
  tasksResponseSchema,
  taskStateSchema,
  workerStateSchema,
} from '../schemas.ts';
import { API_ROUTES, type ApiRoute } from './api-routes.ts';

type JsonSchema = Record<string, unknown>;

const REF_PREFIX = '#/components/schemas/';

// Named schemas become components; where one holds another, the document refers to it by name.
// Responses are described as they are sent (output), request bodies as they are accepted (input):
// a handler's `method` has a default, so it is optional in a body and always present in an answer.
const OUTPUT_SCHEMAS: Record<string, ZodType> = {
  TasksResponse: tasksResponseSchema,
  TaskResponse: taskResponseSchema,
  TaskBatchResponse: taskBatchResponseSchema,
  TaskSettings: taskSettingsSchema,
  TaskState: taskStateSchema,
  WorkerState: workerStateSchema,
  TaskHandler: taskHandlerSchema,
  RunsResponse: runsResponseSchema,
  RunResponse: runResponseSchema,
  NextRunsResponse: nextRunsResponseSchema,
  PluginsResponse: pluginsResponseSchema,
  HealthResponse: healthResponseSchema,
  ErrorResponse: errorResponseSchema,
};
const INPUT_SCHEMAS: Record<string, ZodType> = {
  TaskInput: taskInputSchema,
  TaskBatchItem: taskBatchItemSchema,
  TaskBatchInput: taskBatchInputSchema,
  TaskOverrideInput: taskOverrideInputSchema,
};

/** Converts named schemas to JSON Schema components in one pass, so shared parts become `$ref`s. */
function componentsOf(named: Record<string, ZodType>, io: 'input' | 'output'): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => `${REF_PREFIX}${id}`, unrepresentable: 'any' });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutDialect(schema as JsonSchema)]));
}

/** OpenAPI 3.1 states the dialect once for the document, not in each schema. */
function withoutDialect({ $schema: _dialect, $id: _id, ...schema }: JsonSchema): JsonSchema {
  return schema;
}

function refTo(schema: ZodType, names: Map<ZodType, string>): JsonSchema {
  const name = names.get(schema);
  if (!name) throw new Error('A route names a schema that is not among the document components');
  return { $ref: `${REF_PREFIX}${name}` };
}

/** Turns `/tasks/:taskId` into `/tasks/{taskId}`. */
export function toOpenApiPath(honoPath: string): string {
  return honoPath.replace(/:(\w+)/g, '{$1}');
}

/** One parameter per property of a path or query schema, each with its own JSON Schema. */
function parametersOf(schema: ZodObject | undefined, location: 'path' | 'query'): JsonSchema[] {
  if (!schema) return [];
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    schema: property,
  }));
}

function operationOf(route: ApiRoute, names: Map<ZodType, string>): JsonSchema {
  const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: `${REF_PREFIX}ErrorResponse` } } } });
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(route.responses)) {
    const content = response.schema
      ? { 'application/json': { schema: refTo(response.schema, names) } }
      : response.mediaType
        ? { [response.mediaType]: {} }
        : undefined;
    responses[status] = { description: response.description, ...(content && { content }) };
  }
  if (route.params || route.query || route.body) responses['400'] = error('InputError: a path parameter, the query or the body is invalid');
  if (!route.isPublic) responses['401'] = error('AuthenticationError: the bearer token is missing or wrong');
  for (const [status, description] of Object.entries(route.errors ?? {})) responses[status] = error(description);
  return {
    operationId: route.operationId,
    summary: route.summary,
    ...(route.description && { description: route.description }),
    tags: [route.tag],
    ...(route.isPublic && { security: [] }),
    parameters: [...parametersOf(route.params, 'path'), ...parametersOf(route.query, 'query')],
    ...(route.body && { requestBody: { required: true, content: { 'application/json': { schema: refTo(route.body, names) } } } }),
    responses,
  };
}

/**
 * Builds the OpenAPI 3.1 document of the whole REST API from the route table and the zod
 * schemas the routes validate with, so the document cannot drift from the behaviour.
 */
export function buildOpenApiDocument(routes: readonly ApiRoute[] = API_ROUTES): JsonSchema {
  const names = new Map<ZodType, string>([...Object.entries(OUTPUT_SCHEMAS), ...Object.entries(INPUT_SCHEMAS)].map(([name, schema]) => [schema, name]));
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    const path = toOpenApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operationOf(route, names) };
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'edge-scheduler',
      version: '1',
      description:
        "Backstage's scheduler REST API (list, trigger, cancel) and this scheduler's management API. Errors have Backstage's body.",
    },
    tags: [
      { name: 'Backstage', description: "The routes of Backstage's scheduler, with its shapes" },
      { name: 'Management', description: 'Tasks defined at runtime, pause and resume, history and previews' },
      { name: 'Service', description: 'Health and this document; no token needed' },
      { name: 'Dashboard', description: 'The page people use; no token needed to load it' },
    ],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer', description: 'One of the tokens in SCHEDULER_API_TOKENS' } },
      schemas: { ...componentsOf(OUTPUT_SCHEMAS, 'output'), ...componentsOf(INPUT_SCHEMAS, 'input') },
    },
  };
}
