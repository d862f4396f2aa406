// A script's scenes checked as the person writes them, in the Problems panel and as squiggles:
// what would be refused (validation's checks on each scene's request: model, ranges, the prompt's
// length, its image's kind, place, size and pixels, an image for a model that takes none) is an
// error on the line that caused it; what would probably render worse (time ranges for shot labels,
// too many shots for the clip, an [Image N] not sent) a warning. Quick fixes where one is obvious.
// A presenter of sceneChecks.ts and planScene: nothing here sends or writes a file.
import * as vscode from 'vscode';
import { t } from '../api/i18n';
import { DEFAULT_SECONDS } from '../api/models';
import { modelCatalog, workspaceTrusted } from '../common/config';
import { Disposable } from '../common/lifecycle';
import type { JobStore } from '../jobs/jobStore';
import { type CheckWords, type SceneCheck, type SceneFix, promptChecks, requestCheck } from './sceneChecks';
import { sceneStates } from './sceneJobs';
import { SCRIPT_SELECTOR, isScript } from './sceneLenses';
import { planScene, sceneModel } from './sceneSummary';
import { tooLargeForScript } from './scriptDocument';

/** How long typing must pause before a script is checked again. */
const SETTLE_MS = 300;

export const WORDS: CheckWords = {
  timestamps: (count) =>
    t(
      'Time ranges lead {0} lines of this scene: Seedance follows shot labels ("Shot 1:", "Shot 2:") better than timestamps',
      count,
    ),
  tooManyShots: (shots, seconds, most) =>
    t(
      '{0} shots in {1} seconds: about one shot per 5 seconds renders well (three in a 15-second clip), so this clip holds about {2}',
      shots,
      seconds,
      most,
    ),
  imageNotSent: (n, sent) =>
    sent
      ? t('[Image {0}] is named, but the scene sends only {1}', n, sent)
      : t('[Image {0}] is named, but the scene sends no image', n),
  useImageModel: (model) => t('Use {0}, which takes images', model),
  useShotLabels: () => t('Write shot labels instead of time ranges'),
};

const SEVERITY = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  hint: vscode.DiagnosticSeverity.Hint,
} as const;

export class SceneDiagnostics extends Disposable implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  readonly #collection = this._register(vscode.languages.createDiagnosticCollection('seedance'));
  /** Each published diagnostic's fix, by document. */
  readonly #fixes = new Map<string, { diagnostic: vscode.Diagnostic; fix: SceneFix }[]>();
  readonly #pending = new Map<string, NodeJS.Timeout>();
  /** Fires when a document's diagnostics were published (tests wait for it). */
  readonly #onDidCheck = this._register(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidCheck = this.#onDidCheck.event;

  constructor(private readonly store: JobStore) {
    super();
    for (const d of [
      vscode.languages.registerCodeActionsProvider(SCRIPT_SELECTOR, this, {
        providedCodeActionKinds: SceneDiagnostics.kinds,
      }),
      vscode.workspace.onDidOpenTextDocument((doc) => this.#soon(doc)),
      vscode.workspace.onDidChangeTextDocument((e) => this.#soon(e.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.#forget(doc.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('seedance')) this.#all();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.#all()),
      { dispose: () => this.#pending.forEach((timer) => clearTimeout(timer)) },
    ])
      this._register(d);
    this.#all();
  }

  #all(): void {
    for (const doc of vscode.workspace.textDocuments) this.#soon(doc);
  }

  #soon(doc: vscode.TextDocument): void {
    if (doc.languageId !== 'markdown' || doc.uri.scheme === 'output') return;
    const key = doc.uri.toString();
    clearTimeout(this.#pending.get(key));
    this.#pending.set(
      key,
      setTimeout(() => {
        this.#pending.delete(key);
        void this.check(doc);
      }, SETTLE_MS),
    );
  }

  #forget(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.#pending.get(key));
    this.#pending.delete(key);
    this.#fixes.delete(key);
    this.#collection.delete(uri);
  }

  /** Checks `doc` now and publishes what it found (unless it changed meanwhile). */
  async check(doc: vscode.TextDocument): Promise<void> {
    const file = doc.uri.toString();
    const version = doc.version;
    const text = doc.getText();
    if (
      doc.isClosed ||
      tooLargeForScript(doc) ||
      !isScript(doc.uri, text, () => this.store.all().some((j) => j.origin?.file === file))
    )
      return this.#forget(doc.uri);
    const lines = text.split(/\r?\n/);
    const catalog = modelCatalog();
    const imageModel = catalog.imageModels()[0]?.id;
    const checks: SceneCheck[] = [];
    for (const state of sceneStates(file, text, this.store.all())) {
      const planned = await planScene(doc.uri, state);
      const request = planned.plan?.request;
      for (const issue of planned.issues ?? (planned.problem ? [{ field: 'request', message: planned.problem }] : []))
        // Restricted Mode is said once, by the lens at the top, not as a problem on every image.
        if (issue.field !== 'workspaceTrust')
          checks.push(
            requestCheck(
              lines,
              state.scene,
              issue,
              { imageModel, modelTakesImages: !!catalog.find(sceneModel(state.scene) ?? '')?.acceptsImage },
              WORDS,
            ),
          );
      checks.push(
        ...promptChecks(
          lines,
          state.scene,
          {
            seconds: request?.seconds ?? state.scene.settings.seconds ?? DEFAULT_SECONDS,
            images: request?.images.length ?? (state.scene.settings.image ? 1 : 0),
          },
          WORDS,
        ),
      );
    }
    if (doc.isClosed || doc.version !== version) return;
    const fixes: { diagnostic: vscode.Diagnostic; fix: SceneFix }[] = [];
    const diagnostics = checks.map((c) => {
      const d = new vscode.Diagnostic(
        new vscode.Range(c.line, c.start, c.line, c.end),
        c.message,
        SEVERITY[c.severity],
      );
      d.source = 'Seedance';
      d.code = c.code;
      if (c.fix) fixes.push({ diagnostic: d, fix: c.fix });
      return d;
    });
    this.#fixes.set(file, fixes);
    this.#collection.set(doc.uri, diagnostics);
    this.#onDidCheck.fire(doc.uri);
  }

  provideCodeActions(
    doc: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    if (!workspaceTrusted()) return [];
    const fixes = this.#fixes.get(doc.uri.toString()) ?? [];
    const actions: vscode.CodeAction[] = [];
    for (const asked of context.diagnostics) {
      const held = fixes.find(
        ({ diagnostic: d }) => d.code === asked.code && d.message === asked.message && d.range.isEqual(asked.range),
      );
      if (!held) continue;
      const action = new vscode.CodeAction(held.fix.title, vscode.CodeActionKind.QuickFix);
      const edit = new vscode.WorkspaceEdit();
      for (const e of held.fix.edits) edit.replace(doc.uri, new vscode.Range(e.line, e.start, e.line, e.end), e.text);
      action.edit = edit;
      action.diagnostics = [asked];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}
