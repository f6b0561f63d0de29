import type { ReactNode } from 'react';
import { TableHead, type TableColumn } from './TableHead';

/**
 * The scrolling table of the history and admin pages: headings, the rows given as children, and a
 * note under it instead of rows (`empty`, when not null).
 */
export function DataTable({
  className = 'history-table admin-table',
  testId,
  columns,
  empty,
  emptyTestId,
  children,
}: {
  className?: string;
  testId: string;
  columns: readonly TableColumn[];
  empty: string | null;
  emptyTestId?: string;
  children: ReactNode;
}) {
  return (
    <div className="history-table__scroll">
      <table className={className} data-testid={testId}>
        <TableHead columns={columns} />
        <tbody>{children}</tbody>
      </table>
      {empty !== null ? (
        <p className="history-panel__note" data-testid={emptyTestId}>
          {empty}
        </p>
      ) : null}
    </div>
  );
}
