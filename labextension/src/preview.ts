/**
 * The live preview docked beside the notebook (split right): the preview's own page
 * (<base_url>ringkas/preview/<visit>/) in an iframe, with the audience, language and HTML/PDF
 * switches in the tab's toolbar. The HTML page follows the saved file itself (its event
 * stream); the PDF view is reloaded on each save of the notebook.
 */

import { MainAreaWidget, ToolbarButton } from '@jupyterlab/apputils';
import { DocumentRegistry } from '@jupyterlab/docregistry';
import { INotebookModel, NotebookPanel } from '@jupyterlab/notebook';
import { DisposableDelegate, IDisposable } from '@lumino/disposable';
import { Widget } from '@lumino/widgets';

import { element } from './formview';
import { Lang, t } from './i18n';
import { IVisitTracker, VisitSession } from './visits';

export interface IPreviewOptions {
  audience: string;
  lang: Lang;
  view: 'html' | 'pdf';
}

/** The preview page's address for `options` (the page's own query parameters). */
export function previewUrl(base: string, options: IPreviewOptions): string {
  const query = new URLSearchParams({ audience: options.audience, lang: options.lang, view: options.view });
  return `${base}${base.includes('?') ? '&' : '?'}${query.toString()}`;
}

export class PreviewFrame extends Widget {
  readonly frame: HTMLIFrameElement;
  readonly session: VisitSession;
  options: IPreviewOptions;

  constructor(session: VisitSession) {
    super();
    this.session = session;
    this.addClass('ringkas-preview');
    this.options = { audience: 'pimpinan', lang: session.lang, view: 'html' };
    this.frame = element('iframe', { className: 'ringkas-preview-frame', title: t(session.lang, 'preview') });
    this.node.append(this.frame);
    this.load();
  }

  load(): void {
    this.frame.src = previewUrl(this.session.context.preview_url ?? '', this.options);
  }

  set(key: keyof IPreviewOptions, value: string): void {
    (this.options as unknown as Record<string, string>)[key] = value;
    this.load();
  }
}

function switchSelect(
  frame: PreviewFrame,
  key: keyof IPreviewOptions,
  choices: [string, string][]
): Widget {
  const select = element('select', { className: `ringkas-switch ringkas-switch-${key} jp-mod-styled` });
  for (const [value, label] of choices) {
    select.append(element('option', { value, selected: frame.options[key] === value }, [label]));
  }
  select.addEventListener('change', () => frame.set(key, select.value));
  return new Widget({ node: select });
}

/** Opens (or shows again) the docked preview of `session`'s notebook. */
export function openPreview(
  session: VisitSession,
  add: (widget: Widget, ref: string) => void,
  open: Map<NotebookPanel, MainAreaWidget<PreviewFrame>>
): MainAreaWidget<PreviewFrame> {
  const existing = open.get(session.panel);
  if (existing && !existing.isDisposed) {
    add(existing, session.panel.id);
    return existing;
  }
  const lang = session.lang;
  const content = new PreviewFrame(session);
  const widget = new MainAreaWidget({ content });
  widget.id = `ringkas-preview-${session.context.visit_id ?? 'visit'}`;
  widget.addClass('ringkas-preview-dock');
  widget.title.label = `${t(lang, 'preview')}: ${session.context.visit_id ?? ''}`;
  widget.title.closable = true;
  widget.toolbar.addItem('audience', switchSelect(content, 'audience', [['pimpinan', 'pimpinan'], ['teknis', 'teknis']]));
  widget.toolbar.addItem('lang', switchSelect(content, 'lang', [['id', 'Indonesia'], ['en', 'English']]));
  widget.toolbar.addItem('view', switchSelect(content, 'view', [['html', 'HTML'], ['pdf', 'PDF']]));
  widget.toolbar.addItem('reload', new ToolbarButton({ label: t(lang, 'reload'), onClick: () => content.load() }));
  const onSave = (_: unknown, state: string) => {
    if (state === 'completed' && content.options.view === 'pdf') {
      content.load();
    }
  };
  session.panel.context.saveState.connect(onSave);
  widget.disposed.connect(() => {
    session.panel.context.saveState.disconnect(onSave);
    open.delete(session.panel);
  });
  session.panel.disposed.connect(() => widget.dispose());
  open.set(session.panel, widget);
  add(widget, session.panel.id);
  return widget;
}

/** The notebook toolbar's "Pratinjau" button, added to visit notebooks only. */
export class PreviewButtonExtension
  implements DocumentRegistry.IWidgetExtension<NotebookPanel, INotebookModel>
{
  constructor(
    private _tracker: IVisitTracker,
    private _open: (session: VisitSession) => void
  ) {}

  createNew(panel: NotebookPanel): IDisposable {
    const button = new ToolbarButton({
      className: 'ringkas-preview-button',
      label: t(this._tracker.lang, 'preview'),
      tooltip: t(this._tracker.lang, 'openPreview'),
      onClick: () => {
        void this._tracker.sessionFor(panel).then(session => session && this._open(session));
      }
    });
    void this._tracker.sessionFor(panel).then(session => {
      if (session && session.context.preview_url && !button.isDisposed) {
        panel.toolbar.insertItem(10, 'ringkas-preview', button);
      }
    });
    return new DisposableDelegate(() => button.dispose());
  }
}
