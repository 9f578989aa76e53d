// Files uploaded to an instance (agreement scans, photos of the work). Only PDF, JPEG and PNG,
// judged by their first bytes (the name and the content-type header are the uploader's to
// choose); stored under <attachmentsDir>/<instance>/<attachment id>, a path built from ids we
// generate, never from anything the uploader sent.
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

const SIGNATURES: { contentType: string; bytes: number[] }[] = [
  { contentType: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
  { contentType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { contentType: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
];

/** The content type the bytes show, or null when they are not a PDF, JPEG or PNG. */
export function sniffContentType(bytes: Buffer): string | null {
  return SIGNATURES.find((s) => s.bytes.every((b, i) => bytes[i] === b))?.contentType ?? null;
}

/** A display name: the last path segment, no control characters, at most 200 characters. */
export function cleanFileName(name: unknown): string {
  const raw = typeof name === 'string' ? name : '';
  const base = raw.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const clean = base.replace(/[\u0000-\u001f\u007f"]/g, '').trim().slice(0, 200);
  return clean || 'attachment';
}

/** Folder names from workflow ids: only the characters our ids use, so no id can leave the store. */
function instanceFolder(dir: string, workflowId: string): string {
  return path.join(dir, workflowId.replace(/[^A-Za-z0-9_-]/g, '_'));
}

export function attachmentPath(dir: string, workflowId: string, attachmentId: string): string {
  return path.join(instanceFolder(dir, workflowId), attachmentId.replace(/[^A-Za-z0-9_-]/g, '_'));
}

export async function storeAttachmentFile(dir: string, workflowId: string, bytes: Buffer): Promise<{ id: string; sha256: string }> {
  const id = randomUUID().replace(/-/g, '');
  const file = attachmentPath(dir, workflowId, id);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, bytes, { flag: 'wx' });
  return { id, sha256: createHash('sha256').update(bytes).digest('hex') };
}
