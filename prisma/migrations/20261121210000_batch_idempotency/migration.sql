-- Idempotency-Key of POST /api/batches: a retry of the same open (same workstation, same key)
-- finds the batch it already made instead of opening a second, empty one. The fingerprint is the
-- SHA-256 of the normalised request body, so a key reused for another body can be refused (409).
-- Keys are kept for the life of the batch: an agent may retry after days offline.

-- AlterTable
ALTER TABLE "scan_batch" ADD COLUMN "idempotency_key" VARCHAR(255),
ADD COLUMN "idempotency_fingerprint" CHAR(64);

-- A key always comes with the fingerprint of its request (Prisma cannot express this one).
ALTER TABLE "scan_batch" ADD CONSTRAINT "scan_batch_idempotency_pair_check"
  CHECK (("idempotency_key" IS NULL) = ("idempotency_fingerprint" IS NULL));

-- CreateIndex
CREATE UNIQUE INDEX "scan_batch_workstation_id_idempotency_key_key" ON "scan_batch"("workstation_id", "idempotency_key");
