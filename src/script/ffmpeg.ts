// ffmpeg, found and run: where it is (the seedance.ffmpegPath setting, else the PATH), what a
// clip is (ffprobe), and joining clips into one MP4 with progress and cancel. Everything runs
// in child processes: the extension host's event loop only reads their output.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, constants, mkdtemp, open, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, delimiter, dirname, join } from 'node:path';
import { isSymbolicLink } from '../api/confine';
import { hasControlCharacters } from '../common/text';

export interface Tools {
  readonly ffmpeg: string;
  /** ffprobe beside ffmpeg or on the PATH; without it every export re-encodes. */
  readonly ffprobe?: string;
}

/** ffmpeg from `setting` (a path) or the PATH; undefined when there is none to run. */
export async function findTools(
  setting: string | undefined,
  path = process.env.PATH ?? '',
): Promise<Tools | undefined> {
  const exe = process.platform === 'win32' ? '.exe' : '';
  const runnable = (p: string) =>
    access(p, constants.X_OK).then(
      () => p,
      () => undefined,
    );
  const onPath = async (name: string) => {
    for (const dir of path.split(delimiter).filter(Boolean)) {
      const found = await runnable(join(dir, name + exe));
      if (found) return found;
    }
    return undefined;
  };
  const ffmpeg = setting ? await runnable(setting) : await onPath('ffmpeg');
  if (!ffmpeg) return undefined;
  const ffprobe = (await runnable(join(dirname(ffmpeg), `ffprobe${exe}`))) ?? (await onPath('ffprobe'));
  return { ffmpeg, ffprobe };
}

export interface Clip {
  readonly path: string;
  readonly width: number;
  readonly height: number;
  /** Frames per second, as ffprobe gives it ("24/1"). */
  readonly fps: string;
  readonly codec: string;
  readonly pixelFormat: string;
  readonly hasAudio: boolean;
  /** Seconds. */
  readonly duration: number;
}

export async function probe(ffprobe: string, path: string): Promise<Clip> {
  const out = await run(ffprobe, ['-v', 'error', '-show_streams', '-show_format', '-of', 'json', path]);
  const info = JSON.parse(out) as {
    streams?: {
      codec_type?: string;
      codec_name?: string;
      width?: number;
      height?: number;
      r_frame_rate?: string;
      pix_fmt?: string;
    }[];
    format?: { duration?: string };
  };
  const video = info.streams?.find((s) => s.codec_type === 'video');
  if (!video?.width || !video.height) throw new Error(`${path}: no video stream`);
  return {
    path,
    width: video.width,
    height: video.height,
    fps: video.r_frame_rate ?? '24/1',
    codec: video.codec_name ?? '',
    pixelFormat: video.pix_fmt ?? '',
    hasAudio: Boolean(info.streams?.some((s) => s.codec_type === 'audio')),
    duration: Number(info.format?.duration ?? 0),
  };
}

/** Why the clips cannot simply be joined as they are, or undefined when they can. */
export function whyReencode(clips: readonly Clip[]): string | undefined {
  const [first] = clips;
  for (const c of clips.slice(1)) {
    if (c.width !== first.width || c.height !== first.height) return 'sizes';
    if (c.fps !== first.fps) return 'frame-rates';
    if (c.codec !== first.codec || c.pixelFormat !== first.pixelFormat) return 'encodings';
    if (c.hasAudio !== first.hasAudio) return 'sound';
  }
  return undefined;
}

export interface JoinOptions {
  readonly clips: readonly Clip[];
  readonly output: string;
  /** Re-encode to the first clip's size and frame rate (the clips differ). */
  readonly reencode: boolean;
  /** 0–1 as ffmpeg goes. */
  readonly onProgress: (fraction: number) => void;
  readonly signal: AbortSignal;
}

/**
 * Joins the clips, in order, into `output` (MP4). Written under an unpredictable temporary name,
 * created here first (never through something already at that name), and renamed at the end:
 * cancelled or failed, nothing is left behind. The clip list lives in a private temporary folder.
 * An `output` that is a symbolic link is refused: the film never replaces a link's target.
 */
