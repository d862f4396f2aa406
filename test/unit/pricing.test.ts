// Cost estimates: the dated built-in table (only doubao-seedance-2-0 is confirmed), unknown
// prices never shown as $0, and prices people set in settings.
import assert from 'node:assert/strict';
import {
  BUILT_IN_CATALOG,
  BUILT_IN_MODELS,
  ModelCatalog,
  PRICES_AS_OF,
  estimateCost,
  parseCustomModels,
} from '../../src/api';
import { describeSpend } from '../../src/views/jobLabels';

describe('cost estimates', () => {
  for (const model of BUILT_IN_MODELS) {
    for (const resolution of model.resolutions) {
      for (const seconds of [model.seconds.min, model.seconds.max]) {
        const confirmed = model.id === 'doubao-seedance-2-0';
        it(`${model.id} ${resolution} ${seconds} s: ${confirmed ? `$0.08/s (prices of ${PRICES_AS_OF})` : 'price unknown, never $0'}`, () => {
          const e = estimateCost(model, resolution, seconds);
          if (confirmed) {
            assert.equal(e.usd, 0.08 * seconds);
            assert.equal(e.label, `≈ $${(0.08 * seconds).toFixed(2)} (estimate, prices of 2026-08)`);
          } else {
            assert.equal(e.usd, undefined);
            assert.equal(e.label, 'price unknown');
          }
        });
      }
    }
  }

  it('5 s of Seedance 2.0 is ≈ $0.40', () => {
    assert.equal(
      estimateCost(BUILT_IN_CATALOG.find('doubao-seedance-2-0'), '720p', 5).label,
      '≈ $0.40 (estimate, prices of 2026-08)',
    );
  });

  it('an unknown model is price unknown', () => {
    assert.equal(estimateCost(undefined, '720p', 5).label, 'price unknown');
  });

  it('a price set in settings is used, per resolution, and labelled as yours', () => {
    const { models } = parseCustomModels([
      {
        id: 'seedance-2-5',
        minSeconds: 4,
        maxSeconds: 30,
        resolutions: ['480p', '720p'],
        pricePerSecond: { '480p': 0.103, '720p': 0.231 },
      },
    ]);
    const catalog = new ModelCatalog(models);
    assert.equal(estimateCost(catalog.find('seedance-2-5'), '480p', 10).label, '≈ $1.03 (estimate, your price)');
    assert.equal(estimateCost(catalog.find('seedance-2-5'), '720p', 10).usd, 2.31);
    assert.equal(estimateCost(catalog.find('seedance-2-5'), '1080p', 10).label, 'price unknown');
  });

  it('a built-in model whose price a person set is labelled as their price', () => {
    const base = BUILT_IN_CATALOG.find('doubao-seedance-1-0-pro')!;
    const overridden = { ...base, pricePerSecond: { '480p': 0.02 }, priceSource: 'settings' as const };
    assert.equal(estimateCost(overridden, '480p', 2).label, '≈ $0.04 (estimate, your price)');
  });
});

describe("this month's spend, as the Videos view's title says it", () => {
  it('says nothing before the first job', () =>
    assert.equal(describeSpend({ month: '2026-11', usd: 0, unpriced: 0, jobs: 0 }), undefined));
  it('sums the estimates', () =>
    assert.equal(describeSpend({ month: '2026-11', usd: 1.2, unpriced: 0, jobs: 3 }), '≈ $1.20 this month'));
  it('counts jobs without a price apart, never as $0', () => {
    assert.equal(
      describeSpend({ month: '2026-11', usd: 0.4, unpriced: 2, jobs: 3 }),
      '≈ $0.40 + 2 unpriced this month',
    );
    assert.equal(describeSpend({ month: '2026-11', usd: 0, unpriced: 2, jobs: 2 }), '2 unpriced jobs this month');
  });
});
