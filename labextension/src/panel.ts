/**
 * The visit panel (right sidebar, id "ringkas-visit-panel"): status and approval, the front
 * matter as a form written into the notebook's raw cell, and `ringkas check`'s problems, each
 * leading to its cell.
 */

import { Dialog, showDialog, showErrorMessage } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { api, IProblem } from './api';
import { changedValues, formValues, Values } from './form';
import { element, FormView } from './formview';
import { Lang, t } from './i18n';
import { VisitSession } from './visits';

export const PANEL_ID = 'ringkas-visit-panel';

class ApprovalBody extends Widget {
  constructor(lang: Lang) {
    super({ node: element('div', { className: 'ringkas-approval-form' }) });
    for (const key of ['name', 'position', 'nip']) {
      const input = element('input', { type: 'text', name: key, id: `ringkas-approval-${key}` });
      this.node.append(element('label', {}, [t(lang, key), input]));
    }
  }

  getValue(): Record<string, string> {
    const value: Record<string, string> = {};
    this.node.querySelectorAll('input').forEach(input => (value[input.name] = input.value.trim()));
    return value;
  }
}

export class VisitPanel extends Widget {
  private _session: VisitSession | null = null;
  private _form: FormView | null = null;
  private _parsed: Values = {};
  private _frontMatter = '';
  private _lang: Lang;
  private _header = element('div', { className: 'ringkas-panel-header' });
  private _body = element('div', { className: 'ringkas-panel-body' });
  private _note = element('div', { className: 'ringkas-note' });
  private _problems = element('ul', { className: 'ringkas-problems' });
  private _sync = 0;

  constructor(lang: Lang) {
    super();
    this._lang = lang;
    this.id = PANEL_ID;
    this.addClass('ringkas-panel');
    this.title.caption = t(lang, 'panelTitle');
    this.node.append(this._header, this._body);
    this.setSession(null);
  }

  get session(): VisitSession | null {
    return this._session;
  }

  /** Shows `session`'s visit, or a line saying the notebook is not one. */
  setSession(session: VisitSession | null, notVisit = false): void {
    if (this._session) {
      this._session.problemsChanged.disconnect(this._onProblems, this);
      this._session.panel.content.model?.contentChanged.disconnect(this._onNotebookChanged, this);
    }
    this._session = session;
    this._form = null;
    this._header.replaceChildren();
    this._body.replaceChildren();
    if (!session) {
      this._body.append(element('p', { className: 'ringkas-empty' }, [t(this._lang, notVisit ? 'notVisit' : 'noNotebook')]));
      return;
    }
    this._lang = session.lang;
    session.problemsChanged.connect(this._onProblems, this);
    session.panel.content.model?.contentChanged.connect(this._onNotebookChanged, this);
    void this.refresh();
  }

  /** Reads the front matter cell again and rebuilds the form from it. */
  async refresh(): Promise<void> {
    const session = this._session;
    if (!session) {
      return;
    }
    const index = session.frontMatterIndex();
    const source = index >= 0 ? session.panel.content.model!.cells.get(index).sharedModel.getSource() : '';
    this._frontMatter = source;
    let problems: IProblem[] = [];
    if (index >= 0) {
      try {
        const answer = await api<{ values: Values; problems: IProblem[] }>('front-matter/parse', { source, path: session.path, lang: this._lang });
        this._parsed = answer.values;
        problems = answer.problems;
      } catch (error) {
        this._parsed = {};
        problems = [{ severity: 'error', message: (error as Error).message, cell: index, field: null, line: null }];
      }
    }
    if (session !== this._session) {
      return;
    }
    this._renderHeader(session);
    const form = new FormView(session.context.fields, formValues(session.context.fields, this._parsed), this._lang, session.path);
    form.onCommit = () => void this.save();
    form.showProblems(problems);
    this._form = form;
    this._note.textContent = index < 0 ? t(this._lang, 'noFrontMatter') : '';
    const check = element('button', { type: 'button', className: 'jp-mod-styled ringkas-check' }, [t(this._lang, 'checkAgain')]);
    check.addEventListener('click', () => void session.check());
    this._body.replaceChildren(
      element('h3', {}, [t(this._lang, 'frontMatter')]),
      form.node,
      this._note,
      element('h3', {}, [t(this._lang, 'problems'), ' ', check]),
      this._problems
    );
    this._onProblems(session, session.problems);
  }

  /** Writes what the form holds into the front matter cell (only the keys that changed). */
  async save(): Promise<void> {
    const session = this._session;
    const form = this._form;
    if (!session || !form) {
      return;
    }
    const index = session.frontMatterIndex();
    if (index < 0) {
      this._note.textContent = t(this._lang, 'noFrontMatter');
      return;
    }
    const values = changedValues(session.context.fields, this._parsed, form.values());
    if (Object.keys(values).length === 0) {
      return;
    }
    const source = session.panel.content.model!.cells.get(index).sharedModel.getSource();
    try {
      const answer = await api<{ source: string; problems: IProblem[] }>('front-matter/update', { source, values, path: session.path, lang: this._lang });
      this._frontMatter = answer.source;
      this._parsed = { ...this._parsed, ...values };
      session.setSource(index, answer.source);
      form.showProblems(answer.problems);
      this._note.textContent = t(this._lang, 'saved');
    } catch (error) {
      this._note.textContent = (error as Error).message;
    }
  }

