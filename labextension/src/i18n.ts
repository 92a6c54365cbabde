/** The panel's own words, Indonesian first, English beside it. */

export type Lang = 'id' | 'en';

const WORDS: Record<string, [string, string]> = {
  panelTitle: ['Kunjungan', 'Visit'],
  notVisit: ['Buku catatan ini bukan catatan kunjungan.', 'This notebook is not a visit.'],
  noNotebook: ['Buka catatan kunjungan untuk mengisinya di sini.', 'Open a visit notebook to fill it in here.'],
  frontMatter: ['Data kunjungan', 'Visit details'],
  save: ['Simpan ke catatan', 'Save into the notebook'],
  saved: ['Tersimpan di sel data kunjungan (belum disimpan ke berkas).', 'Written into the front matter cell (not yet saved to the file).'],
  noChange: ['Tidak ada yang berubah.', 'Nothing changed.'],
  noFrontMatter: ['Sel data kunjungan (sel raw di awal, diawali ---) tidak ditemukan.', 'No front matter cell (a raw cell at the top, starting with ---).'],
  status: ['Status', 'Status'],
  review: ['Tandai sudah ditinjau…', 'Mark reviewed…'],
  approve: ['Setujui…', 'Approve…'],
  reviewTitle: ['Tinjau kunjungan', 'Review the visit'],
  approveTitle: ['Setujui kunjungan', 'Approve the visit'],
  name: ['Nama', 'Name'],
  position: ['Jabatan', 'Position'],
  nip: ['NIP', 'NIP (civil servant number)'],
  ok: ['Simpan', 'Save'],
  cancel: ['Batal', 'Cancel'],
  problems: ['Masalah', 'Problems'],
  noProblems: ['Tidak ada masalah.', 'No problems.'],
  checkAgain: ['Periksa lagi', 'Check again'],
  cell: ['sel', 'cell'],
  addPerson: ['+ orang', '+ person'],
  remove: ['hapus', 'remove'],
  regionName: ['nama', 'name'],
  bpsCode: ['kode BPS', 'BPS code'],
  listHelp: ['satu per baris', 'one per line'],
  section: ['Bagian', 'Section'],
  setSection: ['Atur bagian sel…', 'Set the cell\'s section…'],
  noSection: ['(tanpa bagian)', '(no section)'],
  chooseSection: ['Pilih bagian untuk sel ini', 'Choose this cell\'s section'],
  addInnovation: ['Tambah inovasi', 'Add an innovation'],
  addRecommendation: ['Tambah rekomendasi', 'Add a recommendation'],
  editTable: ['Ubah tabel…', 'Edit the table…'],
  addRow: ['+ baris', '+ row'],
  tableTitle: ['Ubah tabel', 'Edit the table'],
  notInChoices: ['bukan pilihan yang sah', 'not one of the choices'],
  unreviewed: ['belum ditinjau', 'not reviewed'],
  markReviewed: ['sudah ditinjau', 'reviewed'],
  markReviewedLong: ['Tandai teks impor sudah ditinjau', 'Mark imported text reviewed'],
  preview: ['Pratinjau', 'Preview'],
  openPreview: ['Buka pratinjau di samping', 'Open the preview beside the notebook'],
  reload: ['Muat ulang', 'Reload'],
  newVisit: ['Kunjungan baru…', 'New visit…'],
  importReport: ['Impor laporan…', 'Import a report…'],
  checkVisit: ['Periksa kunjungan ini', 'Check this visit'],
  renderVisit: ['Buat brief kunjungan ini', 'Render this visit'],
  catalogue: ['Buka katalog', 'Open the catalogue'],
  category: ['ringkas', 'ringkas'],
  date: ['Tanggal', 'Date'],
  host: ['Daerah tujuan', 'Host region'],
  title: ['Judul', 'Title'],
  created: ['Dibuat', 'Created'],
  importDone: ['Laporan diimpor', 'Report imported'],
  missing: ['Yang tidak ditemukan dalam laporan:', 'Not found in the report:'],
  rendered: ['Brief dibuat', 'Briefs rendered'],
  chooseFile: ['Pilih berkas laporan (Word, PDF, halaman web)', 'Choose the report file (Word, PDF, web page)'],
  error: ['Galat', 'Error'],
  saving: ['Menyimpan…', 'Saving…'],
  working: ['Sedang diproses…', 'Working…'],
};

export function t(lang: Lang, key: string): string {
  const pair = WORDS[key];
  if (!pair) {
    return key;
  }
  return lang === 'en' ? pair[1] : pair[0];
}

/** The panel's language from JupyterLab's chosen locale: English when it says English. */
export function langFromLocale(locale: string | undefined | null): Lang | undefined {
  if (!locale || locale === 'default') {
    return undefined;
  }
  if (locale.toLowerCase().startsWith('en')) {
    return 'en';
  }
  if (locale.toLowerCase().startsWith('id')) {
    return 'id';
  }
  return undefined;
}
