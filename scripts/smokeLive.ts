// `npm run smoke:live -- --yes-spend [--save NAME]`: ONE real, paid job against the real service,
// with the cheapest settings (Seedance 1.0 Pro, 2 s, 480p). Records every request and answer
// (key and signatures removed), downloads the video, checks its real size and length with
// ffprobe when present, and reports any difference from what was asked. Without --yes-spend it
// only says what it would send and what that costs, and sends nothing.
//   COMETAPI_KEY       the key (required; read from the environment, never printed)
//   COMETAPI_BASE_URL  default https://api.cometapi.com
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { SeedanceClient, apiUrl, parseBaseUrl, parseTask } from '../src/api';
import { costInEnglish, estimateCost } from '../src/pricing/estimate';
import { pricedCatalog } from '../src/pricing/prices';
import { Readable } from 'node:stream';
import { type MultipartBody, multipart } from '../src/api/multipart';
import { request } from '../src/api/undici';
import { createDispatcher } from '../src/api/transport';
import { type Exchange, type Transcript, scrub } from './transcript';

const REQUEST = {
  prompt: 'A paper boat drifting down a rain-soaked street, slow camera follow',
  model: 'doubao-seedance-1-0-pro',
  seconds: '2',
  size: '16:9',
  resolution: '480p',
};
const EXPECTED_HEIGHT = 480;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'yes-spend': { type: 'boolean', default: false },
      save: { type: 'string' },
      'poll-seconds': { type: 'string', default: '10' },
      'max-minutes': { type: 'string', default: '15' },
    },
  });
  const key = process.env.COMETAPI_KEY?.trim();
  const base = parseBaseUrl(process.env.COMETAPI_BASE_URL ?? 'https://api.cometapi.com');
  const cost = estimateCost(pricedCatalog().find(REQUEST.model), REQUEST.resolution, Number(REQUEST.seconds));
  console.log(`This sends ONE create to ${base.origin}/v1/videos, which starts a paid job:`);
  for (const [k, v] of Object.entries(REQUEST)) console.log(`  ${k.padEnd(10)} ${v}`);
  console.log(
    `  cost       ${costInEnglish(cost)}${cost.usd === undefined ? ' (the provider publishes no price for this model; it bills successful videos only)' : ''}`,
  );
  if (!key) {
    console.error('\nCOMETAPI_KEY is not set: nothing was sent.');
    return 2;
  }
  if (!values['yes-spend']) {
    console.error('\nNothing was sent. Add --yes-spend to run it and pay for it.');
    return 2;
  }

  const dispatcher = createDispatcher({ connectTimeoutMs: 15_000, headersTimeoutMs: 60_000, bodyTimeoutMs: 60_000 });
  const exchanges: Exchange[] = [];
  const started = Date.now();
  const call = async (method: 'GET' | 'POST', path: string, body?: MultipartBody) => {
    const res = await request(apiUrl(base, path), {
      method,
      body: body && Readable.from(body.stream()),
      dispatcher,
      headers: {
        authorization: `Bearer ${key}`,
        accept: 'application/json',
        ...(body && { 'content-type': body.contentType, 'content-length': String(body.length) }),
      },
    });
    const text = await res.body.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // kept as text
    }
    const exchange: Exchange = scrub(
      { method, path, status: res.statusCode, body: json, atMs: Date.now() - started },
      key,
    );
    exchanges.push(exchange);
    console.log(`${method} ${path} → ${res.statusCode} ${JSON.stringify(exchange.body).slice(0, 300)}`);
    return { status: res.statusCode, json };
  };

  // The same body the extension sends (src/api/multipart.ts).
  const form = multipart(Object.entries(REQUEST), []);
  const created = await call('POST', '/v1/videos', form);
  const first = parseTask(created.json);
  if (created.status !== 200 || !('task' in first)) {
    console.error('The create was not accepted; see the answer above.');
    return finish(values.save, exchanges, 'failed');
  }
  const id = first.task.id;
  const deadline = started + Number(values['max-minutes']) * 60_000;
  let videoUrl: string | undefined;
  let ended: Transcript['ended'] = 'rendering';
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, Number(values['poll-seconds']) * 1000));
    const { json } = await call('GET', `/v1/videos/${encodeURIComponent(id)}`);
    const parsed = parseTask(json);
    if (!('task' in parsed)) continue;
    const t = parsed.task;
    if (!t.knownStatus) console.warn(`  an unknown status word: "${t.rawStatus}"`);
    if (t.state === 'failed') {
      ended = 'failed';
      break;
    }
    if (t.state === 'succeeded' && t.videoUrl) {
      ended = 'downloading';
      videoUrl = t.videoUrl;
      break;
    }
  }
  let video: Transcript['video'];
  if (videoUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'seedance-smoke-'));
    const client = new SeedanceClient({ baseUrl: base.href, apiKey: key });
    const { path, bytes } = await client.download(videoUrl, join(dir, 'smoke.mp4'));
    await client.close();
    console.log(`Downloaded ${bytes} bytes to ${path}`);
    video = probe(path);
    if (video) {
      console.log(`ffprobe: ${video.width}x${video.height}, ${video.durationSeconds} s`);
      const differences = [
        video.height !== undefined &&
          video.height !== EXPECTED_HEIGHT &&
          `height ${video.height}, asked ${REQUEST.resolution}`,
        video.durationSeconds !== undefined &&
          Math.abs(video.durationSeconds - Number(REQUEST.seconds)) > 0.5 &&
          `duration ${video.durationSeconds} s, asked ${REQUEST.seconds} s`,
        video.width !== undefined &&
          video.height !== undefined &&
          Math.abs(video.width / video.height - 16 / 9) > 0.05 &&
          `aspect ${video.width}:${video.height}, asked 16:9`,
      ].filter(Boolean);
      console.log(
        differences.length
          ? `DIFFERENT FROM WHAT WAS ASKED: ${differences.join('; ')}`
          : 'The video is what was asked.',
      );
    } else {
      console.log('ffprobe is not on the PATH: size and length not checked (apt-get install ffmpeg).');
    }
  }
  await dispatcher.close();
  return finish(values.save, exchanges, ended, video);
}

function finish(
  save: string | undefined,
  exchanges: Exchange[],
  ended: Transcript['ended'],
  video?: Transcript['video'],
): number {
  const transcript: Transcript = {
    source: `recorded from the live service on ${new Date().toISOString().slice(0, 10)} by npm run smoke:live`,
    recorded: true,
    request: REQUEST,
    exchanges,
    ended,
    ...(video && { video }),
  };
  if (save) {
    const file = join(__dirname, '..', '..', 'test', 'fixtures', 'recorded', `${save.replace(/[^\w.-]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(transcript, null, 2)}\n`);
    console.log(`Transcript saved: ${file} (the replay test now checks the client against it)`);
  }
  console.log(`The job ended: ${ended}`);
  return ended === 'downloading' ? 0 : 1;
}

function probe(path: string): Transcript['video'] | undefined {
  const run = spawnSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=width,height:format=duration',
      '-of',
      'json',
      path,
    ],
    { encoding: 'utf8' },
  );
  if (run.error || run.status !== 0) return undefined;
  const info = JSON.parse(run.stdout) as {
    streams?: { width?: number; height?: number }[];
    format?: { duration?: string };
  };
  return {
    width: info.streams?.[0]?.width,
    height: info.streams?.[0]?.height,
    durationSeconds: info.format?.duration ? Number(info.format.duration) : undefined,
  };
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`smoke:live failed: ${err instanceof Error ? err.message : err}`);
    process.exit(1);
  },
);
