// A request sent under a notification: what is uploading and how far, and a Cancel that stops it
// before the provider answers (the job is then never started, or is found by its id).
import * as vscode from 'vscode';
import { t } from '../api/i18n';
import type { Job } from '../jobs/job';
import type { JobManager } from '../jobs/jobManager';
import type { Plan } from '../plan/plan';
import type { SendOptions } from '../plan/submit';

export function sendWithProgress(manager: JobManager, plan: Plan, how: SendOptions): Thenable<Job> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Seedance', cancellable: true },
    (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const images = plan.request.images;
      const uploading = images.length === 1 ? images[0].name : t('{0} images', images.length);
      progress.report({ message: images.length ? t('uploading {0}…', uploading) : t('submitting…') });
      let shown = 0;
      const onUpload = (sent: number, total: number) => {
        const pct = Math.floor((sent / total) * 100);
        if (pct > shown) {
          progress.report({ increment: pct - shown, message: t('uploading {0} ({1}%)', uploading, pct) });
          shown = pct;
        }
      };
      return manager.submit(plan, { ...how, signal: controller.signal, onUpload });
    },
  );
}
