-- AlterTable
ALTER TABLE "Ballot" ADD COLUMN "recordedBy" TEXT;

-- AlterTable
ALTER TABLE "GeneralMeeting" ADD COLUMN "candidateIdsJson" TEXT;
ALTER TABLE "GeneralMeeting" ADD COLUMN "seats" INTEGER;

-- AlterTable
ALTER TABLE "OwnerRosterEntry" ADD COLUMN "removedAt" DATETIME;

-- CreateTable
CREATE TABLE "OwnerVotingCode" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "meetingId" INTEGER NOT NULL,
    "ownerEntryId" INTEGER NOT NULL,
    "codeHash" TEXT NOT NULL,
    "issuedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "usedAt" DATETIME,
    CONSTRAINT "OwnerVotingCode_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "GeneralMeeting" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "OwnerVotingCode_ownerEntryId_fkey" FOREIGN KEY ("ownerEntryId") REFERENCES "OwnerRosterEntry" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "OwnerVotingCode_codeHash_key" ON "OwnerVotingCode"("codeHash");

-- CreateIndex
CREATE UNIQUE INDEX "OwnerVotingCode_meetingId_ownerEntryId_key" ON "OwnerVotingCode"("meetingId", "ownerEntryId");

