/** The palette's and launcher's commands: new visit, import a report, check, render, catalogue. */

import { Dialog, MainAreaWidget, showDialog, showErrorMessage } from '@jupyterlab/apputils';
import { Widget } from '@lumino/widgets';

import { api, ApiError, IProblem } from './api';
import { element } from './formview';
import { Lang, t } from './i18n';

class FieldsBody extends Widget {
  constructor(fields: [string, string, string][]) {
    super({ node: element('div', { className: 'ringkas-dialog-form' }) });
    for (const [name, label, type] of fields) {
      const input = element('input', { type, name, id: `ringkas-new-${name}` });
      this.node.append(element('label', {}, [label, input]));
    }
  }

  getValue(): Record<string, string> {
    const value: Record<string, string> = {};
    this.node.querySelectorAll('input').forEach(input => (value[input.name] = input.value.trim()));
    return value;
  }
}

class FileBody extends Widget {
  readonly input: HTMLInputElement;
  constructor(label: string) {
    super({ node: element('div', { className: 'ringkas-dialog-form' }) });
    this.input = element('input', { type: 'file', id: 'ringkas-import-file' });
    this.input.accept = '.docx,.pdf,.html,.htm,.txt,.md';
    this.node.append(element('label', {}, [label, this.input]));
  }

  getValue(): File | null {
    return this.input.files?.[0] ?? null;
  }
}

function buttons(lang: Lang): Dialog.IButton[] {
  return [Dialog.cancelButton({ label: t(lang, 'cancel') }), Dialog.okButton({ label: t(lang, 'ok') })];
}

/** Asks date, host and title as `ringkas new` does, makes the visit; returns its path. */
export async function newVisit(lang: Lang, near?: string): Promise<string | null> {
  const body = new FieldsBody([
    ['date', t(lang, 'date'), 'date'],
    ['host', t(lang, 'host'), 'text'],
    ['title', t(lang, 'title'), 'text']
  ]);
  const result = await showDialog({ title: t(lang, 'newVisit'), body, buttons: buttons(lang) });
  if (!result.button.accept || !result.value) {
    return null;
  }
  try {
    const answer = await api<{ path: string }>('visits', { ...result.value, ...(near ? { path: near } : {}), lang });
    return answer.path;
  } catch (error) {
    await showErrorMessage(t(lang, 'error'), (error as Error).message);
    return null;
  }
}

function base64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

/** Uploads a report to `ringkas import`, shows what it did not find; returns the visit's path. */
export async function importReport(lang: Lang, near?: string): Promise<string | null> {
  const result = await showDialog({ title: t(lang, 'importReport'), body: new FileBody(t(lang, 'chooseFile')), buttons: buttons(lang) });
  const file = result.value;
  if (!result.button.accept || !file) {
    return null;
  }
  const labels: Record<string, string> = { date: t(lang, 'date'), host: t(lang, 'host'), title: t(lang, 'title') };
  const request: Record<string, unknown> = {
    filename: file.name, content_base64: await base64(file), ...(near ? { path: near } : {}), lang
  };
  try {
    let answer: { path: string; report: string; missing: string[] } | null = null;
    while (!answer) {
      try {
        answer = await api<{ path: string; report: string; missing: string[] }>('import', request);
      } catch (error) {
        const needs = error instanceof ApiError ? (error.data.needs as string[] | undefined) : undefined;
        if (!needs?.length) {
          throw error;
        }
        // the report does not say its date, host or title: ask, then send it again
        const body = new FieldsBody(needs.map(key => [key, labels[key] ?? key, key === 'date' ? 'date' : 'text']));
        body.node.prepend(element('p', {}, [(error as Error).message]));
        const asked = await showDialog({ title: t(lang, 'importReport'), body, buttons: buttons(lang) });
        if (!asked.button.accept || !asked.value) {
          return null;
        }
        Object.assign(request, asked.value);
      }
    }
    const report = element('div', { className: 'ringkas-import-report' }, [element('pre', {}, [answer.report ?? ''])]);
    if (answer.missing?.length) {
      report.append(element('p', {}, [t(lang, 'missing')]), element('ul', {}, answer.missing.map(m => element('li', {}, [m]))));
    }
    await showDialog({ title: t(lang, 'importDone'), body: new Widget({ node: report }), buttons: [Dialog.okButton({ label: 'OK' })] });
    return answer.path;
  } catch (error) {
    await showErrorMessage(t(lang, 'error'), (error as Error).message);
    return null;
  }
}

/** Renders the visit at `path` and shows the summary with links to its briefs. */
export async function renderVisit(path: string, lang: Lang): Promise<void> {
  try {
    const answer = await api<{ summary: string; briefs: string[]; problems?: IProblem[] }>('render', { path, lang });
    const body = element('div', { className: 'ringkas-render-report' }, [element('pre', {}, [answer.summary ?? ''])]);
    body.append(element('ul', {}, (answer.briefs ?? []).map(url =>
      element('li', {}, [element('a', { href: url, target: '_blank', rel: 'noopener' }, [url.split('/').pop() ?? url])]))));
    await showDialog({ title: t(lang, 'rendered'), body: new Widget({ node: body }), buttons: [Dialog.okButton({ label: 'OK' })] });
  } catch (error) {
    await showErrorMessage(t(lang, 'error'), (error as Error).message);
  }
}

/**
 * The project's rendered catalogue (briefs/index.html, brought up to date by the server and
 * served by Jupyter's own files/ route, behind its authentication) in a main-area tab; the
 * project is the one of `path` (the open notebook) or of the server's root.
 */
export async function catalogueWidget(lang: Lang, path: string | undefined): Promise<MainAreaWidget | null> {
  let url: string;
  try {
    url = (await api<{ url: string }>('catalogue', { path: path ?? '', lang })).url;
  } catch (error) {
    await showErrorMessage(t(lang, 'error'), (error as Error).message);
    return null;
  }
  const frame = element('iframe', { className: 'ringkas-preview-frame ringkas-catalogue-frame', title: t(lang, 'catalogue') });
  frame.src = url; // under the server's base URL already
  const content = new Widget({ node: element('div', { className: 'ringkas-preview' }, [frame]) });
  const widget = new MainAreaWidget({ content });
  widget.id = 'ringkas-catalogue';
  widget.title.label = t(lang, 'catalogue');
  widget.title.closable = true;
  return widget;
}
