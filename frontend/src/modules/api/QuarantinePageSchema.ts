import { QuarantineEntrySchema } from '@cityops/contracts';
import { z } from 'zod';

/** GET /api/quarantine: `{items, next}`, newest first; `next` is the cursor of the following page. */
export const QuarantinePageSchema = z.object({
  items: z.array(QuarantineEntrySchema),
  next: z.string().nullable(),
});
