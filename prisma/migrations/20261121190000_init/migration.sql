-- CreateEnum
CREATE TYPE "role" AS ENUM ('operator', 'reviewer', 'manager', 'admin');

-- CreateEnum
CREATE TYPE "dossier_status" AS ENUM ('registered', 'scanning', 'processing', 'in_review', 'approved', 'rejected');

-- CreateEnum
CREATE TYPE "batch_status" AS ENUM ('open', 'closed', 'assembling', 'assembled', 'failed');

-- CreateEnum
CREATE TYPE "page_status" AS ENUM ('queued', 'processing', 'done', 'failed');

-- CreateEnum
CREATE TYPE "document_status" AS ENUM ('draft', 'in_review', 'approved', 'rejected');

-- CreateTable
CREATE TABLE "fonds" (
    "id" UUID NOT NULL,
    "code" VARCHAR(13) NOT NULL,
    "archive_code" VARCHAR(13) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "closed" BOOLEAN NOT NULL DEFAULT true,
    "history" TEXT,
    "time_range" VARCHAR(30),
    "language_codes" TEXT[] DEFAULT ARRAY['01']::TEXT[],
    "description" VARCHAR(1000),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "fonds_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "dossier" (
    "id" UUID NOT NULL,
    "fonds_id" UUID NOT NULL,
    "code" VARCHAR(100) NOT NULL,
    "title" VARCHAR(1000),
    "inventory_no" VARCHAR(20),
    "box_no" VARCHAR(20),
    "file_no" VARCHAR(20),
    "paper_file_code" VARCHAR(100),
    "maintenance_code" VARCHAR(2) NOT NULL DEFAULT '01',
    "access_mode_code" VARCHAR(2) NOT NULL DEFAULT '01',
    "language_codes" TEXT[] DEFAULT ARRAY['01']::TEXT[],
    "start_date" VARCHAR(10),
    "end_date" VARCHAR(10),
    "keywords" VARCHAR(100),
    "total_docs" INTEGER,
    "sheet_count" INTEGER,
    "page_count" INTEGER,
    "physical_condition_code" VARCHAR(2),
    "infor_sign" VARCHAR(30),
    "confidence_level_code" VARCHAR(2) NOT NULL DEFAULT '02',
    "risk_recovery" BOOLEAN NOT NULL DEFAULT false,
    "risk_recovery_status_code" VARCHAR(2),
    "description" VARCHAR(2000),
    "expected_pages" INTEGER,
    "high_use" BOOLEAN NOT NULL DEFAULT false,
    "status" "dossier_status" NOT NULL DEFAULT 'registered',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "dossier_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "workstation" (
    "id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "token_hash" CHAR(64) NOT NULL,
    "location" VARCHAR(200),
    "active" BOOLEAN NOT NULL DEFAULT true,
    "last_seen_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "workstation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "app_user" (
    "id" UUID NOT NULL,
    "username" VARCHAR(64) NOT NULL,
    "display_name" VARCHAR(200) NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "role" NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "app_user_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "scan_batch" (
    "id" UUID NOT NULL,
    "dossier_id" UUID NOT NULL,
    "workstation_id" UUID,
    "status" "batch_status" NOT NULL DEFAULT 'open',
    "expected_pages" INTEGER,
    "error_code" VARCHAR(80),
    "error_message" TEXT,
    "opened_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "closed_at" TIMESTAMPTZ(3),
    "assembled_at" TIMESTAMPTZ(3),

    CONSTRAINT "scan_batch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "upload" (
    "id" UUID NOT NULL,
    "batch_id" UUID NOT NULL,
    "workstation_id" UUID,
    "seq" INTEGER NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    "bytes" BIGINT NOT NULL,
    "declared_type" VARCHAR(100) NOT NULL,
    "media_type" VARCHAR(100) NOT NULL,
    "original_name" VARCHAR(500),
    "frame_count" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "upload_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "page" (
    "id" UUID NOT NULL,
    "batch_id" UUID NOT NULL,
    "dossier_id" UUID NOT NULL,
    "upload_id" UUID NOT NULL,
    "frame_index" INTEGER NOT NULL,
    "status" "page_status" NOT NULL DEFAULT 'queued',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error_code" VARCHAR(80),
    "error_message" TEXT,
    "error_hint" TEXT,
    "width" INTEGER,
    "height" INTEGER,
    "dpi_x" DOUBLE PRECISION,
    "dpi_y" DOUBLE PRECISION,
    "dpi_tag" DOUBLE PRECISION,
    "dpi_source" VARCHAR(10),
    "dpi_suspect" BOOLEAN NOT NULL DEFAULT false,
    "color_mode" VARCHAR(10),
    "bits_per_sample" INTEGER,
    "rotation_deg" INTEGER,
    "rotation_confidence" DOUBLE PRECISION,
    "skew_deg" DOUBLE PRECISION,
    "is_blank" BOOLEAN,
    "is_separator" BOOLEAN,
    "ocr_mean_confidence" DOUBLE PRECISION,
    "ocr_word_count" INTEGER,
    "ocr_text" TEXT,
    "image_sha256" CHAR(64),
    "image_media_type" VARCHAR(40),
    "ocr_sha256" CHAR(64),
    "processed_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "page_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "page_stage" (
    "page_id" UUID NOT NULL,
    "stage" VARCHAR(40) NOT NULL,
    "output" JSONB NOT NULL,
    "artifact_sha256" CHAR(64),
    "ms" INTEGER NOT NULL,
    "completed_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "page_stage_pkey" PRIMARY KEY ("page_id","stage")
);

-- CreateTable
CREATE TABLE "document" (
    "id" UUID NOT NULL,
    "dossier_id" UUID NOT NULL,
    "batch_id" UUID NOT NULL,
    "seq" INTEGER NOT NULL,
    "status" "document_status" NOT NULL DEFAULT 'draft',
    "type_code" VARCHAR(2),
    "code_number" VARCHAR(11),
    "code_notation" VARCHAR(30),
    "issued_date" VARCHAR(10),
    "place" VARCHAR(100),
    "organ_name" VARCHAR(200),
    "organ_parent" VARCHAR(200),
    "subject" VARCHAR(500),
    "signer_authority" VARCHAR(100),
    "signer_title" VARCHAR(100),
    "signer_name" VARCHAR(50),
    "secrecy_code" VARCHAR(2),
    "urgency_code" VARCHAR(2),
    "language_codes" TEXT[] DEFAULT ARRAY['01']::TEXT[],
    "page_count" INTEGER NOT NULL,
    "access_mode_code" VARCHAR(2),
    "maintenance_code" VARCHAR(2),
    "confidence_level_code" VARCHAR(2) NOT NULL DEFAULT '02',
    "infor_sign" VARCHAR(30),
    "keywords" VARCHAR(100),
    "autograph" VARCHAR(2000),
    "physical_condition_code" VARCHAR(2),
    "description" VARCHAR(500),
    "draft" JSONB,
    "boundary_confidence" DOUBLE PRECISION,
    "pdf_sha256" CHAR(64),
    "pdf_bytes" INTEGER,
    "pdf_name" VARCHAR(120),
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "document_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "document_page" (
    "document_id" UUID NOT NULL,
    "page_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "document_page_pkey" PRIMARY KEY ("document_id","position")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_type" VARCHAR(12) NOT NULL,
    "actor_id" VARCHAR(100),
    "action" VARCHAR(80) NOT NULL,
    "entity_type" VARCHAR(40) NOT NULL,
    "entity_id" VARCHAR(100) NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "request_id" VARCHAR(100),

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "fonds_code_key" ON "fonds"("code");

-- CreateIndex
CREATE UNIQUE INDEX "dossier_code_key" ON "dossier"("code");

-- CreateIndex
CREATE INDEX "dossier_fonds_id_idx" ON "dossier"("fonds_id");

-- CreateIndex
CREATE INDEX "dossier_status_idx" ON "dossier"("status");

-- CreateIndex
CREATE UNIQUE INDEX "workstation_name_key" ON "workstation"("name");

-- CreateIndex
CREATE UNIQUE INDEX "workstation_token_hash_key" ON "workstation"("token_hash");

-- CreateIndex
CREATE UNIQUE INDEX "app_user_username_key" ON "app_user"("username");

-- CreateIndex
CREATE INDEX "scan_batch_dossier_id_idx" ON "scan_batch"("dossier_id");

-- CreateIndex
CREATE INDEX "scan_batch_status_idx" ON "scan_batch"("status");

-- CreateIndex
CREATE INDEX "upload_sha256_idx" ON "upload"("sha256");

-- CreateIndex
CREATE UNIQUE INDEX "upload_batch_id_seq_key" ON "upload"("batch_id", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "upload_batch_id_sha256_key" ON "upload"("batch_id", "sha256");

-- CreateIndex
CREATE INDEX "page_batch_id_status_idx" ON "page"("batch_id", "status");

-- CreateIndex
CREATE INDEX "page_dossier_id_idx" ON "page"("dossier_id");

-- CreateIndex
CREATE INDEX "page_status_idx" ON "page"("status");

-- CreateIndex
CREATE UNIQUE INDEX "page_upload_id_frame_index_key" ON "page"("upload_id", "frame_index");

-- CreateIndex
CREATE INDEX "document_batch_id_idx" ON "document"("batch_id");

-- CreateIndex
CREATE INDEX "document_status_idx" ON "document"("status");

-- CreateIndex
CREATE UNIQUE INDEX "document_dossier_id_seq_key" ON "document"("dossier_id", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "document_page_page_id_key" ON "document_page"("page_id");

-- CreateIndex
CREATE INDEX "audit_event_entity_type_entity_id_idx" ON "audit_event"("entity_type", "entity_id");

-- CreateIndex
CREATE INDEX "audit_event_at_idx" ON "audit_event"("at");

-- AddForeignKey
ALTER TABLE "dossier" ADD CONSTRAINT "dossier_fonds_id_fkey" FOREIGN KEY ("fonds_id") REFERENCES "fonds"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scan_batch" ADD CONSTRAINT "scan_batch_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scan_batch" ADD CONSTRAINT "scan_batch_workstation_id_fkey" FOREIGN KEY ("workstation_id") REFERENCES "workstation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "upload" ADD CONSTRAINT "upload_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "scan_batch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "upload" ADD CONSTRAINT "upload_workstation_id_fkey" FOREIGN KEY ("workstation_id") REFERENCES "workstation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "page" ADD CONSTRAINT "page_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "scan_batch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "page" ADD CONSTRAINT "page_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "page" ADD CONSTRAINT "page_upload_id_fkey" FOREIGN KEY ("upload_id") REFERENCES "upload"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "page_stage" ADD CONSTRAINT "page_stage_page_id_fkey" FOREIGN KEY ("page_id") REFERENCES "page"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "document" ADD CONSTRAINT "document_dossier_id_fkey" FOREIGN KEY ("dossier_id") REFERENCES "dossier"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "document" ADD CONSTRAINT "document_batch_id_fkey" FOREIGN KEY ("batch_id") REFERENCES "scan_batch"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "document_page" ADD CONSTRAINT "document_page_document_id_fkey" FOREIGN KEY ("document_id") REFERENCES "document"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "document_page" ADD CONSTRAINT "document_page_page_id_fkey" FOREIGN KEY ("page_id") REFERENCES "page"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- The audit log is append-only: refuse UPDATE, DELETE and TRUNCATE, whoever asks.
CREATE FUNCTION "audit_event_append_only"() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "audit_event_no_update_delete"
  BEFORE UPDATE OR DELETE ON "audit_event"
  FOR EACH ROW EXECUTE FUNCTION "audit_event_append_only"();

CREATE TRIGGER "audit_event_no_truncate"
  BEFORE TRUNCATE ON "audit_event"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_event_append_only"();
