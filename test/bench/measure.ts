// Runs one client operation in this (fresh) process and prints what it cost as JSON:
//   node measure.js download <baseUrl> <key> <videoUrl> <dest>
//   node measure.js create   <baseUrl> <key> <imagePath>
// Its own process, so the peak RSS growth is the client's alone.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SeedanceClient, validateRequest } from '../../src/api';

async function main(): Promise<void> {
  const [op, baseUrl, apiKey, arg, dest] = process.argv.slice(2);
  const client = new SeedanceClient({ baseUrl, apiKey, noProxy: '*' });
  const request =
    op === 'create'
      ? await validateRequest({ prompt: 'bench', model: 'doubao-seedance-2-0-fast', image: arg })
      : undefined;
  global.gc?.();
  // Sampled while the operation runs (growth over the level just before it), with the cheap
  // rss() call: process.memoryUsage() walks the V8 heap and would slow what it measures.
  const rssBefore = process.memoryUsage.rss();
  let peak = rssBefore;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  // The event loop's delay while it runs: the extension host's thread is shared with every other
  // extension, so a long stall here would be felt in all of them.
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  const started = process.hrtime.bigint();
  let bytes = 0;
  if (op === 'download') bytes = (await client.download(arg, dest)).bytes;
  else if (op === 'create') {
    await client.create(request!);
    bytes = request!.images.reduce((sum, i) => sum + i.size, 0);
  } else throw new Error(`unknown operation ${op}`);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  loop.disable();
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  await client.close();
  console.log(
    JSON.stringify({
      ms,
      bytes,
      rssGrowth: peak - rssBefore,
      loopP99Ms: loop.percentile(99) / 1e6,
      loopMaxMs: loop.max / 1e6,
    }),
  );
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
