/**
 * What the notebook shows on its cells for a visit: each tagged cell's section as a chip
 * (class "ringkas-section"), a menu to set or change it, and the "belum ditinjau" badge with its
 * "sudah ditinjau" action on cells holding imported text.
 */

import { InputDialog } from '@jupyterlab/apputils';
import type { ICellModel } from '@jupyterlab/cells';
import type { Cell } from '@jupyterlab/cells';

import { PanelLayout, Widget } from '@lumino/widgets';

import { element } from './formview';
import { t } from './i18n';
import { editTable, TABLES } from './tablegrid';
import { cellTags, IMPORTED_KEY, isImported, VisitSession } from './visits';

const BAR = 'ringkas-cell-bar';

/** The section tags of `cell` (its tags that are sections of the format). */
export function sectionOf(session: VisitSession, cell: ICellModel): string | null {
  const sections = new Set(session.context.sections.map(s => s.value));
  return cellTags(cell).find(tag => sections.has(tag)) ?? null;
}

/** Replaces `cell`'s section tag with `section` (null: no section); other tags stay. */
export function setSection(session: VisitSession, cell: ICellModel, section: string | null): void {
  const sections = new Set(session.context.sections.map(s => s.value));
  const tags = cellTags(cell).filter(tag => !sections.has(tag));
  if (section) {
    tags.push(section);
  }
  if (tags.length) {
    cell.setMetadata('tags', tags);
  } else {
    cell.deleteMetadata('tags');
  }
}

export function markReviewed(cell: ICellModel): void {
  const marker = { ...((cell.getMetadata(IMPORTED_KEY) as Record<string, unknown>) ?? {}) };
  delete marker.imported;
  if (Object.keys(marker).length) {
    cell.setMetadata(IMPORTED_KEY, marker);
  } else {
    cell.deleteMetadata(IMPORTED_KEY);
  }
}

export async function chooseSection(session: VisitSession, cell: ICellModel): Promise<void> {
  const lang = session.lang;
  const none = t(lang, 'noSection');
  const labels = [none, ...session.context.sections.map(s => `${s.label} (${s.value})`)];
  const current = sectionOf(session, cell);
  const currentIndex = session.context.sections.findIndex(s => s.value === current);
  const result = await InputDialog.getItem({
    title: t(lang, 'chooseSection'),
    items: labels,
    current: currentIndex + 1,
    okLabel: t(lang, 'ok'),
    cancelLabel: t(lang, 'cancel')
  });
  if (!result.button.accept || result.value === null) {
    return;
  }
  const index = labels.indexOf(result.value);
  setSection(session, cell, index <= 0 ? null : session.context.sections[index - 1].value);
}

/** Draws the bar (chip, badge, actions) on every cell of the session's notebook, and keeps it. */
export class CellBars {
  private _session: VisitSession;
  private _pending = 0;
  private _bars = new WeakMap<Cell, Widget>();

  constructor(session: VisitSession) {
    this._session = session;
    const notebook = session.panel.content;
    notebook.model?.cells.changed.connect(this._schedule, this);
    notebook.model?.contentChanged.connect(this._schedule, this);
    notebook.model?.metadataChanged.connect(this._schedule, this);
    for (const cell of notebook.model?.cells ?? []) {
      cell.metadataChanged.connect(this._schedule, this);
    }
    notebook.model?.cells.changed.connect((_, change) => {
      for (const cell of change.newValues) {
        cell.metadataChanged.connect(this._schedule, this);
      }
    });
    this.update();
  }

  update(): void {
    const notebook = this._session.panel.content;
    notebook.widgets.forEach((cell, index) => this._draw(cell, index));
  }

  private _schedule(): void {
    window.cancelAnimationFrame(this._pending);
    this._pending = window.requestAnimationFrame(() => this.update());
  }

  private _draw(cell: Cell, index: number): void {
    const session = this._session;
    const lang = session.lang;
    const model = cell.model;
    const section = sectionOf(session, model);
    const imported = isImported(model);
    const key = `${section}|${imported}`;
    // a widget of the cell's own layout, first: JupyterLab keeps it at the cell's top whatever
    // it re-attaches while the notebook scrolls (a bare DOM node would drift to the bottom)
    let widget = this._bars.get(cell);
    if (widget && !widget.isDisposed && widget.node.dataset.state === key) {
      return;
    }
    if (!section && !imported) {
      widget?.dispose();
      this._bars.delete(cell);
      return;
    }
    if (!widget || widget.isDisposed) {
      widget = new Widget({ node: element('div', { className: BAR }) });
      (cell.layout as PanelLayout).insertWidget(0, widget);
      this._bars.set(cell, widget);
    }
    const bar = widget.node;
    bar.dataset.state = key;
    const parts: HTMLElement[] = [];
    if (section) {
      const label = session.context.sections.find(s => s.value === section)?.label ?? section;
      const chip = element('button', { type: 'button', className: 'ringkas-section', title: t(lang, 'setSection') }, [label]);
      chip.dataset.section = section;
      chip.addEventListener('click', () => void chooseSection(session, model));
      parts.push(chip);
      if (TABLES.includes(section)) {
        const edit = element('button', { type: 'button', className: 'ringkas-link ringkas-edit-table' }, [t(lang, 'editTable')]);
        edit.addEventListener('click', () => {
          const at = session.panel.content.widgets.indexOf(cell);
          void editTable(session, at >= 0 ? at : index, section);
        });
        parts.push(edit);
      }
    }
    if (imported) {
      const badge = element('span', { className: 'ringkas-unreviewed' }, [t(lang, 'unreviewed')]);
      const done = element('button', { type: 'button', className: 'ringkas-link ringkas-mark-reviewed' }, [t(lang, 'markReviewed')]);
      done.title = t(lang, 'markReviewedLong');
      done.addEventListener('click', () => markReviewed(model));
      parts.push(badge, done);
    }
    bar.replaceChildren(...parts);
  }
}
