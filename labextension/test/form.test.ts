/** The front matter form <-> values mapping (src/form.ts), in Node's own test runner. */

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { changedValues, formValues, fromForm, IFieldSpec, linesToList, toDateInput, toForm } from '../src/form';

function spec(key: string, kind: IFieldSpec['kind']): IFieldSpec {
  return { key, label: key, kind, required: false, choices: null, help: '' };
}

const FIELDS: IFieldSpec[] = [
  spec('title', 'text'),
  spec('date', 'date'),
  spec('kind', 'choice'),
  spec('host', 'region'),
  spec('themes', 'choices'),
  spec('participants', 'list'),
  spec('received_by', 'people')
];

const PARSED = {
  title: 'Studi Referensi ke Kabupaten Banyuwangi',
  date: '2022-11-28',
  kind: 'studi-referensi',
  host: { name: 'Kabupaten Banyuwangi', bps_code: '3510' },
  themes: ['kemiskinan', 'sdm'],
  participants: ['Ani, Kepala Bidang', 'Budi, Staf'],
  received_by: [{ name: 'Sekretaris Daerah', position: 'Sekda' }, 'Kepala Bappeda']
};

test('parsed values become what the inputs show', () => {
  const form = formValues(FIELDS, PARSED);
  assert.equal(form.title, 'Studi Referensi ke Kabupaten Banyuwangi');
  assert.deepEqual(form.host, { name: 'Kabupaten Banyuwangi', bps_code: '3510' });
  assert.deepEqual(form.received_by, [
    { name: 'Sekretaris Daerah', position: 'Sekda' },
    { name: 'Kepala Bappeda', position: '' }
  ]);
  assert.deepEqual(form.participants, ['Ani, Kepala Bidang', 'Budi, Staf']);
});

test('missing keys become empty inputs, not the text "undefined"', () => {
  const form = formValues(FIELDS, {});
  assert.equal(form.title, '');
  assert.equal(form.date, '');
  assert.deepEqual(form.themes, []);
  assert.deepEqual(form.host, { name: '', bps_code: '' });
  assert.deepEqual(form.received_by, []);
});

test('a date-time or a bare date both give the date picker its YYYY-MM-DD', () => {
  assert.equal(toDateInput('2022-11-28T00:00:00'), '2022-11-28');
  assert.equal(toDateInput('2022-11-28'), '2022-11-28');
  assert.equal(toDateInput(null), '');
  assert.equal(toDateInput('besok'), 'besok'); // kept, so the check names what was typed
});

test('unchanged form: nothing to write', () => {
  assert.deepEqual(changedValues(FIELDS, PARSED, formValues(FIELDS, PARSED)), {});
});

test('only the changed keys are written, with the value the YAML should hold', () => {
  const form = formValues(FIELDS, PARSED);
  form.title = '  Judul Baru  ';
  form.host = { name: 'Kabupaten Banyuwangi', bps_code: '' };
  form.received_by = [
    { name: 'Sekretaris Daerah', position: 'Sekda' },
    { name: 'Kepala Bappeda', position: '' },
    { name: '', position: 'tanpa nama' }
  ];
  assert.deepEqual(changedValues(FIELDS, PARSED, form), {
    title: 'Judul Baru',
    host: { name: 'Kabupaten Banyuwangi' }
  });
});

test('an emptied field is written as null (the server removes its value)', () => {
  const form = formValues(FIELDS, PARSED);
  form.themes = [];
  form.participants = [];
  assert.deepEqual(changedValues(FIELDS, PARSED, form), { themes: null, participants: null });
});

test('list lines: trimmed, blank lines dropped', () => {
  assert.deepEqual(linesToList(' satu \n\n dua\r\n'), ['satu', 'dua']);
  assert.deepEqual(fromForm(spec('sources', 'list'), ['a', ' ', 'b ']), ['a', 'b']);
});

test('a region given as plain text shows as its name', () => {
  assert.deepEqual(toForm(spec('home', 'region'), 'Kabupaten Grobogan'), { name: 'Kabupaten Grobogan', bps_code: '' });
});
