/** The roles/recommendations table grid model (src/grid.ts), in Node's own test runner. */

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { GridModel, IColumn } from '../src/grid';

const COLUMNS: IColumn[] = [
  { key: 'recommendation', label: 'Rekomendasi', choices: null },
  { key: 'owner', label: 'OPD pengampu', choices: null },
  { key: 'timeline', label: 'Waktu', choices: null, help: '2025, 2025-Q3, 6 bulan' },
  { key: 'priority', label: 'Prioritas', choices: [{ value: 'tinggi', label: 'tinggi' }, { value: 'rendah', label: 'rendah' }] },
  { key: 'status', label: 'Status tindak lanjut', choices: [{ value: 'usulan', label: 'usulan' }, { value: 'selesai', label: 'selesai' }] }
];

test('short rows are padded to the columns', () => {
  const grid = new GridModel(COLUMNS, [['Satu', 'Bappeda']]);
  assert.deepEqual(grid.rows, [['Satu', 'Bappeda', '', '', '']]);
});

test('a row added, filled and written; an empty row is not written', () => {
  const grid = new GridModel(COLUMNS, [['Satu', '', '', '', 'usulan']]);
  const row = grid.addRow();
  assert.equal(row, 1);
  grid.setCell(row, 0, ' Dua ');
  grid.setCell(row, 3, 'tinggi');
  grid.addRow();
  assert.deepEqual(grid.toRows(), [
    ['Satu', '', '', '', 'usulan'],
    ['Dua', '', '', 'tinggi', '']
  ]);
});

test('a row added after another goes right below it; removing drops it', () => {
  const grid = new GridModel(COLUMNS, [['A'], ['C']]);
  assert.equal(grid.addRow(0), 1);
  grid.setCell(1, 0, 'B');
  assert.deepEqual(grid.toRows().map(r => r[0]), ['A', 'B', 'C']);
  grid.removeRow(0);
  assert.deepEqual(grid.toRows().map(r => r[0]), ['B', 'C']);
});

test('a value outside a column\'s choices is a problem; empty is allowed', () => {
  const grid = new GridModel(COLUMNS, [['A', '', '', 'sedang', ''], ['B', '', '', '', 'selesai']]);
  assert.deepEqual(grid.problems(), [{ row: 0, column: 'priority', value: 'sedang' }]);
});

test('no cell outside the grid', () => {
  const grid = new GridModel(COLUMNS, [['A']]);
  assert.throws(() => grid.setCell(3, 0, 'x'), RangeError);
  assert.throws(() => grid.setCell(0, 9, 'x'), RangeError);
});

test('rows handed out are copies: editing them does not change the grid', () => {
  const grid = new GridModel(COLUMNS, [['A']]);
  grid.rows[0][0] = 'changed';
  assert.equal(grid.cell(0, 0), 'A');
});
