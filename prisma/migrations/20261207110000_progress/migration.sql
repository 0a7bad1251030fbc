-- Progress against the digitization target (issue 8): the archive's target and report settings,
-- what each fonds holds as the manager enters it, the inventory's sheet count per dossier, and a
-- daily rollup of pages per batch that triggers keep in step inside the transactions that insert
-- and finish pages, so that the dashboard never aggregates the page table itself.
--
-- Days are Vietnam days (Asia/Ho_Chi_Minh, UTC+7 without daylight saving): the archive's legal
-- time, and the day a manager means by "today".

-- One row: the target (share of the holdings digitized and catalogued), its deadline, and the
-- names the semi-annual report prints in its header.
CREATE TABLE "progress_settings" (
  "id" SMALLINT NOT NULL DEFAULT 1,
  "target_percent" DOUBLE PRECISION NOT NULL DEFAULT 50,
  "deadline" DATE,
  "organization" VARCHAR(200),
  "parent_organization" VARCHAR(200),
  "place" VARCHAR(100),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_by_id" UUID,
  CONSTRAINT "progress_settings_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "progress_settings_single" CHECK ("id" = 1),
  CONSTRAINT "progress_settings_percent" CHECK ("target_percent" > 0 AND "target_percent" <= 100)
);
INSERT INTO "progress_settings" ("id") VALUES (1);

-- What a fonds holds, as the manager enters it (null: not known; the imported inventory's sums
-- stand in for pages and dossiers).
CREATE TABLE "fonds_holdings" (
  "fonds_id" UUID NOT NULL REFERENCES "fonds"("id"),
  "dossiers" INTEGER,
  "pages" INTEGER,
  "sheets" INTEGER,
  "shelf_metres" DOUBLE PRECISION,
  "note" VARCHAR(1000),
  "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "updated_by_id" UUID,
  CONSTRAINT "fonds_holdings_pkey" PRIMARY KEY ("fonds_id"),
  CONSTRAINT "fonds_holdings_counts" CHECK (
    coalesce("dossiers", 0) >= 0 AND coalesce("pages", 0) >= 0 AND coalesce("sheets", 0) >= 0
    AND coalesce("shelf_metres", 0) >= 0)
);

-- Số tờ of the paper inventory (expected_pages holds its Số trang), and when an inventory import
-- last wrote the dossier.
ALTER TABLE "dossier" ADD COLUMN "expected_sheets" INTEGER;
ALTER TABLE "dossier" ADD COLUMN "inventory_at" TIMESTAMPTZ(3);

-- Pages per batch and Vietnam day: received (by created_at) and finished by the pipeline (by
-- processed_at), with the OCR confidence of the finished text pages (blank and separator sheets
-- left out) as a sum, a count and ten buckets of 10 points ([0,10) … [90,100]). The batch's
-- dossier and fonds are copied in (a dossier never changes fonds) so that figures per fonds or
-- per dossier need no join.
CREATE TABLE "page_daily" (
  "day" DATE NOT NULL,
  "batch_id" UUID NOT NULL REFERENCES "scan_batch"("id") ON DELETE CASCADE,
  "dossier_id" UUID NOT NULL,
  "fonds_id" UUID NOT NULL,
  "scanned" INTEGER NOT NULL DEFAULT 0,
  "processed" INTEGER NOT NULL DEFAULT 0,
  "confidence_sum" DOUBLE PRECISION NOT NULL DEFAULT 0,
  "confidence_n" INTEGER NOT NULL DEFAULT 0,
  "confidence_hist" INTEGER[] NOT NULL DEFAULT '{0,0,0,0,0,0,0,0,0,0}',
  CONSTRAINT "page_daily_pkey" PRIMARY KEY ("day", "batch_id")
);
CREATE INDEX "page_daily_batch_id_idx" ON "page_daily"("batch_id");

CREATE FUNCTION "vn_day"(t TIMESTAMPTZ) RETURNS DATE
  LANGUAGE sql STABLE PARALLEL SAFE AS $$ SELECT (t AT TIME ZONE 'Asia/Ho_Chi_Minh')::date $$;

CREATE FUNCTION "int_array_add"(a INTEGER[], b INTEGER[]) RETURNS INTEGER[]
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT array_agg(coalesce(a[i], 0) + coalesce(b[i], 0) ORDER BY i)
  FROM generate_series(1, greatest(cardinality(a), cardinality(b))) i $$;