  focusField(key: string): boolean {
    return this._form?.focus(key) ?? false;
  }

  private _onNotebookChanged(): void {
    // the raw cell edited by hand (or undone): follow it, unless the form wrote it
    window.clearTimeout(this._sync);
    this._sync = window.setTimeout(() => {
      const session = this._session;
      if (!session) {
        return;
      }
      const index = session.frontMatterIndex();
      const source = index >= 0 ? session.panel.content.model!.cells.get(index).sharedModel.getSource() : '';
      const focused = this.node.contains(document.activeElement);
      if (source !== this._frontMatter && !focused) {
        void this.refresh();
      }
    }, 500);
  }

  private _renderHeader(session: VisitSession): void {
    const status = String(this._parsed.status ?? 'draft');
    const badge = element('span', { className: `ringkas-status ringkas-status-${status}` }, [status]);
    const title = element('div', { className: 'ringkas-visit-id' }, [session.context.visit_id ?? session.path]);
    const signed: HTMLElement[] = [];
    for (const key of ['reviewed', 'approved']) {
      const record = this._parsed[key] as Record<string, unknown> | undefined;
      if (record && typeof record === 'object') {
        signed.push(element('div', { className: 'ringkas-signed' }, [
          `${key}: ${record.name ?? ''}, ${record.position ?? ''}${record.nip ? ` (NIP ${record.nip})` : ''} ${record.date ?? ''}`
        ]));
      }
    }
    const review = element('button', { type: 'button', className: 'jp-mod-styled' }, [t(this._lang, 'review')]);
    review.addEventListener('click', () => void this._approval('review'));
    const approve = element('button', { type: 'button', className: 'jp-mod-styled jp-mod-accept' }, [t(this._lang, 'approve')]);
    approve.addEventListener('click', () => void this._approval('approve'));
    this._header.replaceChildren(
      title,
      element('div', { className: 'ringkas-status-line' }, [`${t(this._lang, 'status')}: `, badge]),
      ...signed,
      element('div', { className: 'ringkas-actions' }, [review, approve])
    );
  }

  private async _approval(action: 'review' | 'approve'): Promise<void> {
    const session = this._session;
    if (!session) {
      return;
    }
    const body = new ApprovalBody(this._lang);
    const result = await showDialog({
      title: t(this._lang, action === 'review' ? 'reviewTitle' : 'approveTitle'),
      body,
      buttons: [Dialog.cancelButton({ label: t(this._lang, 'cancel') }), Dialog.okButton({ label: t(this._lang, 'ok') })]
    });
    if (!result.button.accept || !result.value) {
      return;
    }
    try {
      if (session.panel.context.model.dirty) {
        await session.panel.context.save();
      }
      const answer = await api<{ status: string; problems: IProblem[] }>('approval', {
        path: session.path, action, ...result.value, lang: this._lang
      });
      await session.panel.context.revert();
      session.problems = answer.problems ?? [];
      await this.refresh();
    } catch (error) {
      await showErrorMessage(t(this._lang, 'error'), (error as Error).message);
    }
  }

  private _onProblems(session: VisitSession, problems: IProblem[]): void {
    if (session !== this._session) {
      return;
    }
    if (!problems.length) {
      this._problems.replaceChildren(element('li', { className: 'ringkas-no-problems' }, [t(this._lang, 'noProblems')]));
      return;
    }
    this._problems.replaceChildren(
      ...problems.map(problem => {
        // counted from 1, as `ringkas check` and the preview count cells
        const where = problem.cell !== null && problem.cell !== undefined ? `${t(this._lang, 'cell')} ${problem.cell + 1}` : '';
        const item = element('li', { className: `ringkas-problem ringkas-${problem.severity}`, tabIndex: 0 }, [
          element('span', { className: 'ringkas-where' }, [where]),
          element('span', { className: 'ringkas-message' }, [problem.message])
        ]);
        if (problem.cell !== null && problem.cell !== undefined) {
          item.dataset.cell = String(problem.cell);
        }
        if (problem.field) {
          item.dataset.field = problem.field;
        }
        item.addEventListener('click', () => void this._goTo(problem));
        return item;
      })
    );
  }

  private async _goTo(problem: IProblem): Promise<void> {
    const session = this._session;
    if (!session) {
      return;
    }
    const frontMatter = session.frontMatterIndex();
    const cell = problem.cell ?? (problem.field ? frontMatter : null);
    if (cell !== null && cell >= 0) {
      await session.goToCell(cell);
    }
    if (problem.field && (problem.cell === null || problem.cell === frontMatter)) {
      this.focusField(problem.field);
    }
  }
}
