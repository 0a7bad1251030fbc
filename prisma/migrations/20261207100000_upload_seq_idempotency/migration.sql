-- Uploads are idempotent by (batch, seq), no longer by content: two byte-identical files of one
-- batch (a copied blank page, a blank lineart sheet scanned twice) are two pages, not one. The
-- later one records the earlier upload it is identical to, so a reviewer sees the double and
-- decides; the blob store is content-addressed, so the bytes are still stored once.

-- DropIndex
DROP INDEX "upload_batch_id_sha256_key";

-- AlterTable
ALTER TABLE "upload" ADD COLUMN "identical_to_upload_id" UUID;

-- CreateIndex
CREATE INDEX "upload_batch_id_sha256_idx" ON "upload"("batch_id", "sha256");

-- AddForeignKey
ALTER TABLE "upload" ADD CONSTRAINT "upload_identical_to_upload_id_fkey" FOREIGN KEY ("identical_to_upload_id") REFERENCES "upload"("id") ON DELETE SET NULL ON UPDATE CASCADE;
