-- DropIndex
DROP INDEX "Deployment_processKey_hash_key";

-- CreateIndex
CREATE INDEX "Deployment_processKey_hash_idx" ON "Deployment"("processKey", "hash");
