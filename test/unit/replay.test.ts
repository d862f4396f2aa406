// Every saved transcript (test/fixtures/recorded: real recordings from `npm run smoke:live`, and
// ones written from the provider's documented examples, named as such) is answered back to the
// real client over HTTP, and the job must end where the recording ended.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SeedanceClient, validateRequest } from '../../src/api';
import type { Job } from '../../src/jobs/job';
import { reduce, reportOf } from '../../src/jobs/reducer';
import type { Transcript } from '../../scripts/transcript';
import { fixture } from '../support/paths';
import { FAST_RETRY } from '../support/sim';

const DIR = fixture('recorded');
const transcripts = readdirSync(DIR).filter((f) => f.endsWith('.json'));

/** Answers the create with the recorded create answer, then each GET with the next recorded GET. */
async function replay(t: Transcript): Promise<{ server: Server; url: string; gets: () => number }> {
  const create = t.exchanges.find((e) => e.method === 'POST')!;
  const polls = t.exchanges.filter((e) => e.method === 'GET');
  let served = 0;
  const server = createServer((req, res) => {
    req.resume();
    const answer = req.method === 'POST' ? create : polls[Math.min(served++, polls.length - 1)];
    res.writeHead(answer.status, { 'content-type': 'application/json' });
    res.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, gets: () => served };
}

describe('replayed transcripts', () => {
  it('include at least one per dialect', () => {
    const words = transcripts.map((f) =>
      JSON.stringify((JSON.parse(readFileSync(`${DIR}/${f}`, 'utf8')) as Transcript).exchanges[0].body),
    );
    assert.ok(
      words.some((w) => w.includes('"queued"')),
      'the current dialect',
    );
    assert.ok(
      words.some((w) => w.includes('"SUBMITTED"')),
      'the older dialect',
    );
  });

  for (const file of transcripts) {
    const t = JSON.parse(readFileSync(`${DIR}/${file}`, 'utf8')) as Transcript;
    it(`${file} (${t.recorded ? 'recorded' : 'from documented examples'}) ends ${t.ended}`, async () => {
      const { server, url, gets } = await replay(t);
      const client = new SeedanceClient({ baseUrl: url, apiKey: 'sk-replay', retry: FAST_RETRY, noProxy: '*' });
      try {
        const req = await validateRequest({ ...t.request, seconds: Number(t.request.seconds) });
        const created = await client.create(req);
        let job: Job = {
          id: created.id,
          prompt: req.prompt,
          model: req.model,
          submittedAt: 0,
          pollingSince: 0,
          phase: 'rendering',
          task: reportOf(created),
        };
        const polls = t.exchanges.filter((e) => e.method === 'GET').length;
        // One extra answer beyond the recording (the last repeated) shows the job does not hang there.
        while (job.phase === 'rendering' && gets() < polls + 1) {
          job = reduce(job, { type: 'polled', task: await client.retrieve(created.id), now: 0 }).job;
        }
        assert.equal(job.phase, t.ended, `ended ${job.phase} after ${gets()} of ${polls} recorded answers`);
        if (t.ended === 'failed')
          assert.ok(job.phase === 'failed' && job.failure.code === 'provider', 'with the provider’s answer');
      } finally {
        await client.close();
        server.closeAllConnections();
        await new Promise((r) => server.close(r));
      }
    });
  }
});
