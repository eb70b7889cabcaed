import type { HTMLAttributes, Key, ReactNode } from 'react';
import './stacked-table.css';

/** A column: its label heads it and, on a phone, labels each of its cells. */
export interface Column<Row> {
  label: string;
  cell: (row: Row) => ReactNode;
  /** Class of each of the column's cells. */
  className?: string;
  /** The row's header cell (<th scope="row">) instead of a <td>; it names the row, so it needs no data-label. */
  rowHeader?: boolean;
}

/** false, null or undefined stand for a column shown only sometimes, e.g. `isAdmin && { label: 'Owner', … }`. */
type MaybeColumn<Row> = Column<Row> | false | null | undefined;

/**
 * A table that becomes one card per row on a phone (stacked-table.css). Each column's label is
 * written once, here, for both its header and the data-label its cells show on a phone.
 */
export function StackedTable<Row>({
  rows,
  rowKey,
  columns,
  className,
  rowProps,
  'aria-label': ariaLabel,
}: {
  rows: readonly Row[];
  rowKey: (row: Row) => Key;
  columns: readonly MaybeColumn<Row>[];
  /** Classes besides stack-on-phone, e.g. "runs-table". */
  className?: string;
  /** Attributes of a row's <tr>, e.g. which row is selected. */
  rowProps?: (row: Row) => HTMLAttributes<HTMLTableRowElement>;
  'aria-label'?: string;
}) {
  const shown = columns.filter((column): column is Column<Row> => Boolean(column));
  return (
    <div className="table-wrap">
      <table className={className ? `${className} stack-on-phone` : 'stack-on-phone'} aria-label={ariaLabel}>
        <thead>
          <tr>
            {shown.map(({ label }) => (
              <th key={label} scope="col">
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} {...rowProps?.(row)}>
              {shown.map((column) =>
                column.rowHeader ? (
                  <th key={column.label} scope="row" className={column.className}>
                    {column.cell(row)}
                  </th>
                ) : (
                  <td key={column.label} data-label={column.label} className={column.className}>
                    {column.cell(row)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
