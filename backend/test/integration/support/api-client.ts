import type { INestApplication } from '@nestjs/common';
import { portOf } from './test-env.js';

/** A tiny typed HTTP client over the running test app. */
export class ApiClient {
  token: string | null = null;

  constructor(readonly baseUrl: string) {}

  static of(app: INestApplication): ApiClient {
    return new ApiClient(`http://127.0.0.1:${portOf(app.getHttpServer())}`);
  }

  async request<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let payload: string | undefined;
    if (body !== undefined) {
      headers['content-type'] = contentType;
      payload = typeof body === 'string' ? body : JSON.stringify(body);
    }
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON (metrics, static files)
    }
    return { status: response.status, body: parsed as T };
  }

  get<T = unknown>(path: string) {
    return this.request<T>('GET', path);
  }

  post<T = unknown>(path: string, body?: unknown, contentType?: string) {
    return this.request<T>('POST', path, body, contentType);
  }

  async login(username: string, password: string): Promise<void> {
    const { status, body } = await this.post<{ token: string }>('/api/auth/login', {
      username,
      password,
    });
    if (status !== 200) throw new Error(`login failed: ${status} ${JSON.stringify(body)}`);
    this.token = body.token;
  }
}
