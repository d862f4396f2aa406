// Base for every long-lived object: what it registers is disposed with it.
import type * as vscode from 'vscode';

export abstract class Disposable implements vscode.Disposable {
  #disposables: vscode.Disposable[] = [];
  #isDisposed = false;

  get isDisposed(): boolean {
    return this.#isDisposed;
  }

  protected _register<T extends vscode.Disposable>(disposable: T): T {
    if (this.#isDisposed) disposable.dispose();
    else this.#disposables.push(disposable);
    return disposable;
  }

  dispose(): void {
    if (this.#isDisposed) return;
    this.#isDisposed = true;
    for (const d of this.#disposables.splice(0).reverse()) d.dispose();
  }
}
