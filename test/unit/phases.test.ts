// One table says what each phase of a job means (src/jobs/phases.ts). The Videos view's menus are
// written in package.json, far from it: this checks every `viewItem` clause against the table, so
// a menu can neither offer an action the table does not (a Retry that pays again) nor miss one.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobPhase } from '../../src/jobs/job';
import { ACTION_COMMANDS, type JobAction, PHASES } from '../../src/jobs/phases';
import { needsVideo } from '../../src/script/sceneJobs';
import { REPO_ROOT } from '../support/paths';

interface MenuEntry {
  command: string;
  when: string;
  group?: string;
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
  contributes: { menus: Record<string, MenuEntry[]> };
};
const ELSEWHERE = 'view == seedance.jobs && viewItem == seedance.elsewhere';
const rows = manifest.contributes.menus['view/item/context'].filter(
  (m) => m.when.startsWith('view == seedance.jobs && viewItem') && !m.when.startsWith(ELSEWHERE),
);
const phases = Object.keys(PHASES) as JobPhase[];

/** The phases whose row's contextValue satisfies the entry's `viewItem` clause. */
function phasesMatching(when: string): JobPhase[] {
  const exact = /viewItem == ([\w.]+)/.exec(when);
  const regex = /viewItem =~ \/(.+?)\/(?=\s|$)/.exec(when);
  const matches = (context: string) =>
    exact ? context === exact[1] : regex ? new RegExp(regex[1]).test(context) : assert.fail(`no viewItem in ${when}`);
  return phases.filter((p) => matches(PHASES[p].context));
}

const commandAction = (command: string) =>
  (Object.entries(ACTION_COMMANDS) as [JobAction, string][]).find(([, c]) => c === command)?.[0];

describe('what each phase of a job means, in one table', () => {
  it('every phase has its own row context', () => {
    assert.equal(new Set(phases.map((p) => PHASES[p].context)).size, phases.length);
  });

  for (const entry of rows) {
    const inline = entry.group?.startsWith('inline');
    it(`${entry.command}${inline ? ' (inline)' : ''}: offered exactly where the table offers it`, () => {
      const action = commandAction(entry.command);
      assert.ok(action, `${entry.command} is no action of the table`);
      const expected = phases.filter((p) =>
        inline ? PHASES[p].primary === action : PHASES[p].actions.includes(action),
      );
      assert.deepEqual(phasesMatching(entry.when), expected, entry.when);
    });
  }

  it('every action of the table has its menu entry, and every primary action its inline button', () => {
    for (const p of phases) {
      for (const action of PHASES[p].actions) {
        const offered = rows.some(
          (r) =>
            r.command === ACTION_COMMANDS[action] &&
            !r.group?.startsWith('inline') &&
            phasesMatching(r.when).includes(p),
        );
        assert.ok(offered, `${p}: ${action} has no menu entry`);
      }
      const primary = PHASES[p].primary;
      if (primary)
        assert.ok(
          rows.some(
            (r) =>
              r.command === ACTION_COMMANDS[primary] &&
              r.group?.startsWith('inline') &&
              phasesMatching(r.when).includes(p),
          ),
          `${p}: ${primary} has no inline button`,
        );
    }
  });

  it('a video made elsewhere (no job, no sidecar) offers only what needs no job: open, reveal, remove, delete', () => {
    const offered = manifest.contributes.menus['view/item/context']
      .filter((m) => m.when.startsWith(ELSEWHERE))
      .map((m) => m.command);
    assert.deepEqual([...new Set(offered)].sort(), [
      'seedance.deleteVideoFile',
      'seedance.downloadVideo',
      'seedance.openVideo',
      'seedance.openVideoExternally',
      'seedance.removeJob',
      'seedance.revealVideo',
    ]);
  });

  it('only a phase with no video at the provider and none coming makes its scene need a new paid job', () => {
    const scene = { heading: 'Dawn' } as never;
    const needs = phases.filter((phase) => needsVideo({ scene, job: { phase } as never, changed: false }));
    assert.deepEqual(needs, ['failed', 'lost']);
    for (const p of needs) assert.equal(PHASES[p].running, false);
    assert.equal(PHASES['download-failed'].needsNewJob, false, 'a failed download is fetched again, never paid again');
    assert.equal(PHASES['timed-out'].needsNewJob, false, 'a timed-out job is waited for again, never paid again');
  });

  it('a phase that moves by itself offers nothing that would move it again', () => {
    for (const p of phases.filter((p) => PHASES[p].running)) {
      assert.equal(PHASES[p].primary, undefined, p);
      assert.ok(!PHASES[p].actions.some((a) => a === 'resume' || a === 'retryDownload'), p);
    }
  });
});
