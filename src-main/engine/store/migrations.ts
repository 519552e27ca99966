/**
 * Numbered schema migrations, applied in order inside one transaction each; PRAGMA user_version
 * records the last applied number. Never edit a released migration: add the next one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: documents, pages, chunks, lexical index, ingestion jobs
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;

  CREATE TABLE documents (
    id         INTEGER PRIMARY KEY,
    sha256     TEXT NOT NULL UNIQUE,
    path       TEXT NOT NULL,
    title      TEXT NOT NULL,
    kind       TEXT NOT NULL CHECK (kind IN ('pdf', 'text', 'markdown', 'image')),
    bytes      INTEGER NOT NULL,
    page_count INTEGER NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('indexing', 'ready', 'error')),
    error      TEXT,
    added_at   TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;

  CREATE TABLE pages (
    doc_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    page_no INTEGER NOT NULL,
    source  TEXT NOT NULL CHECK (source IN ('text', 'ocr', 'none')),
    status  TEXT NOT NULL CHECK (status IN ('indexed', 'needs_ocr', 'error')),
    text    TEXT NOT NULL,
    lines   TEXT NOT NULL,            -- JSON [{start,end,box?}]
    width   REAL,
    height  REAL,
    error   TEXT,
    ocr_ms  REAL,
    -- A rowid table: page rows are large, and WITHOUT ROWID tables store large rows poorly (≈ 4 KB each).
    UNIQUE (doc_id, page_no)
  ) STRICT;

  CREATE TABLE chunks (
    id      INTEGER PRIMARY KEY,
    doc_id  INTEGER NOT NULL,
    page_no INTEGER NOT NULL,
    start   INTEGER NOT NULL,
    end     INTEGER NOT NULL,
    text    TEXT NOT NULL,
    boxes   TEXT NOT NULL,            -- JSON [{x,y,w,h}]
    FOREIGN KEY (doc_id, page_no) REFERENCES pages(doc_id, page_no) ON DELETE CASCADE
  ) STRICT;
  CREATE INDEX chunks_by_page ON chunks(doc_id, page_no);

  -- Contentless: the text lives in chunks; tokens are made in JS (text/tokens.ts).
  CREATE VIRTUAL TABLE chunks_fts USING fts5(
    title, grams, chars,
    content = '', contentless_delete = 1,
    tokenize = 'unicode61 remove_diacritics 0'
  );
  CREATE TRIGGER chunks_fts_delete AFTER DELETE ON chunks BEGIN
    DELETE FROM chunks_fts WHERE rowid = old.id;
  END;

  -- Document frequencies for query-time BM25 (search/weighted-bm25.ts).
  CREATE VIRTUAL TABLE chunks_vocab USING fts5vocab(chunks_fts, 'col');

  -- Corpus size and length, kept by triggers so a query never scans chunks.
  CREATE TABLE corpus_stats (id INTEGER PRIMARY KEY CHECK (id = 1), chunks INTEGER NOT NULL, chars INTEGER NOT NULL) STRICT;
  INSERT INTO corpus_stats VALUES (1, 0, 0);
  CREATE TRIGGER chunks_stats_insert AFTER INSERT ON chunks BEGIN
    UPDATE corpus_stats SET chunks = chunks + 1, chars = chars + length(new.text) WHERE id = 1;
  END;
  CREATE TRIGGER chunks_stats_delete AFTER DELETE ON chunks BEGIN
    UPDATE corpus_stats SET chunks = chunks - 1, chars = chars - length(old.text) WHERE id = 1;
  END;

  -- Document frequency of every index term, copied from chunks_vocab after ingests: fts5vocab counts by
  -- walking a term's whole posting list, far too slow per query on a large store (search/term-stats.ts).
  CREATE TABLE term_df (col TEXT NOT NULL, term TEXT NOT NULL, df INTEGER NOT NULL, PRIMARY KEY (col, term)) STRICT, WITHOUT ROWID;

  CREATE TABLE jobs (
    id         INTEGER PRIMARY KEY,
    path       TEXT NOT NULL,
    doc_id     INTEGER REFERENCES documents(id) ON DELETE SET NULL,
    state      TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'cancelled', 'interrupted')),
    next_page  INTEGER NOT NULL DEFAULT 1,
    error      TEXT,
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  `,
  // 2: jobs owned by a process (pid and start time): another process's live job is not taken for interrupted
  `
  ALTER TABLE jobs ADD COLUMN owner_pid INTEGER;
  ALTER TABLE jobs ADD COLUMN owner_started TEXT;
  CREATE INDEX jobs_by_doc ON jobs(doc_id, state);
  `,
  // 3: a re-index reads its document's pages into staging beside the stored ones and swaps them in at the
  // end (jobs/reindex.ts). A page is kept as the JSON of what ingest stores for it, with its chunks.
  `
  CREATE TABLE staged_pages (
    doc_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    page_no INTEGER NOT NULL,
    page    TEXT NOT NULL,            -- JSON StoredPage
    chunks  TEXT NOT NULL,            -- JSON Chunk[]
    PRIMARY KEY (doc_id, page_no)
  ) STRICT;
  `,
  // 4: file versions. A document is its content, known under every path that held it (document_paths: a path
  // names one document at a time); a changed file at a known path replaces its document's content in place,
  // counted by version, dated by version_at (indexed) and modified_at (the file's mtime then). Where two
  // documents shared a path (an edited file used to become a second document), the path goes to the newer.
  `
  CREATE TABLE document_paths (
    path    TEXT PRIMARY KEY,
    doc_id  INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seen_at TEXT NOT NULL,
    -- the file's size and mtime when last read: a scan skips files that did not change without hashing them
    size     INTEGER,
    mtime_ms REAL
  ) STRICT;
  CREATE INDEX document_paths_by_doc ON document_paths(doc_id);
  INSERT OR IGNORE INTO document_paths (path, doc_id, seen_at) SELECT path, id, added_at FROM documents ORDER BY added_at DESC, id DESC;
  ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
  ALTER TABLE documents ADD COLUMN version_at TEXT;
  ALTER TABLE documents ADD COLUMN modified_at TEXT;
  UPDATE documents SET version_at = added_at;
  `,
  // 5: the binary search rescores from vec0 itself (store/vectors.ts; fast with the store memory-mapped), so
  // the plain float copy goes, and with it the delete trigger that named it (openDb makes it again)
  `
  DROP TRIGGER IF EXISTS chunk_vectors_delete;
  DROP TABLE IF EXISTS chunk_vectors_f32;
  `,
  // 6: the binary copy moves from a vec0 bit table to a plain one, scanned in memory (store/bit-scan.ts);
  // openDb fills it from the float vectors (store/vectors.ts restoreVectorTables) and remakes the trigger
  `
  DROP TRIGGER IF EXISTS chunk_vectors_delete;
  DROP TABLE IF EXISTS chunk_vectors_bin;
  CREATE TABLE chunk_bits (chunk_id INTEGER PRIMARY KEY, bits BLOB NOT NULL) STRICT;
  INSERT INTO meta (key, value) VALUES ('chunk_bits_backfill', '1');
  `,
];
