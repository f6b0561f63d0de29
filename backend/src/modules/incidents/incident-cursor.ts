/** Opaque keyset cursor for incident lists ordered by (openedAt DESC, id DESC). */
export interface IncidentCursor {
  openedAt: string;
  id: string;
}

export function encodeCursor(cursor: IncidentCursor): string {
  return Buffer.from(JSON.stringify([cursor.openedAt, cursor.id])).toString('base64url');
}

/** The decoded cursor, or null when it is not one this API issued. */
export function decodeCursor(text: string): IncidentCursor | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [openedAt, id] = value as unknown[];
    if (typeof openedAt !== 'string' || Number.isNaN(Date.parse(openedAt))) return null;
    if (typeof id !== 'string' || !/^[0-9a-f-]{36}$/i.test(id)) return null;
    return { openedAt, id };
  } catch {
    return null;
  }
}
