import { LoginResponseSchema, type LoginResponse } from '@cityops/contracts';

const STORAGE_KEY = 'cityops.session';

function storage(): Storage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null; // storage disabled (private mode, kiosk policies)
  }
}

function read(): LoginResponse | null {
  const raw = storage()?.getItem(STORAGE_KEY);
  if (!raw) return null;
  try {
    const parsed = LoginResponseSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

let current: LoginResponse | null = read();
const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());

if (typeof window !== 'undefined') {
  // Another tab logged in or out: follow it.
  window.addEventListener('storage', (event) => {
    if (event.key !== STORAGE_KEY) return;
    current = read();
    notify();
  });
}

/**
 * The signed-in user and bearer token (with the refresh token and the access token's expiry when
 * the backend gave them), kept in localStorage so a wall screen survives reloads and restarts.
 * Only a refused refresh (401), a 401 for a token that cannot be refreshed, or an explicit logout
 * ends it.
 */
export const session = {
  get: (): LoginResponse | null => current,
  token: (): string | null => current?.token ?? null,
  set(next: LoginResponse): void {
    current = next;
    storage()?.setItem(STORAGE_KEY, JSON.stringify(next));
    notify();
  },
  /**
   * Re-reads localStorage now (another tab may have rotated the tokens and its storage event may
   * not have arrived yet) and returns what is stored.
   */
  reload(): LoginResponse | null {
    const stored = read();
    if (JSON.stringify(stored) !== JSON.stringify(current)) {
      current = stored;
      notify();
    }
    return current;
  },
  clear(): void {
    if (current === null) return;
    current = null;
    storage()?.removeItem(STORAGE_KEY);
    notify();
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