export async function joinClips(ffmpeg: string, o: JoinOptions): Promise<void> {
  for (const c of o.clips)
    // A line break would start a line of its own in the concat list.
    if (hasControlCharacters(c.path))
      throw new Error(`${JSON.stringify(c.path)}: a clip's path has a line break or control character`);
  await refuseLink(o.output);
  const partial = join(dirname(o.output), `.${basename(o.output)}.${randomBytes(6).toString('hex')}.partial`);
  const privateDir = await mkdtemp(join(tmpdir(), 'seedance-film-'));
  const list = join(privateDir, 'clips.txt');
  const total = o.clips.reduce((sum, c) => sum + c.duration, 0);
  try {
    await (await open(partial, 'wx')).close();
    let args: string[];
    if (!o.reencode) {
      // The concat demuxer copies the streams: no quality lost, done in a moment.
      await writeFile(list, o.clips.map((c) => `file '${c.path.replace(/'/g, "'\\''")}'\n`).join(''), { flag: 'wx' });
      args = ['-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy'];
    } else {
      const [first] = o.clips;
      const audio = o.clips.some((c) => c.hasAudio);
      const inputs = o.clips.flatMap((c) => ['-i', c.path]);
      const parts = o.clips.map((c, i) => {
        // Fitted into the first clip's frame (letterboxed, never stretched), at its frame rate.
        const v = `[${i}:v]scale=${first.width}:${first.height}:force_original_aspect_ratio=decrease,pad=${first.width}:${first.height}:(ow-iw)/2:(oh-ih)/2,setsar=1,fps=${first.fps},format=yuv420p[v${i}]`;
        const a = !audio
          ? ''
          : c.hasAudio
            ? `;[${i}:a]aresample=48000,aformat=channel_layouts=stereo[a${i}]`
            : `;anullsrc=r=48000:cl=stereo,atrim=duration=${c.duration}[a${i}]`;
        return v + a;
      });
      const pads = o.clips.map((_, i) => (audio ? `[v${i}][a${i}]` : `[v${i}]`)).join('');
      const graph = `${parts.join(';')};${pads}concat=n=${o.clips.length}:v=1:a=${audio ? 1 : 0}[v]${audio ? '[a]' : ''}`;
      args = [
        ...inputs,
        '-filter_complex',
        graph,
        '-map',
        '[v]',
        ...(audio ? ['-map', '[a]', '-c:a', 'aac'] : []),
        '-c:v',
        'libx264',
        '-preset',
        'veryfast',
        '-crf',
        '18',
      ];
    }
    await run(
      ffmpeg,
      [
        '-y',
        '-v',
        'error',
        '-nostats',
        '-progress',
        'pipe:1',
        ...args,
        '-movflags',
        '+faststart',
        '-f',
        'mp4',
        partial,
      ],
      {
        signal: o.signal,
        onLine: (line) => {
          const m = /^out_time_us=(\d+)/.exec(line);
          if (m && total > 0) o.onProgress(Math.min(1, Number(m[1]) / 1e6 / total));
        },
      },
    );
    await refuseLink(o.output);
    await rename(partial, o.output);
  } finally {
    await rm(partial, { force: true });
    await rm(privateDir, { recursive: true, force: true });
  }
}

async function refuseLink(path: string): Promise<void> {
  if (await isSymbolicLink(path)) throw new Error(`${path} is a symbolic link; the film was not written through it`);
}

/** Runs `cmd`; resolves with its output, rejects with the end of its errors (or on abort, after killing it). */
function run(
  cmd: string,
  args: string[],
  o: { signal?: AbortSignal; onLine?: (line: string) => void } = {},
): Promise<string> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
      return;
    }
    let out = '';
    let errors = '';
    let partialLine = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      if (o.onLine) {
        const lines = (partialLine + text).split('\n');
        partialLine = lines.pop() ?? '';
        for (const l of lines) o.onLine(l);
      } else out += text;
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      errors = (errors + chunk.toString()).slice(-2000);
    });
    const abort = () => child.kill('SIGTERM');
    o.signal?.addEventListener('abort', abort, { once: true });
    if (o.signal?.aborted) abort();
    child.on('error', (err) => reject(err));
    child.on('close', (code) => {
      o.signal?.removeEventListener('abort', abort);
      if (o.signal?.aborted) reject(new CancelledExport());
      else if (code === 0) resolve(out);
      else
        reject(
          new Error(
            `${cmd.split(/[\\/]/).pop()} failed (exit ${code}): ${errors.trim().split('\n').slice(-3).join(' ')}`,
          ),
        );
    });
  });
}

export class CancelledExport extends Error {
  constructor() {
    super('cancelled');
  }
}
