-- The catalogue for readers (issue 9): a search table derived from the immutable catalogue
-- records, the dossier-level record of each approval, and the functions that fold Vietnamese text
-- for diacritic-insensitive search.

CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Lower case, no diacritics, đ/Đ → d: "Quyết định UBND" → "quyet dinh ubnd". unaccent() is only
-- STABLE (its dictionary could be changed), so indexed expressions go through this wrapper; its
-- SQL-standard body binds the dictionary when the function is created, not by search_path. The
-- text is put in NFC first so that decomposed input (a combining tone mark) folds the same.
CREATE FUNCTION sohoa_fold(t text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN lower(translate(unaccent('unaccent'::regdictionary, normalize(t, NFC)), 'đĐ', 'dD'));

-- Text as the search vectors see it: NFC, lower case, "/" and "\" as spaces so that a number and
-- symbol such as "146/KH-UBND" gives the words 146, kh-ubnd, kh and ubnd (the default parser would
-- keep it as one file-path token, or cut it oddly at a Đ). `fold` also removes the diacritics.
CREATE FUNCTION sohoa_search_text(t text, fold boolean) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN translate(CASE WHEN fold THEN sohoa_fold(t) ELSE lower(normalize(t, NFC)) END, '/\', '  ');

-- A number and symbol as a key: folded, without spaces ("146 / KH-UBND" → "146/kh-ubnd").
CREATE FUNCTION sohoa_number_key(t text) RETURNS text
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
  RETURN regexp_replace(sohoa_fold(t), '\s+', '', 'g');

-- The search vector of a record: head (type, number and symbol, summary) weighted A, the other
-- metadata (organ, keywords, dossier title, signer, place, fonds) B, the OCR text D. The OCR text
-- is indexed up to 300,000 characters (about 100 typed pages), which keeps every vector far under
-- PostgreSQL's 1 MB tsvector limit.
CREATE FUNCTION sohoa_record_tsv(head text, meta text, body text, fold boolean) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN setweight(to_tsvector('simple', sohoa_search_text(coalesce(head, ''), fold)), 'A')
      || setweight(to_tsvector('simple', sohoa_search_text(coalesce(meta, ''), fold)), 'B')
      || to_tsvector('simple', sohoa_search_text(left(coalesce(body, ''), 300000), fold));

-- A partial ISO date (YYYY, YYYY-MM, YYYY-MM-DD) as the first and last day it can mean; null for
-- anything else.
CREATE FUNCTION sohoa_date_lo(d text) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE
    WHEN d ~ '^\d{4}-\d{2}-\d{2}$' THEN d::date
    WHEN d ~ '^\d{4}-(0[1-9]|1[0-2])$' THEN (d || '-01')::date
    WHEN d ~ '^\d{4}$' THEN (d || '-01-01')::date
  END;
CREATE FUNCTION sohoa_date_hi(d text) RETURNS date
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  RETURN CASE
    WHEN d ~ '^\d{4}-\d{2}-\d{2}$' THEN d::date
    WHEN d ~ '^\d{4}-(0[1-9]|1[0-2])$' THEN ((d || '-01')::date + interval '1 month' - interval '1 day')::date
    WHEN d ~ '^\d{4}$' THEN (d || '-12-31')::date
  END;

-- One row per catalogue record version, derived from catalogue_record by the trigger below (never
-- written by the application). `latest` marks each document's newest version: readers search only
-- those. `modes` are the access modes (TT 05 `mode`) that govern the version: its document's, its
-- dossier's, and those of every later version, so that a record made conditional or secret by a
-- re-approval hides its older versions too. Whether a viewer may read a row is decided in
-- core/domain/access.ts; SQL only checks `modes <@ <the modes that viewer may read>`.
CREATE TABLE "catalogue_search" (
  "record_id" UUID NOT NULL REFERENCES "catalogue_record"("id"),
  "document_id" UUID NOT NULL,
  "dossier_id" UUID NOT NULL,
  "version" INTEGER NOT NULL,
  "latest" BOOLEAN NOT NULL,
  "own_modes" VARCHAR(2)[] NOT NULL,
  "modes" VARCHAR(2)[] NOT NULL,
  "fonds_code" VARCHAR(13) NOT NULL,
  "type_code" VARCHAR(2),
  "organ_key" TEXT,
  "number_key" TEXT,
  "notation_key" TEXT,
  "date_lo" DATE,
  "date_hi" DATE,
  -- date_lo, or 0001-01-01 for undated records (they sort last when newest come first)
  "sort_date" DATE NOT NULL,
  -- when the version was catalogued: the OAI-PMH datestamp
  "datestamp" TIMESTAMPTZ(3) NOT NULL,
  "tsv_exact" TSVECTOR NOT NULL,
  "tsv_fold" TSVECTOR NOT NULL,
  CONSTRAINT "catalogue_search_pkey" PRIMARY KEY ("record_id")
) WITH (toast_tuple_target = 128);
-- Keep the heap narrow (about 250 bytes a row): the two tsvectors (a kilobyte or more each) go to
-- TOAST, the small columns never do. A text search reads the heap page of every match to filter
-- and order it, and with the vectors inline a million rows took 1.7 GB of heap instead of 250 MB
-- (measured by npm run bench:search: a query matching 6 % of the records went from 1.3 s to
-- 0.25 s). The GIN indexes answer @@ without reading the vectors back.
ALTER TABLE "catalogue_search"
  ALTER COLUMN "own_modes" SET STORAGE PLAIN,
  ALTER COLUMN "modes" SET STORAGE PLAIN,
  ALTER COLUMN "fonds_code" SET STORAGE PLAIN,
  ALTER COLUMN "type_code" SET STORAGE PLAIN,
  ALTER COLUMN "organ_key" SET STORAGE PLAIN,
  ALTER COLUMN "number_key" SET STORAGE PLAIN,
  ALTER COLUMN "notation_key" SET STORAGE PLAIN;
CREATE INDEX "catalogue_search_document_idx" ON "catalogue_search"("document_id", "version");
CREATE INDEX "catalogue_search_fold_idx" ON "catalogue_search" USING gin ("tsv_fold") WHERE "latest";
CREATE INDEX "catalogue_search_exact_idx" ON "catalogue_search" USING gin ("tsv_exact") WHERE "latest";
CREATE INDEX "catalogue_search_date_idx" ON "catalogue_search"("sort_date", "record_id") WHERE "latest";
CREATE INDEX "catalogue_search_fonds_date_idx"
  ON "catalogue_search"("fonds_code", "sort_date", "record_id") WHERE "latest";
CREATE INDEX "catalogue_search_number_idx" ON "catalogue_search"("number_key") WHERE "latest";
CREATE INDEX "catalogue_search_notation_idx" ON "catalogue_search"("notation_key") WHERE "latest";
CREATE INDEX "catalogue_search_organ_idx"
  ON "catalogue_search" USING gin ("organ_key" gin_trgm_ops) WHERE "latest";
CREATE INDEX "catalogue_search_datestamp_idx"
  ON "catalogue_search"("datestamp", "record_id") WHERE "latest";
-- The fixity job checks document PDFs that no record holds (drafts) apart from the records' own.
CREATE INDEX "catalogue_record_pdf_sha256_idx" ON "catalogue_record"("pdf_sha256");

-- Indexes one catalogue record version (called by the trigger, and below for existing records).
CREATE FUNCTION "catalogue_search_add"(r "catalogue_record") RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  doc jsonb := coalesce(r.metadata -> 'document', '{}'::jsonb);
  dos jsonb := coalesce(r.metadata -> 'dossier', '{}'::jsonb);
  oth jsonb := coalesce(r.metadata -> 'other', '{}'::jsonb);
  number_symbol text := nullif(concat_ws('/', doc ->> 'codeNumber', doc ->> 'codeNotation'), '');
  own varchar(2)[];
  head text;
  meta text;
  issued text := doc ->> 'issuedDate';
  newest integer;
BEGIN
  -- An absent mode governs as "03" (secret): a record is never more open than its data says.
  own := ARRAY(SELECT DISTINCT m FROM unnest(ARRAY[
    coalesce(doc ->> 'mode', '03'), coalesce(dos ->> 'mode', '03')]) AS m ORDER BY m);
  head := concat_ws(' ', r.metadata #>> '{labels,typeName}', number_symbol, doc ->> 'subject');
  meta := concat_ws(' ', doc ->> 'organName', oth ->> 'organParent', doc ->> 'keyword',
    dos ->> 'title', dos ->> 'keyword', oth ->> 'signerName', oth ->> 'place',
    r.metadata #>> '{fonds,name}', doc ->> 'docCode', dos ->> 'arcFileCode');
  SELECT max(version) INTO newest FROM catalogue_search WHERE document_id = r.document_id;
  INSERT INTO catalogue_search (record_id, document_id, dossier_id, version, latest, own_modes,
    modes, fonds_code, type_code, organ_key, number_key, notation_key, date_lo, date_hi,
    sort_date, datestamp, tsv_exact, tsv_fold)
  VALUES (r.id, r.document_id, r.dossier_id, r.version, newest IS NULL OR r.version > newest,
    own, own, coalesce(r.metadata #>> '{fonds,code}', ''), doc ->> 'typeName',
    sohoa_fold(doc ->> 'organName'), sohoa_number_key(number_symbol),
    sohoa_number_key(doc ->> 'codeNotation'), sohoa_date_lo(issued), sohoa_date_hi(issued),
    coalesce(sohoa_date_lo(issued), DATE '0001-01-01'), r.created_at,
    sohoa_record_tsv(head, meta, r.full_text, false), sohoa_record_tsv(head, meta, r.full_text, true));
  IF newest IS NOT NULL AND r.version > newest THEN
    -- The older versions: no longer the latest, and governed by this version's modes as well.
    UPDATE catalogue_search
       SET latest = false,
           modes = ARRAY(SELECT DISTINCT m FROM unnest(modes || own) AS m ORDER BY m)
     WHERE document_id = r.document_id AND record_id <> r.id;
  ELSIF newest IS NOT NULL THEN
    -- An older version indexed after a newer one (only while backfilling out of order).
    UPDATE catalogue_search s
       SET latest = false,
           modes = ARRAY(SELECT DISTINCT m FROM unnest(s.modes || n.own_modes) AS m ORDER BY m)
      FROM catalogue_search n
     WHERE s.record_id = r.id AND n.document_id = r.document_id AND n.version > r.version;
  END IF;
END;
$$;

CREATE FUNCTION "catalogue_search_on_insert"() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM catalogue_search_add(NEW);
  RETURN NULL;
END;
$$;
CREATE TRIGGER "catalogue_record_index"
  AFTER INSERT ON "catalogue_record"
  FOR EACH ROW EXECUTE FUNCTION "catalogue_search_on_insert"();

DO $$
DECLARE r catalogue_record;
BEGIN
  FOR r IN SELECT * FROM catalogue_record ORDER BY document_id, version LOOP
    PERFORM catalogue_search_add(r);
  END LOOP;
END;
$$;

-- One immutable version of a catalogued dossier (hồ sơ): its TT 05 fields as approved and the
-- document records of the same approval. Written by dossier.finalize once every document of the
-- approval is recorded; a trigger refuses UPDATE and DELETE, as for catalogue_record.
CREATE TABLE "catalogue_dossier_record" (
  "id" UUID NOT NULL,
  "dossier_id" UUID NOT NULL REFERENCES "dossier"("id"),
  "version" INTEGER NOT NULL,
  "approved_version" INTEGER NOT NULL,
  -- { "dossier": { TT 05 EAD.xml elements }, "fonds": { "code", "name" } }
  "metadata" JSONB NOT NULL,
  -- the catalogue_record ids of the approval, in document order
  "record_ids" UUID[] NOT NULL,
  "approved_by_id" UUID REFERENCES "app_user"("id"),
  "approved_at" TIMESTAMPTZ(3) NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "catalogue_dossier_record_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "catalogue_dossier_record_dossier_id_version_key"
  ON "catalogue_dossier_record"("dossier_id", "version");
CREATE UNIQUE INDEX "catalogue_dossier_record_dossier_id_approved_version_key"
  ON "catalogue_dossier_record"("dossier_id", "approved_version");
CREATE TRIGGER "catalogue_dossier_record_no_update_delete"
  BEFORE UPDATE OR DELETE ON "catalogue_dossier_record"
  FOR EACH ROW EXECUTE FUNCTION "catalogue_record_immutable"();
CREATE TRIGGER "catalogue_dossier_record_no_truncate"
  BEFORE TRUNCATE ON "catalogue_dossier_record"
  FOR EACH STATEMENT EXECUTE FUNCTION "catalogue_record_immutable"();

-- Dossier records of the approvals catalogued before this migration, from their documents'
-- records (each carries the dossier's fields and fonds as approved); only finished approvals (an
-- unfinished one gets its record from dossier.finalize when it ends).
INSERT INTO "catalogue_dossier_record"
  ("id", "dossier_id", "version", "approved_version", "metadata", "record_ids", "approved_by_id",
   "approved_at", "created_at")
SELECT gen_random_uuid(), g.dossier_id,
       row_number() OVER (PARTITION BY g.dossier_id ORDER BY g.approved_version),
       g.approved_version, g.metadata, g.record_ids, g.approved_by_id, g.approved_at, g.created_at
  FROM (
    SELECT r.dossier_id, r.approved_version,
           (array_agg(jsonb_build_object('dossier', r.metadata -> 'dossier', 'fonds', r.metadata -> 'fonds')
              ORDER BY r.created_at))[1] AS metadata,
           array_agg(r.id ORDER BY (r.metadata #>> '{document,docOrdinal}')::int, r.id) AS record_ids,
           (array_agg(r.approved_by_id))[1] AS approved_by_id,
           max(r.approved_at) AS approved_at, max(r.created_at) AS created_at
      FROM catalogue_record r
      JOIN dossier d ON d.id = r.dossier_id
     WHERE d.catalogued_at IS NOT NULL
       AND (r.approved_version < d.approved_version OR d.catalogued_at >= d.approved_at)
     GROUP BY r.dossier_id, r.approved_version
  ) g;
