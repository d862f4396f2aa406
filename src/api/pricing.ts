// What a job will probably cost, from the model catalog's prices (built in, or set by the person).
// Only doubao-seedance-2-0's price is confirmed by the provider (its model page, $0.08 per second,
// read in August 2026); every other built-in model is "price unknown" until a person sets one:
// never $0.
import { t } from './i18n';
import type { ModelInfo, Resolution } from './models';

/** When the built-in prices were read from the provider's pages. */
export const PRICES_AS_OF = '2026-08';

export interface CostEstimate {
  /** US dollars; undefined when the price is unknown. */
  readonly usd?: number;
  /** "≈ $0.40 (estimate, prices of 2026-08)" or "price unknown". */
  readonly label: string;
}

export function estimateCost(model: ModelInfo | undefined, resolution: string, seconds: number): CostEstimate {
  const perSecond = model?.pricePerSecond?.[resolution as Resolution];
  if (perSecond === undefined || !Number.isFinite(seconds)) return { label: t('price unknown') };
  const usd = perSecond * seconds;
  const label =
    model?.priceSource === 'provider'
      ? t('≈ {0} (estimate, prices of {1})', formatUsd(usd), PRICES_AS_OF)
      : t('≈ {0} (estimate, your price)', formatUsd(usd));
  return { usd, label };
}

export function formatUsd(usd: number): string {
  return `$${usd < 10 ? usd.toFixed(2) : usd.toFixed(0)}`;
}
