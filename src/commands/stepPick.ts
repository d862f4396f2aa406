// One step of a multi-step flow: a quick pick with the flow's title, its step counter and Back.
import * as vscode from 'vscode';
import { showPick } from '../views/quickPick';

/** Back was pressed: the flow goes to the step before. */
export const BACK = Symbol('back');

export interface StepInfo {
  title: string;
  step: number;
  totalSteps: number;
  back: boolean;
}

/** The value of the item chosen, or BACK; Esc is UserCancelled (the whole flow ends). */
export function pick<T>(
  s: StepInfo,
  placeholder: string,
  items: (vscode.QuickPickItem & { value: T })[],
  active: T | undefined,
): Promise<T | typeof BACK> {
  return showPick<vscode.QuickPickItem & { value: T }, T | typeof BACK>(
    (qp) => {
      qp.title = s.title;
      qp.step = s.step;
      qp.totalSteps = s.totalSteps;
      qp.placeholder = placeholder;
      qp.items = items;
      qp.activeItems = items.filter((i) => i.value === active).slice(0, 1);
      qp.buttons = s.back ? [vscode.QuickInputButtons.Back] : [];
    },
    {
      accept: (qp) => (qp.selectedItems[0] ?? qp.activeItems[0])?.value,
      button: (b) => (b === vscode.QuickInputButtons.Back ? BACK : undefined),
    },
  );
}
