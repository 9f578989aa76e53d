// Attachments of an instance: an official who has an open task of the instance uploads a file
// (PDF, JPEG or PNG, up to 10 MB) and puts its id into an attachment field of the task's form;
// whoever may read the instance lists and downloads them.
import fs from 'node:fs';
import { z } from 'zod';
import { loadVisibleInstance } from '../access/instances';
import { attachmentPath, cleanFileName, sniffContentType, storeAttachmentFile } from '../attachments/store';
import type { AppDeps } from '../deps';
import { ConflictError, ForbiddenError, NotFoundError, ServiceUnavailableError, UnsupportedMediaTypeError } from '../errors';
import { route } from '../http/route';

const InstanceParams = z.object({ id: z.string().min(1).max(300) });
const AttachmentParams = z.object({ id: z.string().min(1).max(300), attachmentId: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
const UploadQuery = z.object({ name: z.string().max(500).optional().describe('file name shown to readers (default "attachment")') });

function attachmentView(a: { id: string; fileName: string; contentType: string; size: number; uploadedBy: string; createdAt: Date; workflowId: string }) {
  return {
    id: a.id,
    fileName: a.fileName,
    contentType: a.contentType,
    size: a.size,
    uploadedBy: a.uploadedBy,
    createdAt: a.createdAt.toISOString(),
    url: `/api/instances/${encodeURIComponent(a.workflowId)}/attachments/${a.id}`,
  };
}

export function attachmentRoutes(deps: AppDeps) {
  const { prisma } = deps;
  return [
    route({
      method: 'post',
      path: '/instances/:id/attachments',
      tag: 'attachments',
      summary: 'Upload a file (PDF, JPEG or PNG, up to 10 MB) to an instance in which you have an open task; put its id into the form',
      access: ['official'],
      params: InstanceParams,
      query: UploadQuery,
      body: { kind: 'file', description: 'the file as it is; its type is judged by its first bytes' },
      status: 201,
      responses: {
        201: { description: 'stored: {attachment}' },
        403: { description: 'no open task of this instance is offered to you' },
        409: { description: 'the instance is no longer running' },
        413: { description: 'larger than 10 MB' },
        415: { description: 'not a PDF, JPEG or PNG' },
      },
      guard: async ({ caller, params }) => {
        const instance = await prisma.instance.findUnique({ where: { workflowId: params.id } });
        if (!instance) throw new NotFoundError(`no process instance ${params.id}`);
        const open = await prisma.taskCandidate.count({ where: { userId: caller!.userId, open: true, task: { workflowId: params.id } } });
        if (!open) throw new ForbiddenError('no open task of this instance is offered to you');
      },
      async handler({ params, query, body, caller }) {
        if (!deps.attachmentsDir) throw new ServiceUnavailableError('this server stores no attachments');
        const instance = await prisma.instance.findUniqueOrThrow({ where: { workflowId: params.id } });
        if (instance.status !== 'running') throw new ConflictError(`the instance is ${instance.status}`);
        const bytes = body as Buffer;
        const contentType = sniffContentType(bytes);
        if (!contentType) throw new UnsupportedMediaTypeError('attachments must be PDF, JPEG or PNG files', { allowed: ['application/pdf', 'image/jpeg', 'image/png'] });
        const stored = await storeAttachmentFile(deps.attachmentsDir, params.id, bytes);
        const row = await prisma.attachment.create({
          data: { id: stored.id, workflowId: params.id, fileName: cleanFileName(query.name), contentType, size: bytes.length, sha256: stored.sha256, uploadedBy: caller!.username },
        });
        return { attachment: attachmentView(row) };
      },
    }),
    route({
      method: 'get',
      path: '/instances/:id/attachments',
      tag: 'attachments',
      summary: "An instance's attachments, oldest first",
      access: ['admin', 'official', 'auditor'],
      params: InstanceParams,
      async handler({ params, caller }) {
        await loadVisibleInstance(prisma, caller!, params.id);
        const rows = await prisma.attachment.findMany({ where: { workflowId: params.id }, orderBy: { createdAt: 'asc' } });
        return { attachments: rows.map(attachmentView) };
      },
    }),
    route({
      method: 'get',
      path: '/instances/:id/attachments/:attachmentId',
      tag: 'attachments',
      summary: 'Download one attachment (the stored bytes with their checked content type)',
      access: ['admin', 'official', 'auditor'],
      params: AttachmentParams,
      responses: { 200: { description: 'the file', contentType: 'application/octet-stream' } },
      async handler({ params, caller, res }) {
        await loadVisibleInstance(prisma, caller!, params.id);
        const row = await prisma.attachment.findFirst({ where: { id: params.attachmentId, workflowId: params.id } });
        if (!row || !deps.attachmentsDir) throw new NotFoundError(`no attachment ${params.attachmentId} in ${params.id}`);
        const file = attachmentPath(deps.attachmentsDir, params.id, row.id);
        if (!fs.existsSync(file)) throw new NotFoundError(`the file of attachment ${row.id} is missing`);
        res.setHeader('content-type', row.contentType);
        res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.fileName)}`);
        res.setHeader('x-content-type-options', 'nosniff');
        res.end(fs.readFileSync(file));
        return undefined;
      },
    }),
  ];
}

/** Ids in attachment fields that are not attachments of this instance: a 422, before the workflow sees them. */
export async function unknownAttachments(prisma: AppDeps['prisma'], workflowId: string, fields: { id: string; type: string }[], variables: Record<string, unknown>): Promise<string[]> {
  const problems: string[] = [];
  for (const f of fields.filter((f) => f.type === 'attachment')) {
    const ids = variables[f.id];
    if (!Array.isArray(ids) || ids.length === 0) continue;
    const found = await prisma.attachment.count({ where: { workflowId, id: { in: ids.filter((i): i is string => typeof i === 'string') } } });
    if (found !== new Set(ids).size) problems.push(`field "${f.id}" names attachments that were not uploaded to this instance`);
  }
  return problems;
}
