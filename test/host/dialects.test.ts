// The provider as it answers today and as it answered before: a job reaches a playable MP4 in
// either dialect, each step shown in human words, never as the provider's raw token; answers
// the extension cannot act on end cleanly instead of spinning.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import type { Job } from '../../src/jobs/job';
import { sim, tooltipText, useExtension, useSettings, waitFor, waitForPhase, rowItem } from './support';

/** Every distinct description the job's row showed, in order, until `until` resolves. */
function watchRow(
  api: ReturnType<typeof useExtension>['api'],
  id: () => string | undefined,
): { seen: string[]; stop: () => void } {
  const seen: string[] = [];
  const sub = api.jobs.onDidChange(() => {
    const job = id() && api.jobs.get(id()!);
    if (!job) return;
    const text = String(rowItem(api, job).description).replace(/ · \d+(m \d+)?s\b/g, '');
    if (seen.at(-1) !== text) seen.push(text);
  });
  return {
    seen,
    stop: () => {
      sub.dispose();
    },
  };
}

const RAW_TOKENS = /\b(SUBMITTED|IN_PROGRESS|SUCCESS|queued|in_progress|completed|COMPLETED)\b/;

describe('both status dialects', () => {
  const ext = useExtension();

  for (const dialect of ['current', 'legacy'] as const) {
    it(`${dialect}: a job reaches a playable MP4, each step in human words`, async () => {
      // A long task, finished by the test once the row has shown it rendering: a busy machine
      // (two cores, the UI suite alongside) cannot make a poll miss the rendering phase.
      await sim.config({ dialect, pace: 'held' });
      let id: string | undefined;
      const row = watchRow(ext.api, () => id);
      try {
        const job = await vscode.commands.executeCommand<Job>('seedance.generateVideo', {
          prompt: `the ${dialect} dialect`,
          model: 'doubao-seedance-2-0-fast',
          seconds: 4,
        });
        id = job.id;
        await waitFor('the row to show it rendering', () => row.seen.some((d) => /^Rendering · /.test(d)));
        await sim.finish(job.id);
        const done = await waitForPhase(ext.api, job.id, 'done');
        const bytes = await readFile(done.videoPath);
        assert.equal(bytes.subarray(4, 8).toString('latin1'), 'ftyp', 'a playable MP4');
        assert.ok(
          row.seen.some((d) => /^Rendering · /.test(d)),
          row.seen.join(' | '),
        );
        assert.ok(
          row.seen.some((d) => /^Downloading$/.test(d)),
          row.seen.join(' | '),
        );
        assert.match(row.seen.at(-1)!, /^Ready · \d+ KB$/);
        assert.deepEqual(
          row.seen.filter((d) => RAW_TOKENS.test(d)),
          [],
          'no raw provider token on the row',
        );
        assert.match(
          tooltipText(rowItem(ext.api, done)),
          dialect === 'current' ? /Provider status: completed/ : /Provider status: SUCCESS/,
          'the raw word may appear in the tooltip',
        );
      } finally {
        row.stop();
      }
    });
  }

  it('shows a failure in words, with the provider’s reason', async () => {
    const job = await vscode.commands.executeCommand<Job>('seedance.generateVideo', {
      prompt: 'please fail [sim:error]',
      model: 'doubao-seedance-2-0',
    });
    const failed = await waitForPhase(ext.api, job.id, 'failed');
    assert.equal(String(rowItem(ext.api, failed).description), 'Failed: Internal error while rendering the video.');
  });

  it('a finished job whose answer carries no link is asked again, then fetched from the API, never left spinning', async () => {
    await sim.config({ pace: 'held' });
    const job = await vscode.commands.executeCommand<Job>('seedance.generateVideo', {
      prompt: 'no link yet',
      model: 'doubao-seedance-2-0',
    });
    await sim.override(job.id, { withholdLink: true });
    await sim.finish(job.id);
    await waitFor('the row to say it waits for the link', () =>
      /^Finishing: waiting for the video link/.test(String(rowItem(ext.api, ext.api.jobs.get(job.id)!).description)),
    );
    const done = await waitForPhase(ext.api, job.id, 'done');
    assert.ok(done.videoPath);
    const content = (await sim.requests()).filter((r) => r.path.endsWith(`/v1/videos/${job.id}/content`));
    assert.equal(content.length, 1, 'fetched from /content once');
  });

  describe('an unknown status word', () => {
    useSettings({ 'seedance.jobTimeoutMinutes': 0.1 });
    it('is shown as it came, marked unknown, and the job times out cleanly at its deadline', async () => {
      await sim.config({ pace: 'held' });
      const job = await vscode.commands.executeCommand<Job>('seedance.generateVideo', {
        prompt: 'a word nobody knows',
        model: 'doubao-seedance-2-0',
      });
      await sim.override(job.id, { status: 'warming_up' });
      const shown = await waitFor('the unknown word on the row', () => {
        const d = String(rowItem(ext.api, ext.api.jobs.get(job.id)!).description);
        return d.startsWith('Unknown status "warming_up"') ? d : undefined;
      });
      assert.match(
        shown,
        /^Unknown status "warming_up" · \d+% · (estimating…|about \d+ (s|min) left|any moment now) · \d+s$/,
      );
      assert.match(
        tooltipText(rowItem(ext.api, ext.api.jobs.get(job.id)!)),
        /Provider status: warming_up \(unknown to this extension\)/,
      );
      const timedOut = await waitForPhase(ext.api, job.id, 'timed-out');
      assert.match(String(rowItem(ext.api, timedOut).description), /^Timed out after \d+s$/);
    });
  });
});

describe('knowing when it will be done', () => {
  const ext = useExtension();

  it('a rendering row says how long is left before the video arrives', async () => {
    // Long enough to be seen rendering however slow the machine; finished by hand once seen.
    await sim.config({ pace: 'held' });
    const job = await vscode.commands.executeCommand<Job>('seedance.generateVideo', {
      prompt: 'how long is left',
      model: 'doubao-seedance-2-0-fast',
      seconds: 4,
    });
    const left = await waitFor('the row to say how long is left', () => {
      const j = ext.api.jobs.get(job.id)!;
      const d = String(rowItem(ext.api, j).description);
      return j.phase === 'rendering' && /about \d+ (s|min) left|any moment now/.test(d) ? d : undefined;
    });
    assert.match(left, /^(Queued|Rendering) · (about \d+ (s|min) left|any moment now) · \d+s$/);
    assert.match(ext.api.status.item.text, /rendering · \d+%/);
    await sim.finish(job.id);
    await waitForPhase(ext.api, job.id, 'done');
  });
});
