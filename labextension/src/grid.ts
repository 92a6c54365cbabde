/**
 * The roles and recommendations tables as a grid: rows of text cells under the columns the
 * server describes, some with a fixed set of choices (priority, follow-up status). Pure, no
 * JupyterLab import: the server parses and writes the markdown (table/parse, table/update).
 */

import type { IChoice } from './form';

export interface IColumn {
  key: string;
  label: string;
  choices: IChoice[] | null;
  help?: string;
}

export interface IGridProblem {
  row: number;
  column: string;
  value: string;
}

export class GridModel {
  readonly columns: IColumn[];
  private _rows: string[][];

  constructor(columns: IColumn[], rows: string[][]) {
    this.columns = columns;
    this._rows = rows.map(row => this._fit(row));
  }

  get rows(): string[][] {
    return this._rows.map(row => [...row]);
  }

  get size(): number {
    return this._rows.length;
  }

  cell(row: number, column: number): string {
    return this._rows[row][column];
  }

  setCell(row: number, column: number, value: string): void {
    if (row < 0 || row >= this._rows.length || column < 0 || column >= this.columns.length) {
      throw new RangeError(`no cell at row ${row}, column ${column}`);
    }
    this._rows[row][column] = value;
  }

  /** Adds a row (empty, or `values`) after `after` or at the end; returns its index. */
  addRow(after?: number, values?: string[]): number {
    const at = after === undefined ? this._rows.length : after + 1;
    this._rows.splice(at, 0, this._fit(values ?? []));
    return at;
  }

  removeRow(row: number): void {
    this._rows.splice(row, 1);
  }

  /** The rows to write: cells trimmed, rows left wholly empty dropped. */
  toRows(): string[][] {
    return this._rows
      .map(row => row.map(cell => cell.trim()))
      .filter(row => row.some(cell => cell.length > 0));
  }

  /** Cells of a column with choices holding something that is none of them (empty is allowed). */
  problems(): IGridProblem[] {
    const found: IGridProblem[] = [];
    this._rows.forEach((row, r) => {
      this.columns.forEach((column, c) => {
        const value = row[c].trim();
        if (column.choices && value && !column.choices.some(ch => ch.value === value)) {
          found.push({ row: r, column: column.key, value });
        }
      });
    });
    return found;
  }

  private _fit(row: string[]): string[] {
    return this.columns.map((_, i) => (row[i] ?? '').toString());
  }
}
