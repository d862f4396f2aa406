// Restricted Mode: what a repository in an untrusted workspace cannot make the extension do
// (spend, upload files it names, write into it, run a program). Each refusal says how to allow it.
import { workspaceTrusted } from './config';
import { restrictedModeError } from '../api/errors';

/** Refuses `what` in Restricted Mode, naming how to allow it. */
export function refuseInRestrictedMode(what: string): void {
  if (!workspaceTrusted()) throw restrictedModeError(what);
}