-- Adds `received` received and `delta` (1 or -1) finished pages of `p` to the row of `at_day`.
CREATE FUNCTION "page_daily_add"(p "page", at_day DATE, received INTEGER, delta INTEGER) RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  text_page BOOLEAN := delta <> 0 AND p.ocr_mean_confidence IS NOT NULL
    AND NOT coalesce(p.is_blank, false) AND NOT coalesce(p.is_separator, false);
  bucket INTEGER := least(10, greatest(1, floor(coalesce(p.ocr_mean_confidence, 0) / 10)::int + 1));
  hist INTEGER[];
BEGIN
  SELECT array_agg(CASE WHEN text_page AND i = bucket THEN delta ELSE 0 END ORDER BY i)
    INTO hist FROM generate_series(1, 10) i;
  INSERT INTO "page_daily" AS d ("day", "batch_id", "dossier_id", "fonds_id", "scanned",
                                 "processed", "confidence_sum", "confidence_n", "confidence_hist")
  SELECT at_day, p.batch_id, p.dossier_id, x.fonds_id, received, delta,
         CASE WHEN text_page THEN delta * p.ocr_mean_confidence ELSE 0 END,
         CASE WHEN text_page THEN delta ELSE 0 END, hist
  FROM "dossier" x WHERE x.id = p.dossier_id
  ON CONFLICT ON CONSTRAINT "page_daily_pkey" DO UPDATE SET
    "scanned" = d."scanned" + EXCLUDED."scanned",
    "processed" = d."processed" + EXCLUDED."processed",
    "confidence_sum" = d."confidence_sum" + EXCLUDED."confidence_sum",
    "confidence_n" = d."confidence_n" + EXCLUDED."confidence_n",
    "confidence_hist" = int_array_add(d."confidence_hist", EXCLUDED."confidence_hist");
END $$;

CREATE FUNCTION "page_daily_finished_day"(p "page") RETURNS DATE
  LANGUAGE sql STABLE AS $$ SELECT vn_day(coalesce(p.processed_at, p.created_at)) $$;

CREATE FUNCTION "page_daily_on_insert"() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM page_daily_add(NEW, vn_day(NEW.created_at), 1, 0);
  IF NEW.status = 'done' THEN PERFORM page_daily_add(NEW, page_daily_finished_day(NEW), 0, 1); END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "page_daily_on_update"() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status = 'done' THEN PERFORM page_daily_add(OLD, page_daily_finished_day(OLD), 0, -1); END IF;
  IF NEW.status = 'done' THEN PERFORM page_daily_add(NEW, page_daily_finished_day(NEW), 0, 1); END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION "page_daily_on_delete"() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  PERFORM page_daily_add(OLD, vn_day(OLD.created_at), -1, 0);
  IF OLD.status = 'done' THEN PERFORM page_daily_add(OLD, page_daily_finished_day(OLD), 0, -1); END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "page_daily_insert" AFTER INSERT ON "page"
  FOR EACH ROW EXECUTE FUNCTION "page_daily_on_insert"();
-- Only a change into or out of `done` moves the figures; a finished page's own columns do not
-- change afterwards (the pipeline writes them before it marks the page done).
CREATE TRIGGER "page_daily_update" AFTER UPDATE OF "status" ON "page"
  FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status AND (OLD.status = 'done' OR NEW.status = 'done'))
  EXECUTE FUNCTION "page_daily_on_update"();
CREATE TRIGGER "page_daily_delete" AFTER DELETE ON "page"
  FOR EACH ROW EXECUTE FUNCTION "page_daily_on_delete"();

