/**
 * Which open notebooks are visits: one VisitSession per notebook panel, made from the server's
 * GET context. The other plugins ask the tracker (a token, as JupyterLab's plugins share
 * services) and do nothing for a notebook that is not a visit.
 */

import { Token } from '@lumino/coreutils';
import { ISignal, Signal } from '@lumino/signaling';
import type { ICellModel } from '@jupyterlab/cells';
import type { NotebookPanel } from '@jupyterlab/notebook';

import { api, IProblem, IVisitContext } from './api';
import type { Lang } from './i18n';

export const FRONT_MATTER_START = '---';

/** The cell metadata key the importer writes on cells holding imported text. */
export const IMPORTED_KEY = 'ringkas';

export function isImported(cell: ICellModel): boolean {
  const marker = cell.getMetadata(IMPORTED_KEY) as Record<string, unknown> | undefined;
  return !!marker && marker.imported === true;
}

export function cellTags(cell: ICellModel): string[] {
  const tags = cell.getMetadata('tags');
  return Array.isArray(tags) ? (tags as string[]) : [];
}

export class VisitSession {
  readonly panel: NotebookPanel;
  readonly context: IVisitContext;
  readonly lang: Lang;
  problems: IProblem[] = [];
  private _problemsChanged = new Signal<this, IProblem[]>(this);

  constructor(panel: NotebookPanel, context: IVisitContext, lang: Lang) {
    this.panel = panel;
    this.context = context;
    this.lang = lang;
  }

  get path(): string {
    return this.panel.context.path;
  }

  get problemsChanged(): ISignal<this, IProblem[]> {
    return this._problemsChanged;
  }

  /** The index of the front matter cell (the first raw cell starting with ---), or -1. */
  frontMatterIndex(): number {
    const cells = this.panel.content.model?.cells;
    if (!cells) {
      return -1;
    }
    for (let i = 0; i < cells.length; i++) {
      const cell = cells.get(i);
      if (cell.type === 'raw' && cell.sharedModel.getSource().trimStart().startsWith(FRONT_MATTER_START)) {
        return i;
      }
    }
    return -1;
  }

  /** Writes `source` into cell `index` of the notebook model (so undo and save apply). */
  setSource(index: number, source: string): void {
    const cell = this.panel.content.model?.cells.get(index);
    if (cell && cell.sharedModel.getSource() !== source) {
      cell.sharedModel.setSource(source);
    }
  }

  /** Runs `ringkas check` on the saved file. */
  async check(): Promise<IProblem[]> {
    const answer = await api<{ problems: IProblem[] }>('check', { path: this.path, lang: this.lang });
    this.problems = answer.problems;
    this._problemsChanged.emit(this.problems);
    return this.problems;
  }

  /** Selects cell `index`, scrolls it into view and focuses the notebook on it. */
  async goToCell(index: number): Promise<void> {
    const notebook = this.panel.content;
    if (index < 0 || index >= notebook.widgets.length) {
      return;
    }
    notebook.activeCellIndex = index;
    notebook.deselectAll();
    await notebook.scrollToItem(index, 'start');
    notebook.activeCell?.node.scrollIntoView({ block: 'start' });
  }
}

export interface IVisitTracker {
  /** The session of `panel` once its context is known; null when it is not a visit. */
  sessionFor(panel: NotebookPanel): Promise<VisitSession | null>;
  /** A visit notebook was opened (its session is new). */
  readonly opened: ISignal<IVisitTracker, VisitSession>;
  readonly lang: Lang;
}

export const IVisitTracker = new Token<IVisitTracker>(
  'ringkas-panel:IVisitTracker',
  'Which open notebooks are ringkas visits, with their context from the server.'
);

export class VisitTracker implements IVisitTracker {
  private _sessions = new WeakMap<NotebookPanel, Promise<VisitSession | null>>();
  private _opened = new Signal<IVisitTracker, VisitSession>(this);
  private _lang: Lang | undefined;

  constructor(lang: Lang | undefined) {
    this._lang = lang;
  }

  get lang(): Lang {
    return this._lang ?? 'id';
  }

  get opened(): ISignal<IVisitTracker, VisitSession> {
    return this._opened;
  }

  sessionFor(panel: NotebookPanel): Promise<VisitSession | null> {
    let session = this._sessions.get(panel);
    if (!session) {
      session = this._load(panel);
      this._sessions.set(panel, session);
    }
    return session;
  }

  private async _load(panel: NotebookPanel): Promise<VisitSession | null> {
    const query: Record<string, string> = { path: panel.context.path };
    if (this._lang) {
      query.lang = this._lang;
    }
    // asked at once (it needs only the path), while the notebook's model is still loading
    const asked = api<IVisitContext>('context', undefined, query);
    let context: IVisitContext;
    try {
      [context] = await Promise.all([asked, panel.context.ready]);
    } catch (error) {
      console.warn('ringkas: no visit context for', panel.context.path, error);
      return null;
    }
    if (!context.is_visit) {
      return null;
    }
    const session = new VisitSession(panel, context, this._lang ?? context.lang ?? 'id');
    this._opened.emit(session);
    return session;
  }
}
