// Cost estimates (src/pricing): the dated built-in table (only doubao-seedance-2-0 is confirmed), unknown
// prices never shown as $0, and prices people set in settings.
import assert from 'node:assert/strict';
import { BUILT_IN_MODELS, parseCustomModels, useTranslator } from '../../src/api';
import { costInEnglish, costLabel, estimateCost } from '../../src/pricing/estimate';
import { PRICES_AS_OF, parsePriceOverrides, pricedCatalog } from '../../src/pricing/prices';
import { describeSpend } from '../../src/views/jobLabels';

describe('cost estimates', () => {
  for (const model of BUILT_IN_MODELS) {
    for (const resolution of model.resolutions) {
      for (const seconds of [model.seconds.min, model.seconds.max]) {
        const confirmed = model.id === 'doubao-seedance-2-0';
        it(`${model.id} ${resolution} ${seconds} s: ${confirmed ? `$0.08/s (prices of ${PRICES_AS_OF})` : 'price unknown, never $0'}`, () => {
          const e = estimateCost(pricedCatalog().find(model.id), resolution, seconds);
          if (confirmed) {
            assert.equal(e.usd, 0.08 * seconds);
            assert.equal(costLabel(e), `≈ $${(0.08 * seconds).toFixed(2)} (estimate, prices of 2026-08)`);
          } else {
            assert.equal(e.usd, undefined);
            assert.equal(costLabel(e), 'price unknown');
          }
        });
      }
    }
  }

  it('5 s of Seedance 2.0 is ≈ $0.40', () => {
    assert.equal(
      costLabel(estimateCost(pricedCatalog().find('doubao-seedance-2-0'), '720p', 5)),
      '≈ $0.40 (estimate, prices of 2026-08)',
    );
  });

  it('an unknown model is price unknown', () => {
    assert.equal(costLabel(estimateCost(undefined, '720p', 5)), 'price unknown');
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
    const catalog = pricedCatalog(models);
    assert.equal(costLabel(estimateCost(catalog.find('seedance-2-5'), '480p', 10)), '≈ $1.03 (estimate, your price)');
    assert.equal(estimateCost(catalog.find('seedance-2-5'), '720p', 10).usd, 2.31);
    assert.equal(costLabel(estimateCost(catalog.find('seedance-2-5'), '1080p', 10)), 'price unknown');
  });

  it("seedance.prices wins over the built-in table, is labelled as the person's price, and skips what is not a price", () => {
    const catalog = pricedCatalog(
      [],
      parsePriceOverrides({
        'doubao-seedance-1-0-pro': { '480p': 0.02, '4k': 9, '720p': -1 },
        'doubao-seedance-2-0': 0.05,
        'doubao-seedance-2-0-fast': 'cheap',
      }),
    );
    assert.equal(
      costLabel(estimateCost(catalog.find('doubao-seedance-1-0-pro'), '480p', 2)),
      '≈ $0.04 (estimate, your price)',
    );
    assert.equal(costLabel(estimateCost(catalog.find('doubao-seedance-1-0-pro'), '720p', 2)), 'price unknown');
    assert.equal(
      costLabel(estimateCost(catalog.find('doubao-seedance-2-0'), '720p', 4)),
      '≈ $0.20 (estimate, your price)',
    );
    assert.equal(costLabel(estimateCost(catalog.find('doubao-seedance-2-0-fast'), '720p', 4)), 'price unknown');
  });

  it('seedance.prices wins over a price the model itself carries (an added model’s pricePerSecond)', () => {
    const { models } = parseCustomModels([
      { id: 'seedance-2-5', minSeconds: 4, maxSeconds: 30, resolutions: ['720p'], pricePerSecond: 0.2 },
    ]);
    const catalog = pricedCatalog(models, parsePriceOverrides({ 'seedance-2-5': 0.05 }));
    assert.equal(
      estimateCost(catalog.find('seedance-2-5'), '720p', 10).usd,
      0.5,
      'the person’s $0.05, not the model’s $0.20',
    );
  });

  it('seedance.prices at its edges: a price of 0 is a price, an entry with no valid resolution leaves the built-in one, nothing else throws', () => {
    assert.deepEqual(parsePriceOverrides(null), {});
    assert.deepEqual(parsePriceOverrides('0.05'), {});
    const catalog = pricedCatalog(
      [],
      parsePriceOverrides({
        'doubao-seedance-1-5-pro': 0,
        'doubao-seedance-2-0': { '4k': 1 },
        'doubao-seedance-1-0-pro': null,
      }),
    );
    assert.deepEqual(estimateCost(catalog.find('doubao-seedance-1-5-pro'), '720p', 5), { usd: 0, source: 'settings' });
    assert.deepEqual(estimateCost(catalog.find('doubao-seedance-2-0'), '720p', 5), { usd: 0.4, source: 'provider' });
    assert.deepEqual(estimateCost(catalog.find('doubao-seedance-1-0-pro'), '720p', 5), {});
  });

  it("an estimate is stored as data and worded when shown: in the person's language, or in English for the log and agents", () => {
    const estimate = estimateCost(pricedCatalog().find('doubao-seedance-2-0'), '720p', 5);
    assert.deepEqual(estimate, { usd: 0.4, source: 'provider' });
    useTranslator((m, ...a) => `«${m.replace(/\{(\d)\}/g, (_, i: string) => String(a[Number(i)]))}»`);
    try {
      assert.equal(costLabel(estimate), '«≈ $0.40 (estimate, prices of 2026-08)»');
      assert.equal(costInEnglish(estimate), '≈ $0.40 (estimate, prices of 2026-08)');
      assert.equal(costInEnglish({}), 'price unknown');
    } finally {
      useTranslator();
    }
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
