-- The pipeline's draft of the dossier fields (suggested title, first and last dates, totals),
-- each with its confidence; the reviewer's values stay in the columns.
ALTER TABLE "dossier" ADD COLUMN "draft" JSONB;
