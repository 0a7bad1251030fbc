-- The orientation decision, beside the turn found and its confidence: whether the page was turned
-- back. Pages processed before this column have it null; their turn was applied when confident.
ALTER TABLE "page" ADD COLUMN "rotation_applied" BOOLEAN;
