import type { RawAnswer } from './backend.js';

/** What one hostile input may be answered with. */
export interface Expectation {
  /** Statuses that are fine besides "any 4xx with a message" (e.g. 200 for a tolerated value). */
  ok?: number[];
  /**
   * The route answers with an HTML page (acknowledge links): a page with a heading says why, and
   * so does the API's JSON error (what the body parsers in front of it answer).
   */
  html?: boolean;
  /** Exactly this status, nothing else. */
  exactly?: number;
}

/**
 * Collects every input the backend answered wrongly (5xx, a 4xx without a reason, an unexpected
 * status), so that one run reports all of them at once instead of stopping at the first.
 */
export class Findings {
  readonly failures: string[] = [];

  /** Checks one answer; returns whether it was acceptable. */
  check(where: string, label: string, answer: RawAnswer, expect: Expectation = {}): boolean {
    const problem = problemOf(answer, expect);
    if (problem)
      this.fail(where, label, `${answer.status} ${problem}: ${answer.text.slice(0, 200)}`);
    return !problem;
  }

  fail(where: string, label: string, what: string): void {
    this.failures.push(`${where} ← ${printable(label)}: ${what}`);
  }

  /** The failures, one a line, for a single expect(...).toEqual([]). */
  list(): string[] {
    return this.failures.slice(0, 200);
  }
}

function problemOf(answer: RawAnswer, expect: Expectation): string | null {
  if (answer.status >= 500) return 'server error';
  if (expect.exactly !== undefined)
    return answer.status === expect.exactly ? null : `expected ${expect.exactly}`;
  if (expect.ok?.includes(answer.status)) return null;
  if (answer.status < 400) return 'accepted a hostile input';
  if (answer.status >= 500) return 'server error';
  if (expect.html && answer.contentType.startsWith('text/html'))
    return /<h1>[^<]+<\/h1>/.test(answer.text) ? null : 'no page saying why';
  const message = (answer.json as { message?: unknown } | undefined)?.message;
  if (typeof message !== 'string' || !message.trim()) return 'no JSON error with a message';
  return null;
}

/** A label safe to print: control characters escaped, long ones cut. */
export function printable(label: string): string {
  const escaped = JSON.stringify(label).slice(1, -1);
  return escaped.length > 120 ? `${escaped.slice(0, 117)}…` : escaped;
}
