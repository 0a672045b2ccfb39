/** The console calls only the public HTTP API, with the key the user signed in with. */
export interface Answer<T> {
  status: number;
  body: T;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(explain(status, detail));
  }
}

/** Any failure as the console says it. */
export const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** What a refusal means, in words (the problem document's detail, when it has one, says more). */
export function explain(status: number, detail = ''): string {
  const more = detail ? ` (${detail})` : '';
  if (status === 401) return `The API key is not known: sign in again with a valid key${more}.`;
  if (status === 403) return `This key's role may not open this${more}.`;
  if (status === 404) return `Not found${more}.`;
  if (status === 429) return `Too many requests: wait a moment and try again${more}.`;
  if (status === 503) return `The server cannot reach its store right now: try again shortly${more}.`;
  if (status === 0) return 'The server cannot be reached.';
  return `The server answered ${status}${more}.`;
}

export async function get<T>(path: string, key: string): Promise<T> {
  const answer = await request<T>(path, key);
  if (answer.status !== 200) throw new ApiError(answer.status, detailOf(answer.body));
  return answer.body;
}

/** A POST with a JSON body; its answer's body whatever the status. */
export function post<T>(path: string, key: string, body: string): Promise<Answer<T>> {
  return request<T>(path, key, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
}

/** The answer whatever its status (status 0: no answer at all). */
export async function request<T>(path: string, key: string, init: RequestInit = {}): Promise<Answer<T>> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, headers: { accept: 'application/json', ...(init.headers as Record<string, string>), authorization: `Bearer ${key}` } });
  } catch {
    return { status: 0, body: undefined as T };
  }
  const text = await response.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: body as T };
}

/**
 * A GET saved as a file: the key goes in a header, so a plain link cannot carry it; the answer is
 * read in full, then handed to the browser's download under `filename`.
 */
export async function download(path: string, key: string, accept: string, filename: string): Promise<{ bytes: number }> {
  let response: Response;
  try {
    response = await fetch(path, { headers: { authorization: `Bearer ${key}`, accept } });
  } catch {
    throw new ApiError(0, '');
  }
  if (response.status !== 200) throw new ApiError(response.status, detailOf(await response.json().catch(() => undefined)));
  let file: Blob;
  try {
    file = await response.blob();
  } catch {
    // The server cuts an export it cannot finish, so that a part of it never passes for the whole.
    throw new Error('The download was cut short by the server: nothing was saved. Try again.');
  }
  const url = URL.createObjectURL(file);
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return { bytes: file.size };
}

export function detailOf(body: unknown): string {
  return body !== null && typeof body === 'object' && typeof (body as { detail?: unknown }).detail === 'string' ? (body as { detail: string }).detail : '';
}

/** A page of a list endpoint (api.md: `{ items, nextCursor }`). */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
