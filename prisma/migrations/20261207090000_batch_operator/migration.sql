-- Who scanned a batch, as the workstation's agent names the person at it (workstation tokens
-- identify machines, not people): the per-operator throughput and rescan figures group by it.
ALTER TABLE "scan_batch" ADD COLUMN "operator_name" VARCHAR(100);
