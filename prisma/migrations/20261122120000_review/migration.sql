-- Review: user sessions, the reviewer's state of a dossier (assignment, rejection, approval),
-- reviewer page overrides (quarter turns, blank / separator marks) and the catalogue records an
-- approval ingests.

ALTER TABLE "app_user" ADD COLUMN "last_login_at" TIMESTAMPTZ(3);
ALTER TABLE "app_user" ADD COLUMN "password_changed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now();

-- A login: the cookie holds a random token, only its SHA-256 is stored. The CSRF token is sent
-- back in the X-CSRF-Token header on every unsafe request made with the session.
CREATE TABLE "user_session" (
  "id" UUID NOT NULL,
  "user_id" UUID NOT NULL REFERENCES "app_user"("id") ON DELETE CASCADE,
  "token_hash" CHAR(64) NOT NULL,
  "csrf_token" VARCHAR(64) NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  "expires_at" TIMESTAMPTZ(3) NOT NULL,
  "user_agent" VARCHAR(300),
  "ip" VARCHAR(64),
  CONSTRAINT "user_session_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "user_session_token_hash_key" ON "user_session"("token_hash");
CREATE INDEX "user_session_user_id_idx" ON "user_session"("user_id");
CREATE INDEX "user_session_expires_at_idx" ON "user_session"("expires_at");

CREATE TYPE "reject_reason" AS ENUM ('rescan', 'missing_page', 'wrong_order', 'illegible', 'other');

ALTER TABLE "dossier" ADD COLUMN "in_review_at" TIMESTAMPTZ(3);
ALTER TABLE "dossier" ADD COLUMN "assigned_to_id" UUID REFERENCES "app_user"("id");
ALTER TABLE "dossier" ADD COLUMN "review_message" VARCHAR(2000);
ALTER TABLE "dossier" ADD COLUMN "last_editor_id" UUID REFERENCES "app_user"("id");
ALTER TABLE "dossier" ADD COLUMN "reject_reason" "reject_reason";
ALTER TABLE "dossier" ADD COLUMN "reject_note" VARCHAR(2000);
ALTER TABLE "dossier" ADD COLUMN "rejected_by_id" UUID REFERENCES "app_user"("id");
ALTER TABLE "dossier" ADD COLUMN "rejected_at" TIMESTAMPTZ(3);
ALTER TABLE "dossier" ADD COLUMN "approved_by_id" UUID REFERENCES "app_user"("id");
ALTER TABLE "dossier" ADD COLUMN "approved_at" TIMESTAMPTZ(3);
-- The dossier version the approval was given to; the finalize job works on exactly that.
ALTER TABLE "dossier" ADD COLUMN "approved_version" INTEGER;
-- Set when every document of the approval is rebuilt, signed and in the catalogue.
ALTER TABLE "dossier" ADD COLUMN "catalogued_at" TIMESTAMPTZ(3);
UPDATE "dossier" SET "in_review_at" = "updated_at" WHERE "status" = 'in_review';
-- The review queue: dossiers in review, high-use first, oldest first.
CREATE INDEX "dossier_review_queue_idx" ON "dossier"("high_use" DESC, "in_review_at", "id")
  WHERE "status" = 'in_review';

-- The reviewer's decisions about a page, over the pipeline's: an extra clockwise quarter turn and
-- blank / separator marks (null: the pipeline's finding stands).
ALTER TABLE "page" ADD COLUMN "review_rotation" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "page" ADD CONSTRAINT "page_review_rotation_check"
  CHECK ("review_rotation" IN (0, 90, 180, 270));
ALTER TABLE "page" ADD COLUMN "review_blank" BOOLEAN;
ALTER TABLE "page" ADD COLUMN "review_separator" BOOLEAN;

-- One immutable version of a catalogued document: what was approved, with its signed PDF.
CREATE TABLE "catalogue_record" (
  "id" UUID NOT NULL,
  "document_id" UUID NOT NULL REFERENCES "document"("id"),
  "dossier_id" UUID NOT NULL REFERENCES "dossier"("id"),
  -- 1, 2, … per document: a re-approval makes a new version, old ones stay
  "version" INTEGER NOT NULL,
  -- The dossier version that was approved; one record per document per approval
  "approved_version" INTEGER NOT NULL,
  -- TT 05/2025 fields of the document and its dossier as approved
  "metadata" JSONB NOT NULL,
  "full_text" TEXT NOT NULL,
  "pdf_sha256" CHAR(64) NOT NULL,
  "pdf_bytes" INTEGER NOT NULL,
  "pdf_name" VARCHAR(120) NOT NULL,
  "signed" BOOLEAN NOT NULL,
  -- SHA-256 of every file of the record: { "pdf": …, "masters": [ … ], "images": [ … ] }
  "files" JSONB NOT NULL,
  "approved_by_id" UUID REFERENCES "app_user"("id"),
  "approved_at" TIMESTAMPTZ(3) NOT NULL,
  "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  CONSTRAINT "catalogue_record_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "catalogue_record_document_id_version_key"
  ON "catalogue_record"("document_id", "version");
CREATE UNIQUE INDEX "catalogue_record_document_id_approved_version_key"
  ON "catalogue_record"("document_id", "approved_version");
CREATE INDEX "catalogue_record_dossier_id_idx" ON "catalogue_record"("dossier_id");

CREATE FUNCTION "catalogue_record_immutable"() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'catalogue_record is immutable: % refused', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER "catalogue_record_no_update_delete"
  BEFORE UPDATE OR DELETE ON "catalogue_record"
  FOR EACH ROW EXECUTE FUNCTION "catalogue_record_immutable"();
CREATE TRIGGER "catalogue_record_no_truncate"
  BEFORE TRUNCATE ON "catalogue_record"
  FOR EACH STATEMENT EXECUTE FUNCTION "catalogue_record_immutable"();
