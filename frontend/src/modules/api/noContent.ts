import type { ResponseSchema } from './ResponseSchema';

/** The "schema" of a 204 answer: any body (there is none) is accepted and ignored. */
export const noContent: ResponseSchema<void> = {
  safeParse: () => ({ success: true, data: undefined }),
};
