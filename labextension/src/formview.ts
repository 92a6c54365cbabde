/**
 * The front matter form's DOM: one block per field the server describes, each checked as it
 * is typed (POST field/check, the same message `ringkas check` gives).
 */

import { api, IProblem } from './api';
import {
  FormValue,
  FormValues,
  fromForm,
  IFieldSpec,
  IPerson,
  IRegion,
  linesToList
} from './form';
import { Lang, t } from './i18n';

export function fieldId(key: string): string {
  return `ringkas-field-${key}`;
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
  children: (Node | string)[] = []
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  Object.assign(node, props);
  for (const child of children) {
    node.append(child);
  }
  return node;
}

export { element };

interface IFieldView {
  field: IFieldSpec;
  node: HTMLElement;
  read(): FormValue;
  problems: HTMLElement;
}

export class FormView {
  readonly node: HTMLElement;
  private _views = new Map<string, IFieldView>();
  private _timers = new Map<string, number>();
  private _lang: Lang;
  private _path: string;
  /** Called when a field's value is committed (change event): the panel writes the cell. */
  onCommit: () => void = () => undefined;

  constructor(fields: IFieldSpec[], values: FormValues, lang: Lang, path: string) {
    this._lang = lang;
    this._path = path;
    this.node = element('form', { className: 'ringkas-form' });
    this.node.addEventListener('submit', event => event.preventDefault());
    for (const field of fields) {
      const view = this._build(field, values[field.key]);
      this._views.set(field.key, view);
      this.node.append(view.node);
    }
  }

  values(): FormValues {
    const form: FormValues = {};
    for (const [key, view] of this._views) {
      form[key] = view.read();
    }
    return form;
  }

  /** Shows `problems` under their fields (a problem's `field` may be "host.bps_code"). */
  showProblems(problems: IProblem[]): void {
    for (const view of this._views.values()) {
      this._render(view, problems.filter(p => p.field && p.field.split('.')[0] === view.field.key));
    }
  }

  focus(key: string): boolean {
    const view = this._views.get(key.split('.')[0]);
    const input = view?.node.querySelector('input, select, textarea') as HTMLElement | null;
    if (!input) {
      return false;
    }
    input.focus();
    input.scrollIntoView({ block: 'center' });
    return true;
  }

  private _render(view: IFieldView, problems: IProblem[]): void {
    view.problems.replaceChildren(
      ...problems.map(p =>
        element('div', { className: `ringkas-field-problem ringkas-${p.severity}` }, [p.message])
      )
    );
    view.node.classList.toggle('ringkas-invalid', problems.some(p => p.severity === 'error'));
  }

  private _changed(view: IFieldView, committed: boolean): void {
    const previous = this._timers.get(view.field.key);
    if (previous) {
      window.clearTimeout(previous);
    }
    this._timers.set(
      view.field.key,
      window.setTimeout(() => void this._check(view), committed ? 0 : 300)
    );
    if (committed) {
      this.onCommit();
    }
  }

  private async _check(view: IFieldView): Promise<void> {
    const value = fromForm(view.field, view.read());
    try {
      const answer = await api<{ problems: IProblem[] }>('field/check', {
        key: view.field.key,
        value,
        path: this._path,
        lang: this._lang
      });
      this._render(view, answer.problems);
    } catch (error) {
      this._render(view, [
        { severity: 'error', message: String((error as Error).message), cell: null, field: view.field.key, line: null }
      ]);
    }
  }

  private _build(field: IFieldSpec, value: FormValue | undefined): IFieldView {
    const node = element('div', { className: `ringkas-field ringkas-kind-${field.kind}` });
    node.dataset.key = field.key;
    const label = element('label', { htmlFor: fieldId(field.key), className: 'ringkas-label' }, [
      field.label + (field.required ? ' *' : '')
    ]);
    const problems = element('div', { className: 'ringkas-field-problems' });
    const view: IFieldView = { field, node, problems, read: () => '' };
    const input = this._inputs(field, value, view);
    node.append(label, input);
    if (field.help) {
      node.append(element('div', { className: 'ringkas-help' }, [field.help]));
    }
    node.append(problems);
    node.addEventListener('input', () => this._changed(view, false));
    node.addEventListener('change', () => this._changed(view, true));
    return view;
  }

