// Types for stack.mjs, so TypeScript test harnesses (frontend/e2e) can start the stack.
export interface StackOptions {
  port?: number;
  simPort?: number;
  dataDir?: string;
  redisUrl?: string;
  redisPrefix?: string;
  influxUrl?: string;
  adminPassword?: string;
  tickMs?: number;
  /** Size of the simulated city (1: ~2,000 stations, 20,000 flats). */
  scale?: number;
  pollMs?: number;
  scenario?: 'demo' | 'none';
  quiet?: boolean;
  env?: Record<string, string>;
}

export interface RunningStack {
  url: string;
  simUrl: string;
  adminPassword: string;
  logDir: string;
  stop(): Promise<void>;
}

export function startStack(options?: StackOptions): Promise<RunningStack>;
