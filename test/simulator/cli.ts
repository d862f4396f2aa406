// `npm run simulator -- --port 8787 --key sk-simulator-key --task-seconds 20`
import { parseArgs } from 'node:util';
import { parseDialect } from './dialects';
import { parseFaultSpec } from './faults';
import { DEFAULT_KEY, Simulator } from './simulator';
import { parsePace } from './tasks';

const USAGE = `Usage: npm run simulator -- [options]

  --port <n>          API port (default 8787; 0 picks a free one)
  --video-port <n>    port of the signed-video origin (default: any free port)
  --host <addr>       address to bind (default 127.0.0.1)
  --key <k>           the bearer token accepted (default ${DEFAULT_KEY})
  --pace <p>          how tasks move: timed (default: over --task-seconds of wall time),
                      instant (done when first polled) or held (rendering until
                      POST /__sim/tasks/<id>/finish ends it)
  --task-seconds <n>  time from submission to a finished task, for timed (default 20)
  --url-ttl <n>       seconds a signed video URL stays valid (default 3600)
  --max-running <n>   the account's limit of tasks queued or rendering at once: a create
                      past it is answered 429 (as gateways do); none by default
  --video-bytes <n>   serve a generated video of n bytes instead of the sample
  --dialect <d>       how statuses are worded: current (default; queued, in_progress,
                      completed, failed, error; completed_at set while rendering) or
                      legacy (SUBMITTED, IN_PROGRESS, SUCCESS, FAILED, ERROR)
  --fault <spec>      inject a fault, repeatable: NAME[@ARG][*COUNT][/TARGET][!]
                      e.g. 429@2*3, 503*2/get, reset/video, slow-headers@5000,
                      slow-upload@65536/post, 524/post!, repeat-id/post, quota/post
                      (a 429 naming a used-up 5-hour quota)
  --quiet             do not log requests
  --help

Prompts containing [sim:fail] end failed, [sim:error] end with an error, [sim:echo-key] end failed
with a reason that echoes the caller's key.`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '8787' },
      'video-port': { type: 'string', default: '0' },
      host: { type: 'string', default: '127.0.0.1' },
      key: { type: 'string', default: DEFAULT_KEY },
      pace: { type: 'string', default: 'timed' },
      'task-seconds': { type: 'string', default: '20' },
      'url-ttl': { type: 'string', default: '3600' },
      'max-running': { type: 'string' },
      'video-bytes': { type: 'string' },
      dialect: { type: 'string', default: 'current' },
      fault: { type: 'string', multiple: true, default: [] },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const number = (name: string, raw: string | undefined) => {
    const n = Number(raw);
    if (raw === undefined || !Number.isFinite(n) || n < 0)
      throw new Error(`--${name} must be a non-negative number (got ${raw})`);
    return n;
  };
  const sim = await Simulator.start({
    host: values.host,
    port: number('port', values.port),
    videoPort: number('video-port', values['video-port']),
    key: values.key,
    pace: parsePace(values.pace),
    ...(values['max-running'] !== undefined && { maxRunning: Number(values['max-running']) }),
    taskSeconds: number('task-seconds', values['task-seconds']),
    urlTtlSeconds: number('url-ttl', values['url-ttl']),
    videoBytes: values['video-bytes'] === undefined ? undefined : number('video-bytes', values['video-bytes']),
    faults: values.fault.map(parseFaultSpec),
    dialect: parseDialect(values.dialect),
    log: values.quiet ? undefined : (line) => console.log(`${new Date().toISOString()} ${line}`),
  });
  console.log(`Seedance simulator listening on ${sim.apiUrl}`);
  console.log(
    `Signed videos served from ${sim.videoOrigin}; key: ${sim.key}; tasks: ${sim.pace === 'timed' ? `${sim.taskSeconds} s` : sim.pace}; dialect: ${sim.dialect}`,
  );
  const stop = () => void sim.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err) => {
  console.error(`simulator: ${(err as Error).message}\n\n${USAGE}`);
  process.exit(2);
});
