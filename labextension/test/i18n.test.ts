/** The panel's language from JupyterLab's locale setting (src/i18n.ts). */

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { langFromLocale, t } from '../src/i18n';

test('English when JupyterLab is set to English, Indonesian when set to Indonesian', () => {
  assert.equal(langFromLocale('en'), 'en');
  assert.equal(langFromLocale('en_US'), 'en');
  assert.equal(langFromLocale('id_ID'), 'id');
});

test('the default locale leaves the choice to the server (Indonesian unless RINGKAS_LANG)', () => {
  assert.equal(langFromLocale('default'), undefined);
  assert.equal(langFromLocale(undefined), undefined);
  assert.equal(langFromLocale('fr_FR'), undefined);
});

test('every word has both languages, Indonesian first', () => {
  assert.equal(t('id', 'unreviewed'), 'belum ditinjau');
  assert.equal(t('en', 'unreviewed'), 'not reviewed');
  assert.equal(t('id', 'markReviewed'), 'sudah ditinjau');
});