-- Rebuilds the rollup from the page table: for the pages already stored, and after a bulk load
-- made with the triggers disabled (bench/dashboard.ts).
CREATE FUNCTION "page_daily_rebuild"() RETURNS void
  LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "page_daily";
  WITH p AS (
    SELECT p.batch_id, p.dossier_id, x.fonds_id, vn_day(p.created_at) AS received,
           CASE WHEN p.status = 'done' THEN vn_day(coalesce(p.processed_at, p.created_at)) END AS finished,
           p.ocr_mean_confidence AS c,
           CASE WHEN p.status = 'done' AND p.ocr_mean_confidence IS NOT NULL
                  AND NOT coalesce(p.is_blank, false) AND NOT coalesce(p.is_separator, false)
                THEN least(10, greatest(1, floor(p.ocr_mean_confidence / 10)::int + 1)) END AS b
    FROM "page" p JOIN "dossier" x ON x.id = p.dossier_id
  ), rows AS (
    SELECT received AS day, batch_id, dossier_id, fonds_id, 1 AS scanned, 0 AS processed,
           NULL::double precision AS c, NULL::int AS b
    FROM p
    UNION ALL
    SELECT finished, batch_id, dossier_id, fonds_id, 0, 1, c, b FROM p WHERE finished IS NOT NULL
  )
  INSERT INTO "page_daily" ("day", "batch_id", "dossier_id", "fonds_id", "scanned", "processed",
                            "confidence_sum", "confidence_n", "confidence_hist")
  SELECT day, batch_id, dossier_id, fonds_id, sum(scanned)::int, sum(processed)::int,
         coalesce(sum(c) FILTER (WHERE b IS NOT NULL), 0), (count(*) FILTER (WHERE b IS NOT NULL))::int,
         ARRAY[
           count(*) FILTER (WHERE b = 1), count(*) FILTER (WHERE b = 2),
           count(*) FILTER (WHERE b = 3), count(*) FILTER (WHERE b = 4),
           count(*) FILTER (WHERE b = 5), count(*) FILTER (WHERE b = 6),
           count(*) FILTER (WHERE b = 7), count(*) FILTER (WHERE b = 8),
           count(*) FILTER (WHERE b = 9), count(*) FILTER (WHERE b = 10)
         ]::int[]
  FROM rows
  GROUP BY day, batch_id, dossier_id, fonds_id;
END $$;
SELECT page_daily_rebuild();

-- The document fields people corrected: one row per (document, field), the first time a person
-- changed it (the audit log's document.update events), kept in step by a trigger on audit_event so
-- that the share of draft fields corrected reads the dossiers of a period, not the whole log.
CREATE TABLE "document_correction" (
  "document_id" UUID NOT NULL REFERENCES "document"("id") ON DELETE CASCADE,
  "field" VARCHAR(60) NOT NULL,
  "dossier_id" UUID NOT NULL,
  "first_at" TIMESTAMPTZ(3) NOT NULL,
  CONSTRAINT "document_correction_pkey" PRIMARY KEY ("document_id", "field")
);
CREATE INDEX "document_correction_dossier_id_idx" ON "document_correction"("dossier_id");

CREATE FUNCTION "document_correction_on_audit"() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  -- An id that is not a UUID names no document; the cast must not fail the edit's transaction.
  IF NEW.entity_id !~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN
    RETURN NULL;
  END IF;
  INSERT INTO "document_correction" ("document_id", "field", "dossier_id", "first_at")
  SELECT doc.id, k.key, doc.dossier_id, NEW.at
  FROM "document" doc, jsonb_object_keys(NEW.after) AS k(key)
  WHERE doc.id = NEW.entity_id::uuid
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER "document_correction_audit" AFTER INSERT ON "audit_event"
  FOR EACH ROW WHEN (NEW.action = 'document.update' AND NEW.actor_type = 'user'
                     AND NEW.entity_type = 'document' AND jsonb_typeof(NEW.after) = 'object')
  EXECUTE FUNCTION "document_correction_on_audit"();

INSERT INTO "document_correction" ("document_id", "field", "dossier_id", "first_at")
SELECT doc.id, k.key, doc.dossier_id, min(e.at)
FROM "audit_event" e
JOIN "document" doc ON doc.id::text = e.entity_id
CROSS JOIN LATERAL jsonb_object_keys(e.after) AS k(key)
WHERE e.action = 'document.update' AND e.actor_type = 'user' AND e.entity_type = 'document'
  AND jsonb_typeof(e.after) = 'object'
GROUP BY 1, 2, 3;

-- Review decisions, field edits and rejections by time (reviewer and quality figures).
CREATE INDEX "audit_event_action_at_idx" ON "audit_event"("action", "at");
-- The failed pages list, newest first.
CREATE INDEX "page_failed_idx" ON "page"("created_at" DESC, "id") WHERE "status" = 'failed';
-- A dossier's batches in the order they were opened (rescans, rejections by operator).
CREATE INDEX "scan_batch_dossier_opened_idx" ON "scan_batch"("dossier_id", "opened_at");
