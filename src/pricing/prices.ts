// Every price the extension knows: the provider's, read from its pages (dated), and the ones a
// person sets in `seedance.prices` (which win). A model without either is "price unknown".
import { ModelCatalog, type ModelInfo, RESOLUTIONS, type Resolution } from '../api/models';

/** When the built-in prices were read from the provider's pages. */
export const PRICES_AS_OF = '2026-08';

export type PerSecond = Partial<Readonly<Record<Resolution, number>>>;

/** US dollars per second of video, by model id. */
export const BUILT_IN_PRICES: Readonly<Record<string, PerSecond>> = {
  // The provider's model page: $0.08 per second, no per-resolution table (api-contract.md).
  'doubao-seedance-2-0': { '480p': 0.08, '720p': 0.08 },
};

/** `seedance.prices` as set: model id → one number, or one per resolution. Invalid entries are skipped. */
export function parsePriceOverrides(raw: unknown): Record<string, PerSecond> {
  if (typeof raw !== 'object' || raw === null) return {};
  const valid = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n) && n >= 0;
  const out: Record<string, PerSecond> = {};
  for (const [id, v] of Object.entries(raw as Record<string, unknown>)) {
    if (valid(v)) out[id] = Object.fromEntries(RESOLUTIONS.map((r) => [r, v]));
    else if (typeof v === 'object' && v !== null) {
      const each = Object.fromEntries(
        Object.entries(v as Record<string, unknown>).filter(
          ([r, n]) => (RESOLUTIONS as readonly string[]).includes(r) && valid(n),
        ),
      );
      if (Object.keys(each).length) out[id] = each;
    }
  }
  return out;
}

/**
 * The catalog (built-in models plus `added`) with prices: the person's override, else the
 * model's own (a `seedance.models` entry may carry one), else the provider's.
 */
export function pricedCatalog(
  added: readonly ModelInfo[] = [],
  overrides: Record<string, PerSecond> = {},
): ModelCatalog {
  return new ModelCatalog(new ModelCatalog(added).all.map((m) => priced(m, overrides[m.id])));
}

function priced(model: ModelInfo, override: PerSecond | undefined): ModelInfo {
  if (override) return { ...model, pricePerSecond: only(model, override), priceSource: 'settings' };
  if (model.pricePerSecond) return model;
  const provider = model.builtIn ? BUILT_IN_PRICES[model.id] : undefined;
  return provider ? { ...model, pricePerSecond: only(model, provider), priceSource: 'provider' } : model;
}

/** The prices of the resolutions the model has. */
function only(model: ModelInfo, prices: PerSecond): PerSecond {
  return Object.fromEntries(model.resolutions.flatMap((r) => (prices[r] === undefined ? [] : [[r, prices[r]]])));
}
