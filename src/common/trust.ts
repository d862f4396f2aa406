// Restricted Mode: what a repository in an untrusted workspace cannot make the extension do
// (spend, upload files it names, write into it, run a program). Each refusal says how to allow it.
import { workspaceTrusted } from './config';
import { ValidationError } from '../api/errors';
import { t } from '../api/i18n';

/** Refuses `what` in Restricted Mode, naming how to allow it. */
export function refuseInRestrictedMode(what: string): void {
  if (workspaceTrusted()) return;
  throw new ValidationError([
    {
      field: 'workspaceTrust',
      message: t(
        '{0} is off in Restricted Mode: a repository you did not write could spend or upload through it. Trust this workspace (Manage Workspace Trust) to allow it.',
        what,
      ),
    },
  ]);
}
