import { EventStore } from '@crm/event-store';
import { SealedEventStore } from '../../apps/api/src/infrastructure/personal-data.factory';
import { SqliteDatabase } from '../../apps/api/src/infrastructure/sqlite-database';
import { INestApplication } from '@nestjs/common';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../apps/api/src/create-app';

export const KEYS = {
  service: 'test-service-key',
  analyst: 'test-analyst-key',
  auditor: 'test-auditor-key',
  admin: 'test-admin-key',
} as const;

/** CRM_API_KEYS naming every key of KEYS, each with its own principal. */
export const API_KEYS_ENV = Object.entries(KEYS).map(([role, key]) => `${key}:${role}:test-${role}`).join(',');

export interface Reply {
  status: number;
  headers: Headers;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

export interface SendOptions {
  key?: string | null;
  headers?: Record<string, string>;
  /** A raw body string, sent as is (malformed JSON, huge bodies). */
  raw?: string;
  contentType?: string;
}

/** The real server on an ephemeral port over a temporary data folder; `restart` keeps the data. */
export class TestServer {
  app!: INestApplication;
  baseUrl!: string;
  readonly dataDir: string;

  private constructor(private readonly env: NodeJS.ProcessEnv) {
    this.dataDir = env.CRM_DATA_DIR as string;
  }

  static async start(env: NodeJS.ProcessEnv = {}): Promise<TestServer> {
    const server = new TestServer({
      NODE_ENV: 'test',
      CRM_DATA_DIR: mkdtempSync(join(tmpdir(), 'crm-e2e-')),
      CRM_API_KEYS: API_KEYS_ENV,
      CRM_DORMANCY_SWEEP_MINUTES: '0',
      // The projector on the test's own event loop, where the test can reach its engine; Jest's
      // module system does not reach a worker thread. The default (thread) runs in the suites
      // that start the server as its own process (test/projector-thread.e2e-spec.ts).
      CRM_PROJECTOR: 'in-process',
      // The same for the writer thread (each would compile its own TypeScript on every start);
      // it runs in every suite that starts the server as a process (test/support/entry-process.ts).
      CRM_SQLITE_WRITER: 'inline',
      ...env,
    });
    await server.listen();
    return server;
  }

  private async listen(): Promise<void> {
    this.app = await createApp(this.env, { logger: false });
    await this.app.listen(0, '127.0.0.1');
    this.baseUrl = (await this.app.getUrl()).replace('[::1]', '127.0.0.1');
  }

  /** The log as commands and auditors see it: personal fields revealed. */
  get store(): EventStore {
    return this.app.get(EventStore);
  }

  /** The log as stored and as projections read it: personal fields sealed. */
  get sealedStore(): EventStore {
    return this.app.get(SealedEventStore);
  }

  /** The embedded data files' connections (event log, idempotency keys, read models), for fault injection. */
  get sqlite(): SqliteDatabase {
    return this.app.get(SqliteDatabase);
  }

  async restart(): Promise<void> {
    await this.app.close();
    await this.listen();
  }

  async stop(): Promise<void> {
    await this.app.close();
    rmSync(this.dataDir, { recursive: true, force: true });
  }

  send(method: string, path: string, body?: unknown, options: SendOptions = {}): Promise<Reply> {
    return sendRequest(this.baseUrl, method, path, body, options);
  }

  command(name: string, body: unknown, options: SendOptions = {}): Promise<Reply> {
    return this.send('POST', `/commands/${name}`, body, options);
  }

  /** The global position of the last command `mustCommand` sent: what to wait for before reading. */
  lastPosition = '0';

  /** Sends a command that must succeed (test set-up), remembering its position. */
  async mustCommand(name: string, body: unknown): Promise<Reply> {
    const reply = await this.command(name, body);
    if (reply.status !== 200) throw new Error(`${name} answered ${reply.status}: ${reply.text}`);
    this.lastPosition = reply.body.position;
    return reply;
  }

  /** Every item of a paged list, following nextCursor (`path` already has a query string). */
  async allItems(path: string, key: string = KEYS.analyst): Promise<any[]> { // eslint-disable-line @typescript-eslint/no-explicit-any
    const items = [];
    let cursor = '';
    do {
      const page = await this.send('GET', `${path}&limit=1000${cursor ? `&cursor=${cursor}` : ''}`, undefined, { key });
      if (page.status !== 200) throw new Error(`GET ${path} answered ${page.status}: ${page.text}`);
      items.push(...page.body.items);
      cursor = page.body.nextCursor ?? '';
    } while (cursor);
    return items;
  }
}

/** One request to a server at `baseUrl` (in this process or another), as the service key unless told. */
export async function sendRequest(baseUrl: string, method: string, path: string, body?: unknown, options: SendOptions = {}): Promise<Reply> {
  const key = options.key === undefined ? KEYS.service : options.key;
  const headers: Record<string, string> = { ...(key === null ? {} : { authorization: `Bearer ${key}` }), ...options.headers };
  const payload = options.raw ?? (body === undefined ? undefined : JSON.stringify(body));
  if (payload !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}
