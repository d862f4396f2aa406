// What a job will probably cost, from the model's price (built in, or set by the person). Only
// doubao-seedance-2-0's price is confirmed by the provider (its model page, $0.08 per second, read
// in August 2026); every other built-in model is "price unknown" until a person sets one: never $0.
// An estimate is data (dollars and where the price came from); its words are made when shown.
import { t } from '../api/i18n';
import { type ModelInfo, isResolution } from '../api/models';
import { PRICES_AS_OF } from './prices';

export interface CostEstimate {
  /** US dollars; undefined when the price is unknown. */
  readonly usd?: number;
  /** Whose price: the provider's page (dated PRICES_AS_OF) or the person's settings. */
  readonly source?: 'provider' | 'settings';
}

export function estimateCost(model: ModelInfo | undefined, resolution: string, seconds: number): CostEstimate {
  const perSecond = isResolution(resolution) ? model?.pricePerSecond?.[resolution] : undefined;
  if (perSecond === undefined || !Number.isFinite(seconds)) return {};
  return { usd: perSecond * seconds, ...(model?.priceSource && { source: model.priceSource }) };
}

/** "≈ $0.40 (estimate, prices of 2026-08)", "≈ $0.40 (estimate, your price)" or "price unknown", in the person's language. */
export function costLabel(cost: CostEstimate | undefined): string {
  if (cost?.usd === undefined) return t('price unknown');
  if (cost.source === 'provider') return t('≈ {0} (estimate, prices of {1})', formatUsd(cost.usd), PRICES_AS_OF);
  if (cost.source === 'settings') return t('≈ {0} (estimate, your price)', formatUsd(cost.usd));
  return t('≈ {0} (estimate)', formatUsd(cost.usd));
}

/** The same, in English (the log, the language-model tools, the MCP server). */
export function costInEnglish(cost: CostEstimate | undefined): string {
  if (cost?.usd === undefined) return 'price unknown';
  const usd = formatUsd(cost.usd);
  if (cost.source === 'provider') return `≈ ${usd} (estimate, prices of ${PRICES_AS_OF})`;
  return cost.source === 'settings' ? `≈ ${usd} (estimate, your price)` : `≈ ${usd} (estimate)`;
}

export function formatUsd(usd: number): string {
  return `$${usd < 10 ? usd.toFixed(2) : usd.toFixed(0)}`;
}