  private _inputs(field: IFieldSpec, value: FormValue | undefined, view: IFieldView): HTMLElement {
    const id = fieldId(field.key);
    switch (field.kind) {
      case 'date': {
        const input = element('input', { type: 'date', id, value: (value as string) ?? '' });
        view.read = () => input.value;
        return input;
      }
      case 'choice': {
        const select = element('select', { id });
        const current = (value as string) ?? '';
        const options = [{ value: '', label: '—' }, ...(field.choices ?? [])];
        if (current && !options.some(o => o.value === current)) {
          options.push({ value: current, label: current });
        }
        for (const choice of options) {
          select.append(element('option', { value: choice.value, selected: choice.value === current }, [choice.label]));
        }
        view.read = () => select.value;
        return select;
      }
      case 'choices': {
        const box = element('div', { id, className: 'ringkas-choices' });
        const chosen = new Set((value as string[]) ?? []);
        const choices = [...(field.choices ?? [])];
        for (const extra of chosen) {
          if (!choices.some(c => c.value === extra)) {
            choices.push({ value: extra, label: extra });
          }
        }
        for (const choice of choices) {
          const check = element('input', { type: 'checkbox', value: choice.value, checked: chosen.has(choice.value) });
          box.append(element('label', { className: 'ringkas-choice' }, [check, choice.label]));
        }
        view.read = () =>
          Array.from(box.querySelectorAll('input:checked')).map(i => (i as HTMLInputElement).value);
        return box;
      }
      case 'list': {
        const area = element('textarea', { id, rows: 3, value: ((value as string[]) ?? []).join('\n') });
        area.placeholder = t(this._lang, 'listHelp');
        view.read = () => linesToList(area.value);
        return area;
      }
      case 'region': {
        const region = (value as IRegion) ?? { name: '', bps_code: '' };
        const name = element('input', { type: 'text', id, value: region.name });
        name.placeholder = t(this._lang, 'regionName');
        const code = element('input', { type: 'text', id: `${id}-bps_code`, value: region.bps_code, className: 'ringkas-bps' });
        code.placeholder = t(this._lang, 'bpsCode');
        code.inputMode = 'numeric';
        view.read = () => ({ name: name.value, bps_code: code.value });
        return element('div', { className: 'ringkas-region' }, [name, code]);
      }
      case 'people':
        return this._people(id, (value as IPerson[]) ?? [], view);
      default: {
        const input = element('input', { type: 'text', id, value: (value as string) ?? '' });
        view.read = () => input.value;
        return input;
      }
    }
  }

  private _people(id: string, people: IPerson[], view: IFieldView): HTMLElement {
    const box = element('div', { id, className: 'ringkas-people' });
    const rows = element('div');
    const addRow = (person: IPerson) => {
      const name = element('input', { type: 'text', value: person.name, className: 'ringkas-person-name' });
      name.placeholder = t(this._lang, 'name');
      const position = element('input', { type: 'text', value: person.position, className: 'ringkas-person-position' });
      position.placeholder = t(this._lang, 'position');
      const remove = element('button', { type: 'button', className: 'ringkas-link' }, [t(this._lang, 'remove')]);
      const row = element('div', { className: 'ringkas-person' }, [name, position, remove]);
      remove.addEventListener('click', () => {
        row.remove();
        this._changed(view, true);
      });
      rows.append(row);
    };
    people.forEach(addRow);
    const add = element('button', { type: 'button', className: 'ringkas-link' }, [t(this._lang, 'addPerson')]);
    add.addEventListener('click', () => addRow({ name: '', position: '' }));
    view.read = () =>
      Array.from(rows.querySelectorAll('.ringkas-person')).map(row => ({
        name: (row.querySelector('.ringkas-person-name') as HTMLInputElement).value,
        position: (row.querySelector('.ringkas-person-position') as HTMLInputElement).value
      }));
    box.append(rows, add);
    return box;
  }
}
