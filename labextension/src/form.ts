/**
 * The front matter as form values and back: pure functions, no JupyterLab import, so the
 * unit tests run them in plain Node. The server parses and writes the YAML (ruamel.yaml round
 * trip); this module maps its parsed values onto what the form's inputs hold, and the inputs
 * back onto the values the server writes (only the keys that changed).
 */

export type FieldKind =
  | 'text'
  | 'date'
  | 'choice'
  | 'choices'
  | 'list'
  | 'region'
  | 'people'
  | 'person';

export interface IChoice {
  value: string;
  label: string;
}

export interface IFieldSpec {
  key: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  choices: IChoice[] | null;
  help: string;
}

export interface IRegion {
  name: string;
  bps_code: string;
}

export interface IPerson {
  name: string;
  position: string;
}

/** What one field's inputs hold. */
export type FormValue = string | string[] | IRegion | IPerson[];

export type Values = Record<string, unknown>;
export type FormValues = Record<string, FormValue>;

function text(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'object') {
    return '';
  }
  return String(value);
}

/** A YAML date (or a date-time, or a date the YAML left as text) as an <input type=date> value. */
export function toDateInput(value: unknown): string {
  const raw = text(value).trim();
  const match = /^(\d{4}-\d{2}-\d{2})/.exec(raw);
  return match ? match[1] : raw;
}

/** The lines of a textarea as list items: trimmed, empty lines dropped. */
export function linesToList(lines: string): string[] {
  return lines
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(line => line.length > 0);
}

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) {
    return value;
  }
  if (value === null || value === undefined || value === '') {
    return [];
  }
  return [value];
}

function person(value: unknown): IPerson {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    return { name: text(record.name), position: text(record.position) };
  }
  return { name: text(value), position: '' };
}

/** The parsed YAML value of `field` as the value its inputs show. */
export function toForm(field: IFieldSpec, value: unknown): FormValue {
  switch (field.kind) {
    case 'date':
      return toDateInput(value);
    case 'choices':
    case 'list':
      return asList(value).map(text).filter(item => item.length > 0);
    case 'region': {
      const record =
        value && typeof value === 'object' && !Array.isArray(value)
          ? (value as Record<string, unknown>)
          : { name: value };
      return { name: text(record.name), bps_code: text(record.bps_code) };
    }
    case 'people':
      return asList(value).map(person);
    default:
      return text(value);
  }
}

/**
 * The value to write for what the inputs hold: `null` when the field was emptied (the server
 * then removes or blanks the key), text trimmed, people without a name dropped, a region's
 * BPS code left out when empty.
 */
export function fromForm(field: IFieldSpec, form: FormValue): unknown {
  switch (field.kind) {
    case 'choices':
    case 'list': {
      const items = (form as string[]).map(item => item.trim()).filter(Boolean);
      return items.length ? items : null;
    }
    case 'region': {
      const region = form as IRegion;
      const name = region.name.trim();
      const code = region.bps_code.trim();
      if (!name && !code) {
        return null;
      }
      return code ? { name, bps_code: code } : { name };
    }
    case 'people': {
      const people = (form as IPerson[])
        .map(p => ({ name: p.name.trim(), position: p.position.trim() }))
        .filter(p => p.name.length > 0)
        .map(p => (p.position ? p : { name: p.name }));
      return people.length ? people : null;
    }
    default: {
      const value = (form as string).trim();
      return value.length ? value : null;
    }
  }
}

/** Every field's form value, from the values the server parsed. */
export function formValues(fields: IFieldSpec[], values: Values): FormValues {
  const form: FormValues = {};
  for (const field of fields) {
    form[field.key] = toForm(field, values[field.key]);
  }
  return form;
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The keys whose value changed between what was parsed and what the form holds, mapped to
 * the value to write: what POST front-matter/update takes, so untouched keys keep their
 * exact text, comments and quoting.
 */
export function changedValues(fields: IFieldSpec[], parsed: Values, form: FormValues): Values {
  const changes: Values = {};
  for (const field of fields) {
    if (!(field.key in form)) {
      continue;
    }
    const before = fromForm(field, toForm(field, parsed[field.key]));
    const after = fromForm(field, form[field.key]);
    if (!same(before, after)) {
      changes[field.key] = after;
    }
  }
  return changes;
}
