-- Fixity: each periodic run re-hashes the stored PDFs and archival masters and verifies the PDFs'
-- signatures. A run is one row; each thing found wrong is a problem row. Nothing is repaired: a
-- problem stays until a person acts on it (restore from a copy, rebuild, re-sign).
CREATE TABLE "fixity_run" (
    "id" UUID NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),
    "checked" INTEGER NOT NULL DEFAULT 0,
    "problems" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "fixity_run_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "fixity_run_started_at_idx" ON "fixity_run"("started_at");

CREATE TABLE "fixity_problem" (
    "id" BIGSERIAL NOT NULL,
    "run_id" UUID NOT NULL,
    -- document_pdf | upload
    "subject_type" VARCHAR(20) NOT NULL,
    "subject_id" UUID NOT NULL,
    "sha256" CHAR(64) NOT NULL,
    -- fixity.missing | fixity.hash_mismatch | fixity.signature_invalid
    "code" VARCHAR(40) NOT NULL,
    "message" TEXT NOT NULL,
    "found_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "fixity_problem_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "fixity_problem_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "fixity_run"("id") ON DELETE CASCADE ON UPDATE CASCADE
);
CREATE INDEX "fixity_problem_run_id_idx" ON "fixity_problem"("run_id");
CREATE INDEX "fixity_problem_subject_idx" ON "fixity_problem"("subject_type", "subject_id");
