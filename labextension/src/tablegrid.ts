/** The roles and recommendations tables edited as a grid, written back as the markdown table. */

import { Dialog, showDialog, showErrorMessage } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { api, IProblem } from './api';
import { element } from './formview';
import { GridModel, IColumn } from './grid';
import { Lang, t } from './i18n';
import { VisitSession } from './visits';

export const TABLES = ['roles', 'recommendations'];

class GridBody extends Widget {
  readonly model: GridModel;
  private _lang: Lang;
  private _table = element('table', { className: 'ringkas-grid' });

  private _emptyRow: string[] | undefined;

  constructor(model: GridModel, lang: Lang, emptyRow?: string[]) {
    super({ node: element('div', { className: 'ringkas-grid-body' }) });
    this.model = model;
    this._lang = lang;
    this._emptyRow = emptyRow;
    const add = element('button', { type: 'button', className: 'jp-mod-styled ringkas-add-row' }, [t(lang, 'addRow')]);
    add.addEventListener('click', () => {
      this.model.addRow(undefined, this._emptyRow);
      this._render();
      const inputs = this._table.querySelectorAll('tbody tr:last-child input, tbody tr:last-child select');
      (inputs[0] as HTMLElement | undefined)?.focus();
    });
    this.node.append(this._table, add);
    this._render();
  }

  getValue(): string[][] {
    return this.model.toRows();
  }

  private _render(): void {
    const head = element('tr', {}, this.model.columns.map(c => element('th', { title: c.help ?? '' }, [c.label])));
    head.append(element('th'));
    const rows = this.model.rows.map((row, r) => {
      const tr = element('tr');
      row.forEach((value, c) => tr.append(element('td', {}, [this._input(this.model.columns[c], value, r, c)])));
      const remove = element('button', { type: 'button', className: 'ringkas-link' }, [t(this._lang, 'remove')]);
      remove.addEventListener('click', () => {
        this.model.removeRow(r);
        this._render();
      });
      tr.append(element('td', {}, [remove]));
      return tr;
    });
    this._table.replaceChildren(element('thead', {}, [head]), element('tbody', {}, rows));
  }

  private _input(column: IColumn, value: string, row: number, col: number): HTMLElement {
    if (column.choices) {
      const select = element('select', { className: `ringkas-grid-${column.key}` });
      const options = [{ value: '', label: '—' }, ...column.choices];
      if (value && !options.some(o => o.value === value)) {
        options.push({ value, label: `${value} (${t(this._lang, 'notInChoices')})` });
      }
      for (const option of options) {
        select.append(element('option', { value: option.value, selected: option.value === value }, [option.label]));
      }
      select.addEventListener('change', () => this.model.setCell(row, col, select.value));
      return select;
    }
    const input = element('input', { type: 'text', value, className: `ringkas-grid-${column.key}` });
    if (column.help) {
      input.placeholder = column.help;
    }
    input.addEventListener('input', () => this.model.setCell(row, col, input.value));
    return input;
  }
}

/** The skeleton's new recommendation row (its status "usulan"), if the server gave one. */
export function newRowOf(session: VisitSession): string[] | undefined {
  const row = (session.context.skeleton.recommendation_row as unknown as { row?: string[] } | undefined)?.row;
  return Array.isArray(row) ? row : undefined;
}

/** Opens the grid for cell `index` (tagged `table`) and writes the edited table into it. */
export async function editTable(session: VisitSession, index: number, table: string, newRow?: string[]): Promise<void> {
  const lang = session.lang;
  const cell = session.panel.content.model?.cells.get(index);
  if (!cell) {
    return;
  }
  const source = cell.sharedModel.getSource();
  try {
    const parsed = await api<{ columns: IColumn[]; rows: string[][] }>('table/parse', { source, table, path: session.path, lang });
    const model = new GridModel(parsed.columns, parsed.rows);
    if (newRow) {
      model.addRow(undefined, newRow);
    }
    const body = new GridBody(model, lang, table === 'recommendations' ? newRowOf(session) : undefined);
    const result = await showDialog({
      title: `${t(lang, 'tableTitle')}: ${table}`,
      body,
      buttons: [Dialog.cancelButton({ label: t(lang, 'cancel') }), Dialog.okButton({ label: t(lang, 'ok') })]
    });
    if (!result.button.accept || !result.value) {
      return;
    }
    const answer = await api<{ source: string; problems: IProblem[] }>('table/update', {
      source: cell.sharedModel.getSource(), table, rows: result.value, cell: index, path: session.path, lang
    });
    cell.sharedModel.setSource(answer.source);
    // warnings (an OPD not yet set) are check's: the panel lists them on save; errors now
    const errors = (answer.problems ?? []).filter(p => p.severity === 'error');
    if (errors.length) {
      await showErrorMessage(t(lang, 'tableTitle'), errors.map(p => p.message).join('\n'));
    }
  } catch (error) {
    await showErrorMessage(t(lang, 'error'), (error as Error).message);
  }
}
