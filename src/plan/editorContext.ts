// The editor's side of planning (the one file of plan/ that knows `vscode`): the catalog as the
// settings say now, the workspace folders images must lie in, trust, and which folder a video goes to.
import * as vscode from 'vscode';
import { generationDefaults, modelCatalog, workspaceTrusted } from '../common/config';
import { workspaceRoots } from '../common/workspacePaths';
import type { PlanContext } from './plan';

/** `extraRoots`: more folders images may come from (the extension's own storage, where videos without a folder are kept). */
export function editorPlanContext(extraRoots: readonly string[] = []): PlanContext {
  return {
    catalog: modelCatalog(),
    roots: [...workspaceRoots(), ...extraRoots],
    trusted: workspaceTrusted(),
    defaultModel: generationDefaults().model,
    folderFor,
  };
}

/** The workspace folder a video belongs to: its image's, the document it came from, the active editor's, or the first. */
function folderFor(image: string | undefined, near: string | undefined): string | undefined {
  const from = image
    ? vscode.Uri.file(image)
    : near
      ? vscode.Uri.parse(near)
      : vscode.window.activeTextEditor?.document.uri;
  return (
    (from && vscode.workspace.getWorkspaceFolder(from)?.uri) ??
    vscode.workspace.workspaceFolders?.[0]?.uri
  )?.toString();
}
