/** One column heading of a table. */
export interface TableColumn {
  label: string;
  className?: string;
}

/** A table's `<thead>`: one row of column headings. */
export function TableHead({ columns }: { columns: readonly TableColumn[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => (
          <th key={column.label} scope="col" className={column.className}>
            {column.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
