import { TestServer } from './support/test-server';

/**
 * api.md: "The OpenAPI document generated from the code (served at /docs-json) must agree with
 * it." Every (method, path, status) api.md names is in the document; every answer in the document
 * has its schema, errors the problem+json one; the keys are described as API keys, not JWTs.
 */
type Method = 'get' | 'post';
interface Row {
  method: Method;
  path: string;
  statuses: number[];
}

const read = [200, 400, 401, 403, 429, 503];
const readOne = [...read, 404];
const COMMANDS = [
  'CaptureLead', 'TagLead', 'QualifyLead', 'DisqualifyLead',
  'RegisterCustomer', 'UpdateCustomerProfile', 'AssignOwner', 'LogInteraction', 'RecordPurchase', 'RecordPayment', 'RecordCost', 'DetectDormancy', 'ForgetCustomer',
  'OpenOpportunity', 'AdvanceStage', 'RecordQuote', 'WinOpportunity', 'LoseOpportunity',
];

/** api.md, section by section: what is built. */
const API_MD: Row[] = [
  ...COMMANDS.map((name): Row => ({ method: 'post', path: `/commands/${name}`, statuses: [200, 400, 401, 403, 404, 405, 409, 413, 422, 429] })),
  { method: 'get', path: '/customers/{id}', statuses: readOne },
  { method: 'get', path: '/customers/{id}/timeline', statuses: readOne },
  { method: 'get', path: '/customers/{id}/lifecycle', statuses: readOne },
  { method: 'get', path: '/customers/{id}/value', statuses: readOne },
  { method: 'get', path: '/customers', statuses: read },
  { method: 'get', path: '/leads/{id}', statuses: readOne },
  { method: 'get', path: '/leads', statuses: read },
  { method: 'get', path: '/opportunities/{id}', statuses: readOne },
  { method: 'get', path: '/opportunities', statuses: read },
  { method: 'get', path: '/analytics/funnel', statuses: read },
  { method: 'get', path: '/analytics/pareto', statuses: read },
  { method: 'get', path: '/analytics/segments', statuses: read },
  { method: 'get', path: '/projections', statuses: [200, 401, 403, 429] },
  { method: 'post', path: '/projections/{name}/rebuild', statuses: [202, 401, 403, 404, 429] },
  { method: 'get', path: '/projections/{name}/rebuilds/{job}', statuses: [200, 401, 403, 404, 429] },
  { method: 'get', path: '/audit/events', statuses: [200, 400, 401, 403, 429] },
  { method: 'get', path: '/audit/streams/{streamId}', statuses: [200, 401, 403, 404, 429] },
  { method: 'get', path: '/audit/verify', statuses: [200, 401, 403, 429] },
  { method: 'get', path: '/audit/checkpoint', statuses: [200, 401, 403, 429] },
  { method: 'get', path: '/audit/checkpoint-key', statuses: [200, 401, 403, 429] },
  { method: 'post', path: '/audit/verify', statuses: [200, 400, 401, 403, 413, 422, 429] },
  // Open, but limited per client address before a key is known.
  { method: 'get', path: '/health', statuses: [200, 429, 503] },
  { method: 'get', path: '/health/live', statuses: [200, 429] },
  { method: 'get', path: '/health/ready', statuses: [200, 429, 503] },
  { method: 'get', path: '/metrics', statuses: [200, 429] },
];

interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
}
interface Schema {
  $ref?: string;
  allOf?: Schema[];
}
/** The problem document, or one that extends it (a 503 of /health carries its report). */
const isProblem = (schema: Schema) => schema.$ref === '#/components/schemas/Problem' || (schema.allOf ?? []).some(isProblem);
type Paths = Record<string, Partial<Record<string, Operation>>>;
interface NotBuilt {
  what: string;
  reason: string;
  /** True once the document shows it: then it belongs in API_MD. */
  documented: (paths: Paths) => boolean;
}
const has = (method: Method, path: string, status?: number) => (paths: Paths) => {
  const operation = paths[path]?.[method];
  return status === undefined ? operation !== undefined : operation?.responses[String(status)] !== undefined;
};

/** What api.md names that is not built yet: each must move into API_MD when it appears in the document. */
const NOT_BUILT: NotBuilt[] = [
  { what: 'GET /console', reason: 'the web console: issue #18', documented: has('get', '/console') },
  ...['campaigns', 'satisfaction', 'receivables', 'cross-tab', 'cohorts'].map((name): NotBuilt => ({
    what: `GET /analytics/${name}`,
    reason: 'the business decisions analytics: issue #19',
    documented: has('get', `/analytics/${name}`),
  })),
  { what: 'POST /commands/RecordCampaignCost', reason: 'campaign costs come with /analytics/campaigns: issue #19', documented: has('post', '/commands/RecordCampaignCost') },
];

describe('the OpenAPI document against api.md', () => {
  let server: TestServer;
  let paths: Paths;
  let document: { components: { schemas: Record<string, unknown>; securitySchemes: Record<string, Record<string, string>> } };

  beforeAll(async () => {
    server = await TestServer.start();
    const reply = await server.send('GET', '/docs-json', undefined, { key: null });
    expect(reply.status).toBe(200);
    document = reply.body;
    paths = reply.body.paths;
  });
  afterAll(() => server.stop());

  it.each(API_MD.map((row) => [`${row.method.toUpperCase()} ${row.path}`, row] as const))('%s: every status api.md names', (_name, row) => {
    const operation = paths[row.path]?.[row.method];
    expect({ path: row.path, method: row.method, documented: operation !== undefined }).toEqual({ path: row.path, method: row.method, documented: true });
    expect(Object.keys(operation?.responses ?? {}).map(Number)).toEqual(expect.arrayContaining(row.statuses));
  });

  it('gives every answer of every operation its schema: JSON (or text) for a success, the problem document for an error', () => {
    const missing: string[] = [];
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        for (const [status, response] of Object.entries(operation?.responses ?? {})) {
          const where = `${method.toUpperCase()} ${path} ${status}`;
          const contents = Object.entries(response.content ?? {});
          if (contents.length === 0) missing.push(`${where}: no content`);
          for (const [type, { schema }] of contents) {
            if (!schema) missing.push(`${where} ${type}: no schema`);
            else if (Number(status) >= 400 && (type !== 'application/problem+json' || !isProblem(schema))) missing.push(`${where} ${type}: not the problem schema`);
          }
        }
      }
    }
    expect(missing).toEqual([]);
    expect(document.components.schemas.Problem).toEqual(expect.objectContaining({ required: ['type', 'title', 'status', 'detail'] }));
  });

  it('describes the keys as API keys (bearer, opaque), not as JWTs', () => {
    const scheme = document.components.securitySchemes.bearer;
    expect(scheme).toEqual(expect.objectContaining({ type: 'http', scheme: 'bearer' }));
    expect(scheme.bearerFormat).not.toMatch(/jwt/i);
    expect(scheme.description).toMatch(/CRM_API_KEYS/);
  });

  it('lists what api.md names but is not built yet; one that appears in the document must move into the checked table', () => {
    const early = NOT_BUILT.filter((entry) => entry.documented(paths)).map((entry) => `${entry.what} is documented now: move it into API_MD`);
    for (const entry of NOT_BUILT) if (!entry.documented(paths)) console.log(`openapi: not checked yet, not built: ${entry.what} (${entry.reason})`);
    expect(early).toEqual([]);
  });
});
