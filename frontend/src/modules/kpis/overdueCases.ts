import type { CaseDto } from '@cityops/contracts';

interface OverdueCases {
  /** Open cases past their time limit. */
  overdue: number;
  /** All open cases (open or in progress). */
  open: number;
}

/** Open sanitation cases past their time limit (`overdue`, computed by the backend at answer time). */
export function overdueCases(cases: readonly CaseDto[] | undefined): OverdueCases {
  const open = (cases ?? []).filter((c) => c.status !== 'closed');
  return { overdue: open.filter((c) => c.overdue).length, open: open.length };
}
