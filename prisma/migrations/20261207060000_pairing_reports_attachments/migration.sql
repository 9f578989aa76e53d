-- CreateTable
CREATE TABLE "ProjectReport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "projectId" INTEGER NOT NULL,
    "report" TEXT NOT NULL,
    "attachmentIdsJson" TEXT NOT NULL DEFAULT '[]',
    "verdict" TEXT NOT NULL,
    "opinion" TEXT NOT NULL DEFAULT '',
    "recordKey" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ProjectReport_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Attachment" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "uploadedBy" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AgreementSignature" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "agreementId" INTEGER NOT NULL,
    "side" TEXT NOT NULL,
    "signedBy" TEXT NOT NULL,
    "signedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attachmentIdsJson" TEXT NOT NULL DEFAULT '[]',
    CONSTRAINT "AgreementSignature_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "Agreement" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_AgreementSignature" ("agreementId", "id", "side", "signedAt", "signedBy") SELECT "agreementId", "id", "side", "signedAt", "signedBy" FROM "AgreementSignature";
DROP TABLE "AgreementSignature";
ALTER TABLE "new_AgreementSignature" RENAME TO "AgreementSignature";
CREATE UNIQUE INDEX "AgreementSignature_agreementId_side_key" ON "AgreementSignature"("agreementId", "side");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "ProjectReport_recordKey_key" ON "ProjectReport"("recordKey");

-- CreateIndex
CREATE INDEX "ProjectReport_projectId_idx" ON "ProjectReport"("projectId");

-- CreateIndex
CREATE INDEX "Attachment_workflowId_idx" ON "Attachment"("workflowId");

