import { CaseDtoSchema } from '@cityops/contracts';
import { z } from 'zod';

/** GET /api/cases answers one page: `{items, next}` (keyset cursor, null on the last page). */
export const CasePageSchema = z.object({
  items: z.array(CaseDtoSchema),
  next: z.string().nullable(),
});
