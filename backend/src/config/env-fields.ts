import { z } from 'zod';

/** Field types shared by the backend's environment schema pieces (app-config.ts and its parts). */

/** A URL with one of these protocols (`http:`, `redis:`, …). */
export const url = (protocols: string[]) =>
  z
    .string()
    .url()
    // canParse first: zod runs this refine after a failed url() too, and a throw here would end the
    // whole parse with a TypeError that carries the value (a password in the URL) to the log.
    .refine((value) => URL.canParse(value) && protocols.includes(new URL(value).protocol), {
      message: `must use ${protocols.join(' or ')}`,
    });

/** `true`/`1` or `false`/`0`. */
export const booleanFlag = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');
