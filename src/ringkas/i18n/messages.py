"""Every sentence ringkas says to a user, in Indonesian and English.

`say(code, lang, **params)` picks the language and fills the placeholders. A `suggest` param, when
set, appends "did you mean ...". Lists passed as `choices` are joined with commas.
"""

from __future__ import annotations

from collections.abc import Iterable

MESSAGES: dict[str, tuple[str, str]] = {
    # where / severity
    "where.cell": ("sel {cell}", "cell {cell}"),
    "where.field": ("bagian \"{field}\"", "field \"{field}\""),
    "severity.error": ("galat", "error"),
    "severity.warning": ("peringatan", "warning"),
    "hint.did_you_mean": ("Mungkin maksud Anda \"{suggest}\"?", "Did you mean \"{suggest}\"?"),
    # reading the file
    "file.missing": ("berkas tidak ditemukan.", "file not found."),
    "file.unreadable": (
        "berkas tidak dapat dibaca ({detail}).",
        "the file cannot be read ({detail}).",
    ),
    "file.bom": (
        "berkas diawali penanda BOM yang tidak dapat dibaca Jupyter. Simpan ulang sebagai UTF-8 "
        "tanpa BOM, misalnya dari JupyterLab.",
        "the file starts with a byte-order mark (BOM) that Jupyter cannot read. Save it again as "
        "UTF-8 without BOM, for example from JupyterLab.",
    ),
    "file.not_utf8": (
        "berkas bukan teks UTF-8 (byte {position}). Simpan ulang notebook dari JupyterLab.",
        "the file is not UTF-8 text (byte {position}). Save the notebook again from JupyterLab.",
    ),
    "file.not_json": (
        "berkas bukan JSON yang sah (baris {line}, kolom {column}: {detail}). Notebook rusak atau "
        "terpotong; pulihkan dari cadangan atau riwayat git.",
        "the file is not valid JSON (line {line}, column {column}: {detail}). The notebook is "
        "damaged or truncated; restore it from a backup or from git history.",
    ),
    "file.not_notebook": (
        "berkas JSON ini bukan notebook Jupyter ({detail}).",
        "this JSON file is not a Jupyter notebook ({detail}).",
    ),
    "file.old_nbformat": (
        "notebook berformat lama (nbformat {version}). Buka dan simpan ulang di JupyterLab, atau "
        "jalankan: jupyter nbconvert --to notebook --inplace BERKAS",
        "the notebook uses an old format (nbformat {version}). Open and save it in JupyterLab, "
        "or run: jupyter nbconvert --to notebook --inplace FILE",
    ),
    "file.new_nbformat": (
        "notebook berformat nbformat {version}, lebih baru dari yang dapat dibaca ringkas (4). "
        "Simpan ulang dengan JupyterLab 3 atau 4.",
        "the notebook uses nbformat {version}, newer than ringkas reads (4). Save it again with "
        "JupyterLab 3 or 4.",
    ),
    "file.bad_name": (
        "nama berkas \"{name}\" tidak sesuai aturan id kunjungan YYYY-MM-DD-daerah (huruf kecil, "
        "angka dan tanda hubung saja), misalnya 2022-11-28-banyuwangi.ipynb.",
        "file name \"{name}\" does not follow the visit id rule YYYY-MM-DD-host (lower-case "
        "letters, digits and hyphens only), for example 2022-11-28-banyuwangi.ipynb.",
    ),
    "file.bad_id_date": (
        "\"{date}\" pada nama berkas bukan tanggal yang ada.",
        "\"{date}\" in the file name is not a real date.",
    ),
    "file.id_date_mismatch": (
        "tanggal pada id ({id_date}) berbeda dengan tanggal kunjungan di front matter ({date}). "
        "Samakan keduanya.",
        "the date in the id ({id_date}) differs from the visit date in the front matter "
        "({date}). Make them the same.",
    ),
    "file.duplicate_id": (
        "id kunjungan \"{id}\" juga dipakai oleh {other}. Setiap kunjungan perlu id yang unik.",
        "visit id \"{id}\" is also used by {other}. Each visit needs a unique id.",
    ),
    "file.empty": ("notebook tidak berisi sel.", "the notebook has no cells."),
    # front matter
    "fm.missing": (
        "sel pertama harus sel raw berisi front matter YAML di antara baris \"---\". Salin "
        "kerangka dari templates/visit.ipynb atau buat dengan \"ringkas new\".",
        "the first cell must be a raw cell holding YAML front matter between \"---\" lines. "
        "Copy the skeleton from templates/visit.ipynb or create one with \"ringkas new\".",
    ),
    "fm.not_first": (
        "front matter ada di sel {number}; pindahkan ke atas, karena harus menjadi sel pertama.",
        "the front matter is in cell {number}; move it to the top: it must be the first cell.",
    ),
    "fm.bad_yaml": (
        "YAML front matter tidak dapat dibaca (baris {line}: {detail}).",
        "the YAML front matter cannot be read (line {line}: {detail}).",
    ),
    "fm.not_mapping": (
        "front matter harus berupa pasangan \"kunci: nilai\".",
        "the front matter must be a set of \"key: value\" lines.",
    ),
    "fm.unknown_field": (
        "bagian \"{key}\" tidak dikenal. Bagian yang sah: {choices}.",
        "unknown field \"{key}\". Valid fields: {choices}.",
    ),
    "fm.required": (
        "bagian wajib \"{key}\" ({label}) belum diisi.",
        "required field \"{key}\" ({label}) is missing.",
    ),
    "fm.expected": (
        "bagian \"{key}\" ({label}) belum diisi.",
        "field \"{key}\" ({label}) is not filled in yet.",
    ),
    "fm.not_scalar": (
        "harus berupa satu nilai, bukan daftar atau pasangan \"kunci: nilai\".",
        "must be a single value, not a list or \"key: value\" lines.",
    ),
    "fm.not_date": (
        "\"{value}\" bukan tanggal. Tulis sebagai YYYY-MM-DD, misalnya 2022-11-28.",
        "\"{value}\" is not a date. Write it as YYYY-MM-DD, for example 2022-11-28.",
    ),
    "fm.bad_choice": (
        "nilai \"{value}\" tidak dikenal. Pilihan: {choices}.",
        "unknown value \"{value}\". Choose one of: {choices}.",
    ),
    "fm.not_list": (
        "harus berupa daftar (baris yang diawali \"- \").",
        "must be a list (lines starting with \"- \").",
    ),
    "fm.region_not_mapping": (
        "harus memuat \"name\" (dan boleh \"bps_code\"), misalnya\n  name: Kabupaten Banyuwangi\n"
        "  bps_code: \"3510\"",
        "must hold \"name\" (and may hold \"bps_code\"), for example\n  name: Kabupaten Banyuwangi\n"
        "  bps_code: \"3510\"",
    ),
    "fm.bad_bps_code": (
        "kode BPS \"{value}\" harus 2 atau 4 angka, misalnya \"3510\".",
        "BPS code \"{value}\" must be 2 or 4 digits, for example \"3510\".",
    ),
    "fm.approved_without_approver": (
        "status \"approved\" memerlukan \"approved_by\": siapa yang menyetujui.",
        "status \"approved\" needs \"approved_by\": who approved it.",
    ),
    # parameters
    "param.missing": (
        "tidak ada sel kode bertag \"parameters\". Tambahkan sel berisi\n  lang = \"id\"  # id | en\n"
        "  audience = \"pimpinan\"  # pimpinan | teknis\ndan beri tag \"parameters\".",
        "no code cell is tagged \"parameters\". Add a cell holding\n  lang = \"id\"  # id | en\n"
        "  audience = \"pimpinan\"  # pimpinan | teknis\nand tag it \"parameters\".",
    ),
    "param.duplicate": (
        "lebih dari satu sel bertag \"parameters\" (juga sel {other}). Sisakan satu.",
        "more than one cell is tagged \"parameters\" (cell {other} too). Keep one.",
    ),
    "param.syntax": (
        "sel parameters bukan Python yang sah (baris {line}: {detail}).",
        "the parameters cell is not valid Python (line {line}: {detail}).",
    ),
    "param.not_literal": (
        "baris {line}: sel parameters hanya boleh berisi \"nama = nilai\" sederhana (teks dalam "
        "tanda kutip, angka, daftar). Pindahkan import dan perhitungan ke sel kode di bawahnya.",
        "line {line}: the parameters cell may only hold plain \"name = value\" lines (text in "
        "quotes, numbers, lists). Move imports and computations to a code cell below it.",
    ),
    "param.required": (
        "parameter \"{name}\" belum ada. Tambahkan: {name} = \"{default}\"",
        "parameter \"{name}\" is missing. Add: {name} = \"{default}\"",
    ),
    "param.bad_value": (
        "nilai {value} tidak diizinkan. Pilihan: {choices}.",
        "value {value} is not allowed. Choose one of: {choices}.",
    ),
    "param.unknown": (
        "parameter \"{name}\" tidak dikenal oleh ringkas dan akan diabaikan. Parameter yang dikenal: "
        "{choices}.",
        "parameter \"{name}\" is not known to ringkas and will be ignored. Known parameters: "
        "{choices}.",
    ),
    # tags and sections
    "tag.unknown": (
        "tag \"{tag}\" tidak dikenal. Tag yang sah: {choices}.",
        "unknown tag \"{tag}\". Valid tags: {choices}.",
    ),
    "tag.wrong_cell_type": (
        "tag \"{tag}\" harus berada pada sel {expected}, bukan sel {actual}.",
        "tag \"{tag}\" belongs on a {expected} cell, not a {actual} cell.",
    ),
    "tag.two_sections": (
        "sel ini memiliki dua tag bagian ({tags}). Beri satu tag saja.",
        "this cell has two section tags ({tags}). Give it one.",
    ),
    "section.missing": (
        "bagian wajib \"{tag}\" ({label}) tidak ada. Tambahkan sel markdown bertag \"{tag}\".",
        "required section \"{tag}\" ({label}) is missing. Add a markdown cell tagged \"{tag}\".",
    ),
    "section.duplicate": (
        "bagian \"{tag}\" muncul lagi (juga di sel {other}). Gabungkan ke satu sel.",
        "section \"{tag}\" appears again (also in cell {other}). Merge them into one cell.",
    ),
    "section.empty": (
        "bagian \"{tag}\" ({label}) masih kosong.",
        "section \"{tag}\" ({label}) is still empty.",
    ),
    "section.blank": (
        "bagian wajib \"{tag}\" ({label}) kosong: selnya tidak berisi apa pun. Tulis isinya; "
        "brief tidak dibuat tanpa bagian ini.",
        "required section \"{tag}\" ({label}) is blank: its cell holds nothing. Write it; no "
        "brief is made without this section.",
    ),
    "section.unwritten": (
        "bagian wajib \"{tag}\" ({label}) belum ditulis, baru berisi petunjuk. Boleh selama "
        "status \"draft\"; tulis sebelum status dinaikkan.",
        "required section \"{tag}\" ({label}) is not written yet, only its guidance is there. "
        "That is fine while the status is \"draft\"; write it before raising the status.",
    ),
    "section.unwritten_final": (
        "bagian wajib \"{tag}\" ({label}) belum ditulis, padahal status naskah \"{status}\". "
        "Tulis bagian ini, atau kembalikan status ke \"draft\".",
        "required section \"{tag}\" ({label}) is not written yet, but the status is "
        "\"{status}\". Write this section, or set the status back to \"draft\".",
    ),
    "section.absent": (
        "bagian \"{tag}\" ({label}) tidak ada; brief akan tampil tanpa bagian ini.",
        "section \"{tag}\" ({label}) is absent; briefs will go without it.",
    ),
    # innovations
    "innovation.no_name": (
        "sel inovasi harus diawali judul berisi nama inovasi, misalnya \"### Rantang Kasih\".",
        "an innovation cell must start with a heading naming the innovation, for example "
        "\"### Rantang Kasih\".",
    ),
    "innovation.unknown_field": (
        "isian \"{key}\" tidak dikenal. Isian yang sah: {choices}.",
        "unknown field \"{key}\". Valid fields: {choices}.",
    ),
    "innovation.duplicate_field": (
        "isian \"{key}\" ditulis dua kali.",
        "field \"{key}\" is written twice.",
    ),
    "innovation.bad_year": (
        "\"{value}\" bukan tahun. Tulis empat angka, misalnya 2017.",
        "\"{value}\" is not a year. Write four digits, for example 2017.",
    ),
    "innovation.duplicate_name": (
        "inovasi \"{name}\" sudah dicatat di sel {other}.",
        "innovation \"{name}\" is already recorded in cell {other}.",
    ),
    # evidence
    "evidence.no_source": (
        "sel evidence harus menyebut sumber datanya pada baris komentar, misalnya\n"
        "  # Sumber: BPS, Persentase Penduduk Miskin (Maret)",
        "an evidence cell must name its data source in a comment line, for example\n"
        "  # Source: BPS, Percentage of poor population (March)",
    ),
    # risky code (ringkas.notebook.risky): warnings, with the line in the cell and the name used
    "risky.network": (
        "baris {line}: kode memakai \"{name}\", yang mengakses jaringan. Brief harus dapat dibuat "
        "ulang dari data/: unduh datanya sekali ke data/ beserta sumbernya, lalu baca dari sana.",
        "line {line}: the code uses \"{name}\", which reaches the network. A brief must be "
        "reproducible from data/: download the data into data/ once, with its source, and read "
        "it from there.",
    ),
    "risky.files": (
        "baris {line}: kode memakai \"{name}\", yang menulis, memindahkan atau menghapus berkas "
        "atau menjalankan program lain. Sel kode cukup membaca dari data/; periksa kode ini "
        "sebelum merender, atau render dengan --no-execute.",
        "line {line}: the code uses \"{name}\", which writes, moves or deletes files or runs "
        "other programs. Code cells only need to read from data/; read this code before "
        "rendering, or render with --no-execute.",
    ),
    "risky.shell": (
        "baris {line}: \"{name}\" menjalankan perintah shell, yang dapat mengubah berkas apa pun. "
        "Kerjakan dengan Python pada berkas di data/, atau periksa perintahnya sebelum merender.",
        "line {line}: \"{name}\" runs a shell command, which can change any file. Do the work "
        "in Python on files under data/, or read the command before rendering.",
    ),
    "risky.path": (
        "baris {line}: jalur \"{name}\" menunjuk ke luar folder data/ proyek. Baca data dari "
        "data/ dengan jalur relatif, misalnya data/indicators/kemiskinan.csv.",
        "line {line}: the path \"{name}\" points outside the project's data/ folder. Read data "
        "from data/ with a relative path, for example data/indicators/kemiskinan.csv.",
    ),
    "risky.dynamic": (
        "baris {line}: \"{name}\" menjalankan kode yang disusun dari teks, yang tidak dapat "
        "diperiksa ringkas. Tulis kodenya langsung di sel.",
        "line {line}: \"{name}\" runs code built from text, which ringkas cannot check. Write "
        "the code out in the cell.",
    ),
    "font.missing": (
        "tidak ada fon di komputer ini untuk {chars}; PDF akan menampilkan kotak atau "
        "melewatkannya. Pasang fon yang memuat aksara itu (misalnya keluarga Noto), atau tulis "
        "dengan huruf Latin.",
        "no font on this computer has {chars}; the PDF will show boxes or leave them out. "
        "Install a font that covers that script (the Noto family, for example), or write it in "
        "Latin letters.",
    ),
    # tables
    "table.missing": (
        "bagian ini harus memuat tabel markdown dengan kolom: {columns}.",
        "this section must hold a markdown table with the columns: {columns}.",
    ),
    "table.missing_columns": (
        "tabel tidak memiliki kolom {missing}. Kolom yang diperlukan: {columns}.",
        "the table lacks the column(s) {missing}. Required columns: {columns}.",
    ),
    "table.extra_columns": (
        "kolom {extra} tidak dikenal. Kolom yang sah: {columns}.",
        "unknown column(s) {extra}. Valid columns: {columns}.",
    ),
    "table.duplicate_column": (
        "kolom \"{column}\" muncul dua kali. Hapus salah satunya.",
        "column \"{column}\" appears twice. Remove one of them.",
    ),
    "table.row_width": (
        "baris tabel {row} memiliki {actual} kolom, seharusnya {expected}. Tulis | di dalam sel "
        "sebagai \\|.",
        "table row {row} has {actual} columns, expected {expected}. Write a | inside a cell as "
        "\\|.",
    ),
    "table.empty_value": (
        "baris tabel {row}: kolom \"{column}\" tidak boleh kosong.",
        "table row {row}: column \"{column}\" must not be empty.",
    ),
    "table.bad_choice": (
        "baris tabel {row}: nilai \"{value}\" pada kolom \"{column}\" tidak dikenal. Pilihan: "
        "{choices}.",
        "table row {row}: unknown value \"{value}\" in column \"{column}\". Choose one of: "
        "{choices}.",
    ),
    "table.bad_timeline": (
        "baris tabel {row}: waktu \"{value}\" tidak dikenal. Tulis tahun (2023), semester "
        "(2023-S1), triwulan (2023-Q2), bulan (2023-06) atau tanggal (2023-06-30).",
        "table row {row}: timeline \"{value}\" is not understood. Write a year (2023), a half "
        "(2023-S1), a quarter (2023-Q2), a month (2023-06) or a day (2023-06-30).",
    ),
    "table.no_rows": (
        "tabel belum berisi baris.",
        "the table has no rows yet.",
    ),
    "table.no_rows_final": (
        "tabel rekomendasi belum berisi baris, padahal status naskah bukan \"draft\". Tulis "
        "setidaknya satu rekomendasi, atau kembalikan status ke \"draft\".",
        "the recommendations table has no rows, but the status is not \"draft\". Write at least "
        "one recommendation, or set the status back to \"draft\".",
    ),
    "table.missing_lead_opd": (
        "baris tabel {row}: OPD pengampu belum ditetapkan.",
        "table row {row}: no lead agency assigned yet.",
    ),
    # the CLI
    "cli.no_visits": (
        "tidak ada notebook kunjungan di {path}. Buat dengan: ringkas new --date ... --host ... "
        "--title ...",
        "no visit notebooks in {path}. Create one with: ringkas new --date ... --host ... "
        "--title ...",
    ),
    "cli.path_missing": ("{path} tidak ditemukan.", "{path} not found."),
    "cli.check_ok": ("{path}: sesuai format.", "{path}: follows the format."),
    "cli.check_summary": (
        "{files} notebook diperiksa: {errors} galat, {warnings} peringatan.",
        "{files} notebook(s) checked: {errors} error(s), {warnings} warning(s).",
    ),
    "cli.visit_line": ("{id}  {date}  {host}  [{status}]  {title}",
                       "{id}  {date}  {host}  [{status}]  {title}"),
    "new.exists": (
        "{path} sudah ada; ringkas tidak menimpa notebook yang ada. Pilih tanggal atau nama daerah "
        "lain, atau hapus berkas itu lebih dulu.",
        "{path} already exists; ringkas never overwrites a notebook. Choose another date or host "
        "name, or delete that file first.",
    ),
    "new.bad_date": (
        "--date \"{value}\" bukan tanggal. Tulis sebagai YYYY-MM-DD.",
        "--date \"{value}\" is not a date. Write it as YYYY-MM-DD.",
    ),
    "new.bad_host": (
        "--host \"{value}\" tidak menghasilkan nama id yang sah; gunakan huruf latin.",
        "--host \"{value}\" does not give a valid id; use Latin letters.",
    ),
    "new.created": (
        "Notebook kunjungan dibuat: {path}\nBuka di JupyterLab, isi setiap bagian, lalu periksa "
        "dengan: ringkas check {path}",
        "Visit notebook created: {path}\nOpen it in JupyterLab, fill in each section, then check "
        "it with: ringkas check {path}",
    ),
    # rendering
    "render.cell_failed": (
        "kunjungan {visit}, sel {cell}: {ename}: {evalue}",
        "visit {visit}, cell {cell}: {ename}: {evalue}",
    ),
    "render.cell_exited": (
        "kunjungan {visit}, sel {cell}: sel memanggil sys.exit({status}), yang menghentikan "
        "notebook. Bangkitkan exception dengan pesan yang jelas, atau hapus panggilan itu.",
        "visit {visit}, cell {cell}: the cell called sys.exit({status}), which stops the notebook. "
        "Raise an exception with a clear message instead, or remove the call.",
    ),
    "render.timeout": (
        "kunjungan {visit}, sel {cell}: sel berjalan lebih dari {seconds} detik dan dihentikan. "
        "Percepat kodenya (misalnya baca data yang lebih kecil), atau render dengan --timeout "
        "yang lebih besar.",
        "visit {visit}, cell {cell}: the cell ran for more than {seconds} seconds and was "
        "stopped. Make its code faster (read less data, for example), or render with a larger "
        "--timeout.",
    ),
    "render.kernel_died": (
        "kunjungan {visit}, sel {cell}: kernel Python berhenti saat menjalankan sel ini (kodenya "
        "mengakhiri proses, misalnya dengan os._exit, crash, atau kehabisan memori). Kunjungan "
        "lain tetap dirender dengan kernel baru; perbaiki sel ini.",
        "visit {visit}, cell {cell}: the Python kernel stopped while running this cell (its code "
        "ended the process, with os._exit for example, crashed or ran out of memory). Other "
        "visits still render in a new kernel; fix this cell.",
    ),
    "render.worker_died": (
        "kunjungan {visit}: proses perender berhenti mendadak ({detail}).",
        "visit {visit}: the rendering process stopped unexpectedly ({detail}).",
    ),
    "render.unexpected": (
        "kunjungan {visit}: gagal dirender ({detail}). Laporkan ini sebagai bug.",
        "visit {visit}: rendering failed ({detail}). Please report this as a bug.",
    ),
    "render.summary": (
        "Selesai dalam {seconds} detik: {rendered} dirender, {skipped} dilewati (tidak berubah), "
        "{failed} gagal.",
        "Done in {seconds} s: {rendered} rendered, {skipped} skipped (unchanged), {failed} failed.",
    ),
    "render.failed_header": ("Gagal:", "Failed:"),
    "render.removed": (
        "Brief kunjungan {visit} dihapus karena notebooknya tidak ada lagi.",
        "Removed the briefs of visit {visit}: its notebook is gone.",
    ),
    "render.catalog": ("Katalog: {path}", "Catalogue: {path}"),
    "render.unknown_visit": (
        "kunjungan \"{value}\" tidak ditemukan di {folder}. Kunjungan yang ada: {choices}.",
        "visit \"{value}\" not found in {folder}. Known visits: {choices}.",
    ),
    "render.synthesis_moved": (
        "ringkas render --synthesis kini perintah tersendiri: {command}",
        "ringkas render --synthesis is now a command of its own: {command}",
    ),
    "render.lang_moved": (
        "ringkas render --lang tidak dipakai lagi. Bahasa brief: --brief-lang (misalnya "
        "ringkas render --brief-lang {value}); bahasa pesan: sebelum perintah (ringkas --lang en "
        "render).",
        "ringkas render --lang is no longer used. Brief languages: --brief-lang (for example "
        "ringkas render --brief-lang {value}); message language: before the command (ringkas "
        "--lang en render).",
    ),
    # cross-visit synthesis (ringkas synthesize)
    "synthesis.bad_since": (
        "--since \"{value}\" bukan tahun atau tanggal; tulis misalnya 2022, 2022-06 atau "
        "2022-06-01.",
        "--since \"{value}\" is not a year or a date; write for example 2022, 2022-06 or "
        "2022-06-01.",
    ),
    "synthesis.no_notebook": (
        "notebook sintesis {path} tidak ditemukan. Salin notebooks/knowledge-base.ipynb dari "
        "repositori ringkas ke proyek ini.",
        "the synthesis notebook {path} was not found. Copy notebooks/knowledge-base.ipynb from "
        "the ringkas repository into this project.",
    ),
    "synthesis.cell_failed": (
        "{path}, sel {cell}: {ename}: {evalue}",
        "{path}, cell {cell}: {ename}: {evalue}",
    ),
    "synthesis.written": ("Sintesis: {path}", "Synthesis: {path}"),
    # search and follow-up
    "search.unbalanced_quote": (
        "kueri pencarian tidak dapat dibaca: {query}\nTanda kutip tidak berpasangan; tutup frasa "
        "dengan tanda kutip kedua, misalnya: \"pelayanan publik\"",
        "the search query cannot be read: {query}\nA quotation mark is not closed; end the "
        "phrase with a second one, for example: \"public services\"",
    ),
    "search.bad_syntax": (
        "kueri pencarian tidak dapat dibaca: {query}\nAND, OR dan NOT perlu kata di kedua "
        "sisinya, dan setiap kurung perlu ditutup. Contoh kueri yang sah: kemiskinan desa | "
        "\"pelayanan publik\" | miskin OR rentan | miskin* | lansia NOT anak",
        "the search query cannot be read: {query}\nAND, OR and NOT need a word on each side, "
        "and every parenthesis must be closed. Examples of valid queries: poverty village | "
        "\"public services\" | poor OR vulnerable | poverty* | elderly NOT children",
    ),
    "search.empty_query": (
        "kueri pencarian kosong. Tulis kata yang dicari, misalnya: ringkas search kemiskinan",
        "the search query is empty. Write the words to look for, for example: ringkas search "
        "poverty",
    ),
    "search.unknown_theme": (
        "tema \"{value}\" tidak dikenal. Tema yang sah: {choices}.",
        "unknown theme \"{value}\". Valid themes: {choices}.",
    ),
    "search.index_failed": (
        "indeks pencarian {path} tidak dapat ditulis ({detail}). Periksa izin folder dan ruang "
        "disk.",
        "the search index {path} cannot be written ({detail}). Check the folder's permissions "
        "and free disk space.",
    ),
    "search.rebuilt": (
        "Indeks pencarian diperbarui: {documents} dokumen dari {visits} kunjungan, {seconds} "
        "detik.",
        "Search index rebuilt: {documents} documents from {visits} visit(s), {seconds} s.",
    ),
    "search.no_results": ("Tidak ada hasil untuk {query}{filters}.",
                          "No results for {query}{filters}."),
    "search.with_filters": (" dengan filter {filters}", " with filters {filters}"),
    "search.count": ("{count} hasil untuk {query}.", "{count} result(s) for {query}."),
    "search.kind.visit": ("kunjungan", "visit"),
    "search.kind.innovation": ("inovasi", "innovation"),
    "search.kind.recommendation": ("rekomendasi", "recommendation"),
    "search.kind.role": ("peran", "role"),
    "followup.unassigned": ("belum ditetapkan", "not yet assigned"),
    "followup.overdue": ("TERLAMBAT", "OVERDUE"),
    "followup.no_due": ("tanpa tenggat", "no due date"),
    "followup.group": ("{opd} ({count})", "{opd} ({count})"),
    "followup.line": (
        "  {mark}{recommendation}\n      {visit} no. {number} · {status} · tenggat {due}",
        "  {mark}{recommendation}\n      {visit} no. {number} · {status} · due {due}",
    ),
    "followup.summary": (
        "{open} rekomendasi terbuka, {overdue} terlambat per {today}.",
        "{open} open recommendation(s), {overdue} overdue as of {today}.",
    ),
    "followup.none": ("Tidak ada rekomendasi terbuka{filters} per {today}.",
                      "No open recommendations{filters} as of {today}."),
    "followup.none_overdue": ("Tidak ada rekomendasi yang terlambat{filters} per {today}.",
                              "No overdue recommendations{filters} as of {today}."),
    "followup.for_opd": (" untuk OPD \"{opd}\"", " for agency \"{opd}\""),
    "followup.bad_target": (
        "{path}: akhiri nama berkas dengan .xlsx.",
        "{path}: end the file name with .xlsx.",
    ),
    "followup.written": ("Tabel tindak lanjut ditulis: {path}", "Follow-up table written: {path}"),
    "followup.sheet": ("Tindak lanjut", "Follow-up"),
    "followup.col.visit": ("Kunjungan", "Visit"),
    "followup.col.number": ("No.", "No."),
    "followup.col.due": ("Tenggat", "Due"),
    "followup.col.overdue": ("Terlambat", "Overdue"),
    "kb.exported": ("Diekspor: {path}", "Exported: {path}"),
    "kb.bad_target": (
        "{path}: akhiri nama berkas dengan .xlsx, atau tambahkan --csv untuk menulis folder CSV.",
        "{path}: end the file name with .xlsx, or add --csv to write a folder of CSV files.",
    ),
    "kb.target_is_file": (
        "{path} adalah berkas, bukan folder. --csv menulis satu berkas CSV per tabel ke sebuah "
        "folder; pilih nama folder.",
        "{path} is a file, not a folder. --csv writes one CSV file per table into a folder; "
        "choose a folder name.",
    ),
    "kb.write_failed": (
        "{path} tidak dapat ditulis ({detail}). Periksa izin folder dan ruang disk, dan tutup "
        "berkas itu bila sedang dibuka di Excel.",
        "{path} cannot be written ({detail}). Check the folder's permissions and free disk "
        "space, and close the file if it is open in Excel.",
    ),
    "kb.skipped": (
        "{path}: tidak dimasukkan karena tidak sesuai format ({errors} galat). Lihat rinciannya "
        "dengan: ringkas check {path}",
        "{path}: left out because it breaks the format ({errors} error(s)). See the details "
        "with: ringkas check {path}",
    ),
    "kb.summary_line": ("{table}: {rows} baris", "{table}: {rows} row(s)"),
    "kb.summary_followup": (
        "rekomendasi terbuka: {open}, lewat waktu: {overdue}",
        "open recommendations: {open}, overdue: {overdue}",
    ),
}


def _fmt(value: object) -> object:
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(str(v) for v in value)
    return value


def say(code: str, lang: str = "id", **params: object) -> str:
    """The message `code` in `lang` (Indonesian unless "en"), placeholders filled."""
    template = MESSAGES[code][1 if lang == "en" else 0]
    suggest = params.pop("suggest", None)
    text = template.format(**{k: _fmt(v) for k, v in params.items()})
    if suggest:
        hint = MESSAGES["hint.did_you_mean"][1 if lang == "en" else 0].format(suggest=suggest)
        text = f"{text} {hint}"
    return text


def quoted(values: Iterable[str]) -> list[str]:
    return [f"\"{v}\"" for v in values]
