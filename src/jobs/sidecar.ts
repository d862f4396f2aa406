// What made a video, written next to it as `<video>.json`: the prompt, the model, the settings,
// the reference images (workspace-relative, with their SHA-256), the scene, the task, the times,
// the estimate and the extension's version. Other tools may read it (README: "The sidecar
// file"). Never the key, never a signed link. Written atomically (a temporary file, then a
// rename); read as untrusted (another machine, a teammate, an older or newer version): fields it
// does not know are kept, a damaged file is ignored with a line naming it. No `vscode`.
import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { type FileHandle, lstat, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { isInside } from '../api/confine';
import * as z from 'zod/mini';
import { PRICES_AS_OF } from '../pricing/prices';
import type { DoneJob } from './job';

export const SIDECAR_SCHEMA = 'seedance-video';
export const SIDECAR_VERSION = 1;
/** A sidecar is a few hundred bytes; one this large is not ours. */
const MAX_SIDECAR_BYTES = 256 * 1024;

/** The sidecar of `video`: beside it, the video's name plus `.json`. */
export function sidecarPath(video: string): string {
  return `${video}.json`;
}

const text = z.string();
const iso = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T/));

/** Version 1. `z.looseObject`: fields a newer version adds are kept when the file is read and written back. */
export const sidecarShape = z.looseObject({
  schema: z.literal(SIDECAR_SCHEMA),
  version: z.int().check(z.positive()),
  prompt: text,
  model: z.looseObject({ sent: text, answered: z.optional(text) }),
  seconds: z.optional(z.int().check(z.positive())),
  size: z.optional(text),
  resolution: z.optional(text),
  images: z.optional(z.array(z.looseObject({ path: text, sha256: z.optional(text) }))),
  scene: z.optional(
    z.looseObject({
      script: text,
      heading: text,
      occurrence: z.optional(z.int()),
      hash: z.optional(text),
      index: z.optional(z.int().check(z.nonnegative())),
    }),
  ),
  taskId: text,
  submittedAt: iso,
  finishedAt: z.optional(iso),
  estimate: z.optional(
    z.looseObject({
      usd: z.optional(z.number().check(z.nonnegative())),
      source: z.optional(z.enum(['provider', 'settings'])),
      pricesAsOf: z.optional(text),
    }),
  ),
  extension: z.looseObject({ version: text }),
});

export type Sidecar = z.infer<typeof sidecarShape>;

/**
 * The sidecar of a finished job. Paths are relative to `root` (the workspace folder) with `/`, so
 * the file reads the same on another machine; a path outside it is kept as it is.
 */
export async function sidecarOf(job: DoneJob, root: string, version: string, answeredModel?: string): Promise<Sidecar> {
  const within = (path: string) => {
    const rel = relative(root, path);
    return rel && isInside(root, path) ? rel.split(sep).join('/') : path;
  };
  const images = await Promise.all(
    (job.images ?? []).map(async (path) => ({ path: within(path), sha256: await sha256(path).catch(() => undefined) })),
  );
  const scene =
    job.origin && typeof job.origin.heading === 'string'
      ? {
          script: scriptPath(job.origin.file, within),
          heading: job.origin.heading,
          ...(typeof job.origin.occurrence === 'number' && { occurrence: job.origin.occurrence }),
          ...(typeof job.origin.hash === 'string' && { hash: job.origin.hash }),
          index: job.origin.index,
        }
      : undefined;
  return {
    schema: SIDECAR_SCHEMA,
    version: SIDECAR_VERSION,
    prompt: job.prompt,
    model: { sent: job.model, ...(answeredModel && { answered: answeredModel }) },
    ...(job.seconds !== undefined && { seconds: job.seconds }),
    ...(job.size !== undefined && { size: job.size }),
    ...(job.resolution !== undefined && { resolution: job.resolution }),
    ...(images.length && { images: images.map((i) => ({ path: i.path, ...(i.sha256 && { sha256: i.sha256 }) })) }),
    ...(scene && { scene }),
    taskId: job.taskId ?? job.id,
    submittedAt: new Date(job.submittedAt).toISOString(),
    finishedAt: new Date(job.finishedAt).toISOString(),
    // Only a known price: "unknown" is said by its absence, never as $0.
    ...(job.cost?.usd !== undefined && {
      estimate: {
        usd: job.cost.usd,
        ...(job.cost.source && { source: job.cost.source }),
        ...(job.cost.source === 'provider' && { pricesAsOf: PRICES_AS_OF }),
      },
    }),
    extension: { version },
  };
}

/** A script's URI as the sidecar keeps it: workspace-relative when it is a file inside the root. */
function scriptPath(uri: string, within: (path: string) => string): string {
  if (!uri.startsWith('file://')) return uri;
  try {
    return within(decodeURIComponent(new URL(uri).pathname));
  } catch {
    return uri;
  }
}

/**
 * Writes `sidecar` beside `video`, atomically: a new file with an unpredictable name in the same
 * folder, then a rename over the final name (a reader never sees half a file, a planted link at
 * the temporary name is never followed: it is created exclusively).
 */
export async function writeSidecar(video: string, sidecar: Sidecar): Promise<string> {
  const target = sidecarPath(video);
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(`${JSON.stringify(sidecar, null, 2)}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, target);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  return target;
}

/** The sidecar at `path`, parsed; undefined (and one line to `report`) when it cannot be read. */
export async function readSidecar(path: string, report: (line: string) => void): Promise<Sidecar | undefined> {
  // A repository may plant a link (to a private file, whose text would reach the log) or a huge
  // file (read whole on the extension host): only a plain file of sidecar size is read. Opened
  // without following a link (one call, not a look then an open: a folder holds thousands).
  const ignored = (why: string) => void report(`Ignored the sidecar ${path}: ${why}`);
  const file = await openPlain(path);
  if (typeof file === 'string') return ignored(file);
  let raw: unknown;
  try {
    const info = await file.stat();
    if (!info.isFile()) return ignored('it is not a file');
    if (info.size > MAX_SIDECAR_BYTES) return ignored(`it is larger than ${MAX_SIDECAR_BYTES / 1024} KB`);
    // One read of the size just looked at (readFile would look again, then read to the end).
    const bytes = Buffer.allocUnsafe(info.size);
    const { bytesRead } = await file.read(bytes, 0, info.size, 0);
    raw = JSON.parse(bytes.toString('utf8', 0, bytesRead));
  } catch (err) {
    return ignored(`it is not JSON (${(err as Error).message})`);
  } finally {
    await file.close();
  }
  const parsed = sidecarShape.safeParse(raw);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'file'}: ${i.message}`).join('; ');
    return ignored(why);
  }
  return parsed.data;
}

/** `path` opened for reading if it is no link (and without waiting on a pipe), else why not. */
async function openPlain(path: string): Promise<FileHandle | string> {
  // Where the system cannot refuse a link at open (Windows), it is looked at first.
  if (constants.O_NOFOLLOW === undefined) {
    const info = await lstat(path).catch(() => undefined);
    if (info?.isSymbolicLink()) return 'it is a link';
    if (!info?.isFile()) return 'it is not a file';
  }
  return open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0)).catch(
    (err: NodeJS.ErrnoException) => (err.code === 'ELOOP' ? 'it is a link' : 'it is not a file'),
  );
}

/** The SHA-256 of a file, streamed (an image may be large). */
export function sha256(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}
