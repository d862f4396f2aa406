// The one quick-pick helper: a pick shown until it gives an answer, its listeners and itself
// disposed however it ends. Hiding it without an answer (Esc, a click elsewhere) is UserCancelled,
// so every flow ends the same way and nothing is sent.
import * as vscode from 'vscode';
import { UserCancelled } from '../common/cancelled';

export interface PickHandlers<I extends vscode.QuickPickItem, R> {
  /** Enter: a value ends the pick with it; undefined keeps it open (the handler may redraw it). */
  readonly accept: (qp: vscode.QuickPick<I>) => R | undefined;
  /** A title-bar button (Back): a value ends the pick with it. */
  readonly button?: (button: vscode.QuickInputButton) => R | undefined;
}

/** Shows the pick `setup` fills in, and resolves with the first answer its handlers give. */
export async function showPick<I extends vscode.QuickPickItem, R>(
  setup: (qp: vscode.QuickPick<I>) => void,
  on: PickHandlers<I, R>,
): Promise<R> {
  const qp = vscode.window.createQuickPick<I>();
  qp.ignoreFocusOut = true;
  setup(qp);
  const listeners: vscode.Disposable[] = [];
  try {
    return await new Promise<R>((resolve, reject) => {
      const answer = (value: R | undefined) => {
        if (value !== undefined) resolve(value);
      };
      listeners.push(
        qp.onDidAccept(() => answer(on.accept(qp))),
        qp.onDidTriggerButton((b) => answer(on.button?.(b))),
        // After an answer, the hide that follows is harmless: the promise is settled.
        qp.onDidHide(() => reject(new UserCancelled())),
      );
      qp.show();
    });
  } finally {
    for (const l of listeners) l.dispose();
    qp.dispose();
  }
}
