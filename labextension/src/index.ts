/**
 * ringkas-panel: writing a visit in JupyterLab. One small plugin per feature, sharing the
 * IVisitTracker (which open notebooks are visits, from the server's GET context).
 */

import { ILabShell, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, MainAreaWidget } from '@jupyterlab/apputils';
import { ILauncher } from '@jupyterlab/launcher';
import { INotebookModel, INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { Widget } from '@lumino/widgets';

import { ISkeletonCell } from './api';
import { chooseSection, CellBars, markReviewed } from './chips';
import { catalogueWidget, importReport, newVisit, renderVisit } from './commands';
import { langFromLocale, t } from './i18n';
import { VisitPanel } from './panel';
import { openPreview, PreviewButtonExtension, PreviewFrame } from './preview';
import { editTable, newRowOf, TABLES } from './tablegrid';
import { cellTags, IVisitTracker, VisitSession, VisitTracker } from './visits';

const CATEGORY = 'ringkas';

async function currentSession(notebooks: INotebookTracker, visits: IVisitTracker): Promise<VisitSession | null> {
  const panel = notebooks.currentWidget;
  return panel ? visits.sessionFor(panel) : null;
}

/** A command's `execute`: `run` with the current notebook's visit session, when it is a visit. */
function withSession(notebooks: INotebookTracker, visits: IVisitTracker,
                     run: (session: VisitSession) => unknown): () => Promise<void> {
  return async () => {
    const session = await currentSession(notebooks, visits);
    if (session) {
      await run(session);
    }
  };
}

/** Insert the skeleton's cell (`source`, `tags`) at `at` in the notebook `model`. */
function insertSkeleton(model: INotebookModel, at: number, skeleton: ISkeletonCell): void {
  model.sharedModel.insertCell(at, { cell_type: 'markdown', source: skeleton.source, metadata: { tags: skeleton.tags } });
}

const trackerPlugin: JupyterFrontEndPlugin<IVisitTracker> = {
  id: 'ringkas-panel:visits',
  description: 'Knows which open notebooks are ringkas visits.',
  autoStart: true,
  provides: IVisitTracker,
  optional: [ISettingRegistry],
  activate: async (_app: JupyterFrontEnd, settings: ISettingRegistry | null): Promise<IVisitTracker> => {
    let locale: string | undefined;
    try {
      const loaded = await settings?.load('@jupyterlab/translation-extension:plugin');
      locale = loaded?.composite.locale as string | undefined;
    } catch {
      locale = undefined;
    }
    return new VisitTracker(langFromLocale(locale));
  }
};

const panelPlugin: JupyterFrontEndPlugin<void> = {
  id: 'ringkas-panel:panel',
  description: 'The visit panel: the front matter as a form, status and problems.',
  autoStart: true,
  requires: [IVisitTracker, INotebookTracker, ILabShell],
  activate: (app: JupyterFrontEnd, visits: IVisitTracker, notebooks: INotebookTracker, shell: ILabShell) => {
    const panel = new VisitPanel(visits.lang);
    panel.title.label = t(visits.lang, 'panelTitle');
    shell.add(panel, 'right', { rank: 50 });

    const show = async (widget: NotebookPanel | null) => {
      const session = widget ? await visits.sessionFor(widget) : null;
      if (widget === notebooks.currentWidget && panel.session !== session) {
        panel.setSession(session, !!widget && !session);
      }
    };
    notebooks.currentChanged.connect((_, widget) => void show(widget));
    visits.opened.connect((_, session) => {
      session.panel.context.saveState.connect((__, state) => {
        if (state === 'completed') {
          void session.check();
        }
      });
      void session.check();
      if (session.panel === notebooks.currentWidget) {
        panel.setSession(session);
      }
      shell.activateById(panel.id); // opened by itself the first time; closable after
    });
    notebooks.widgetAdded.connect((_, widget) => void visits.sessionFor(widget));
    app.commands.addCommand('ringkas:show-panel', {
      label: t(visits.lang, 'panelTitle'),
      execute: () => shell.activateById(panel.id)
    });
  }
};

const sectionsPlugin: JupyterFrontEndPlugin<void> = {
  id: 'ringkas-panel:sections',
  description: 'Section chips on tagged cells, the section menu, new innovations and table grids.',
  autoStart: true,
  requires: [IVisitTracker, INotebookTracker],
  optional: [ICommandPalette],
  activate: (app: JupyterFrontEnd, visits: IVisitTracker, notebooks: INotebookTracker, palette: ICommandPalette | null) => {
    const lang = visits.lang;
    visits.opened.connect((_, session) => {
      const bars = new CellBars(session);
      session.panel.content.cellInViewportChanged.connect(() => bars.update());
    });
    const withVisit = (run: (session: VisitSession) => unknown) => withSession(notebooks, visits, run);
    app.commands.addCommand('ringkas:set-section', {
      label: t(lang, 'setSection'),
      execute: withVisit(session => {
        const cell = session.panel.content.activeCell;
        return cell ? chooseSection(session, cell.model) : undefined;
      })
    });
    app.commands.addCommand('ringkas:add-innovation', {
      label: t(lang, 'addInnovation'),
      execute: withVisit(session => {
        const skeleton = session.context.skeleton.innovation;
        const model = session.panel.content.model;
        if (!skeleton || !model) {
          return;
        }
        let at = session.panel.content.activeCellIndex + 1;
        for (let i = 0; i < model.cells.length; i++) {
          if (cellTags(model.cells.get(i)).includes('innovation')) {
            at = i + 1;
          }
        }
        insertSkeleton(model, at, skeleton);
        return session.goToCell(at);
      })
    });
    app.commands.addCommand('ringkas:add-recommendation', {
      label: t(lang, 'addRecommendation'),
      execute: withVisit(session => {
        const model = session.panel.content.model;
        if (!model) {
          return;
        }
        const row = newRowOf(session) ?? [];
        for (let i = 0; i < model.cells.length; i++) {
          if (cellTags(model.cells.get(i)).includes('recommendations')) {
            return editTable(session, i, 'recommendations', row);
          }
        }
        // no recommendations cell yet: the skeleton's, after the lessons (or at the end)
        const skeleton = session.context.skeleton.recommendations;
        if (skeleton) {
          const at = model.cells.length;
          insertSkeleton(model, at, skeleton);
          return editTable(session, at, 'recommendations', row);
        }
      })
    });
    app.commands.addCommand('ringkas:edit-table', {
      label: t(lang, 'editTable'),
      execute: withVisit(session => {
        const index = session.panel.content.activeCellIndex;
        const cell = session.panel.content.activeCell;
        const table = cell ? TABLES.find(name => cellTags(cell.model).includes(name)) : undefined;
        return table ? editTable(session, index, table) : undefined;
      })
    });
    for (const command of ['ringkas:set-section', 'ringkas:add-innovation', 'ringkas:add-recommendation', 'ringkas:edit-table']) {
      app.contextMenu.addItem({ command, selector: '.jp-Notebook .jp-Cell', rank: 60 });
      palette?.addItem({ command, category: CATEGORY });
    }
  }
};

const importedPlugin: JupyterFrontEndPlugin<void> = {
  id: 'ringkas-panel:imported',
  description: 'Imported cells: "belum ditinjau", cleared with "sudah ditinjau".',
  autoStart: true,
  requires: [IVisitTracker, INotebookTracker],
  activate: (app: JupyterFrontEnd, visits: IVisitTracker, notebooks: INotebookTracker) => {
    app.commands.addCommand('ringkas:mark-reviewed', {
      label: t(visits.lang, 'markReviewedLong'),
      execute: () => {
        const notebook = notebooks.currentWidget?.content;
        notebook?.widgets.forEach(cell => {
          if (notebook.isSelectedOrActive(cell)) {
            markReviewed(cell.model);
          }
        });
      }
    });
    app.contextMenu.addItem({ command: 'ringkas:mark-reviewed', selector: '.jp-Notebook .jp-Cell', rank: 61 });
  }
};

const previewPlugin: JupyterFrontEndPlugin<void> = {
  id: 'ringkas-panel:preview',
  description: 'The live preview docked beside the notebook.',
  autoStart: true,
  requires: [IVisitTracker, INotebookTracker, ILabShell],
  activate: (app: JupyterFrontEnd, visits: IVisitTracker, notebooks: INotebookTracker, shell: ILabShell) => {
    const open = new Map<NotebookPanel, MainAreaWidget<PreviewFrame>>();
    const add = (widget: Widget, ref: string) => {
      if (!widget.isAttached) {
        shell.add(widget, 'main', { mode: 'split-right', ref });
      }
      shell.activateById(widget.id);
      shell.activateById(ref);
    };
    const show = (session: VisitSession) => void openPreview(session, add, open);
    app.docRegistry.addWidgetExtension('Notebook', new PreviewButtonExtension(visits, show));
    app.commands.addCommand('ringkas:preview', {
      label: t(visits.lang, 'openPreview'),
      execute: withSession(notebooks, visits, show)
    });
  }
};

const commandsPlugin: JupyterFrontEndPlugin<void> = {
  id: 'ringkas-panel:commands',
  description: 'New visit, import a report, check, render, the catalogue: palette and launcher.',
  autoStart: true,
  requires: [IVisitTracker, INotebookTracker, ILabShell],
  optional: [ICommandPalette, ILauncher],
  activate: (app: JupyterFrontEnd, visits: IVisitTracker, notebooks: INotebookTracker, shell: ILabShell,
             palette: ICommandPalette | null, launcher: ILauncher | null) => {
    const lang = visits.lang;
    const openPath = (path: string | null) => path && app.commands.execute('docmanager:open', { path });
    app.commands.addCommand('ringkas:new-visit', {
      label: t(lang, 'newVisit'),
      execute: async () => openPath(await newVisit(lang, notebooks.currentWidget?.context.path))
    });
    app.commands.addCommand('ringkas:import', {
      label: t(lang, 'importReport'),
      execute: async () => openPath(await importReport(lang, notebooks.currentWidget?.context.path))
    });
    app.commands.addCommand('ringkas:check', {
      label: t(lang, 'checkVisit'),
      isEnabled: () => !!notebooks.currentWidget,
      execute: withSession(notebooks, visits, async session => {
        await session.panel.context.save();
        await session.check();
        await app.commands.execute('ringkas:show-panel');
      })
    });
    app.commands.addCommand('ringkas:render', {
      label: t(lang, 'renderVisit'),
      isEnabled: () => !!notebooks.currentWidget,
      execute: withSession(notebooks, visits, async session => {
        await session.panel.context.save();
        await renderVisit(session.path, session.lang);
      })
    });
    app.commands.addCommand('ringkas:catalogue', {
      label: t(lang, 'catalogue'),
      execute: async () => {
        for (const widget of shell.widgets('main')) {
          if (widget.id === 'ringkas-catalogue') {
            widget.dispose(); // opened again: the catalogue as it is now
          }
        }
        const widget = await catalogueWidget(lang, notebooks.currentWidget?.context.path);
        if (widget) {
          shell.add(widget, 'main');
        }
      }
    });
    const all = ['ringkas:new-visit', 'ringkas:import', 'ringkas:check', 'ringkas:render', 'ringkas:catalogue'];
    all.forEach((command, rank) => {
      palette?.addItem({ command, category: CATEGORY });
      if (launcher && ['ringkas:new-visit', 'ringkas:import', 'ringkas:catalogue'].includes(command)) {
        launcher.add({ command, category: CATEGORY, rank });
      }
    });
  }
};

export default [trackerPlugin, panelPlugin, sectionsPlugin, importedPlugin, previewPlugin, commandsPlugin];
