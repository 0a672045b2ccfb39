import { FieldValue } from './read-store.port';

/** Keyset paging: the cursor is the sort value and id of the last item of the page. */
export interface CursorPosition {
  value: FieldValue;
  id: string;
}

export function encodeCursor(position: CursorPosition): string {
  return Buffer.from(JSON.stringify([position.value, position.id])).toString('base64url');
}

export class InvalidCursorError extends Error {
  override readonly name = 'InvalidCursorError';
  constructor() {
    super('the cursor is not one this server issued');
  }
}

export function decodeCursor(cursor: string): CursorPosition {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(decoded) && decoded.length === 2 && typeof decoded[1] === 'string') {
      const [value, id] = decoded;
      if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) return { value, id };
    }
  } catch {
    // fall through
  }
  throw new InvalidCursorError();
}
