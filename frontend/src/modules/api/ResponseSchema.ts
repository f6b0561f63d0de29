/** Anything with zod's `safeParse` shape: every response is checked against its contract schema. */
export interface ResponseSchema<T> {
  safeParse(
    data: unknown,
  ): { success: true; data: T } | { success: false; error: { message: string } };
}
