// Track Task by ID: a task submitted elsewhere (another machine, an earlier attempt) followed
// here. The id's form is checked before anything is sent (the provider's ids are letters, digits,
// `_` and `-`), and a refusal keeps the box open with what was typed.
import * as vscode from 'vscode';
import { ValidationError, t } from '../api';
import { UserCancelled } from '../common/cancelled';
import type { Job } from '../jobs/job';
import type { JobManager } from '../jobs/jobManager';

const TASK_ID = /^[A-Za-z0-9_-]{1,128}$/;

/** What is wrong with `id` as a task id, or undefined when it has the provider's form. */
export function taskIdProblem(id: string): string | undefined {
  const v = id.trim();
  if (!v) return t('Enter a task id.');
  return TASK_ID.test(v)
    ? undefined
    : t('A task id has only letters, digits, _ and - (at most 128), such as task_abc123; nothing was sent.');
}

/** From a button (the id given): checked, then tracked. Else a box that stays open on a refusal. */
export async function trackTask(manager: JobManager, given?: string): Promise<Job> {
  if (given !== undefined) {
    const problem = taskIdProblem(given);
    if (problem) throw new ValidationError([{ field: 'taskId', message: problem }]);
    return manager.track(given.trim());
  }
  const box = vscode.window.createInputBox();
  box.title = t('Seedance: Track Task by ID');
  box.prompt = t('The id of a task you already submitted (e.g. from another machine or a previous attempt)');
  box.placeholder = 'task_…';
  box.ignoreFocusOut = true;
  const subs: vscode.Disposable[] = [];
  try {
    return await new Promise<Job>((resolve, reject) => {
      subs.push(
        box.onDidChangeValue((v) => (box.validationMessage = v.trim() ? taskIdProblem(v) : undefined)),
        box.onDidAccept(async () => {
          const problem = taskIdProblem(box.value);
          if (problem) {
            box.validationMessage = problem;
            return;
          }
          box.busy = true;
          box.enabled = false;
          try {
            resolve(await manager.track(box.value.trim()));
          } catch (err) {
            // The provider's refusal, in the box: the id stays to be corrected.
            box.validationMessage = err instanceof Error ? err.message : String(err);
            box.busy = false;
            box.enabled = true;
          }
        }),
        box.onDidHide(() => reject(new UserCancelled())),
      );
      box.show();
    });
  } finally {
    for (const s of subs) s.dispose();
    box.dispose();
  }
}
