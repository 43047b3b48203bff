import { describe, expect, it } from 'vitest';
import { priceOffer } from '../../../server/domain/pricing.ts';
import {
  formatMoney,
  parseTemplate,
  renderTemplate,
  unknownVariables,
} from '../../../server/domain/templates.ts';
import { OfferTerms } from '../../../shared/campaign.ts';
import { makeCatalog, makeState, NOW, product } from './fixtures.ts';

const state = makeState({
  account: { name: 'Acme Corp', seats: 1250, plan: 'pro', attributes: { hourly_rate: 75, csm: 'Dana' } },
  user: { role: 'admin', attributes: { first_name: 'Kim' } },
  usage: {
    exports: { value: 170, limit: 200 },
    storage: { value: 12, limit: null },
    'api.calls': { value: 5, limit: 10 },
  },
});
const catalog = makeCatalog([
  product('reports', { price: { amount: 300_000, currency: 'USD', interval: 'year' } }),
]);
const offer = priceOffer(
  { kind: 'product', key: 'reports', name: 'Reports', description: '' },
  OfferTerms.parse({ expiresAt: '2026-07-01T00:00:00.000Z' }),
  catalog,
  NOW,
);
const data = {
  state,
  locale: 'en-US',
  product: { name: 'Reports pack', description: 'Scheduled reports' },
  offer,
};
const render = (text: string, d: Parameters<typeof renderTemplate>[1] = data) =>
  renderTemplate(parseTemplate(text), d);

describe('renderTemplate', () => {
  it('fills account, usage, product and offer variables from server data', () => {
    const r = render(
      '{{account.name}} has {{ account.seats }} seats and used {{usage.exports.percent}}% ' +
        '({{usage.exports.value}}/{{usage.exports.limit}}). {{product.name}} is {{offer.price}}/{{offer.interval}}.',
      data,
    );
    expect(r).toEqual({
      text: 'Acme Corp has 1,250 seats and used 85% (170/200). Reports pack is $3,000.00/year.',
      unresolved: [],
    });
  });

  it('fills attributes and builds an ROI line', () => {
    const r = render(
      'At USD {{account.attributes.hourly_rate}}/h, {{user.attributes.first_name}}, ask {{account.csm}}.',
      data,
    );
    expect(r.text).toBe('At USD 75/h, Kim, ask Dana.');
  });

  it('renders unknown or empty variables as nothing and reports each once', () => {
    const r = render(
      '{{nope}}{{usage.storage.percent}}|{{account.attributes.missing}}|{{nope}}|{{offer.annualPrice}}',
      data,
    );
    expect(r).toEqual({
      text: '|||',
      unresolved: ['nope', 'usage.storage.percent', 'account.attributes.missing', 'offer.annualPrice'],
    });
  });

  it('leaves text that is not a variable alone and never interprets markup', () => {
    const r = render('<b>{{ account.plan }}</b> {single} {{ }} {{account.name', data);
    expect(r.text).toBe('<b>pro</b> {single} {{ }} {{account.name');
  });

  it('formats numbers and money for the locale', () => {
    expect(render('{{account.seats}} · {{offer.price}}', { ...data, locale: 'de-DE' }).text).toMatch(
      /^1\.250 · 3\.000,00\s\$$/,
    );
    expect(formatMoney(123_456, 'EUR', 'fr-FR')).toMatch(/1\s234,56\s€/);
    expect(formatMoney(100, 'USD', 'not a locale!')).toBe('$1.00');
    expect(render('{{offer.expiresAt}}', data).text).toBe('Jul 1, 2026');
  });

  it('counts a blank value as no value: it would leave the same hole', () => {
    const blank = makeState({ account: { name: '', attributes: { csm: '  ' } } });
    const r = render('{{account.name}}|{{account.csm}}|{{product.description}}', {
      ...data,
      state: blank,
      product: { name: 'Reports pack', description: '' },
    });
    expect(r).toEqual({ text: '||', unresolved: ['account.name', 'account.csm', 'product.description'] });
  });

  it('parses a text once into literals and variables, and renders the parse for any account', () => {
    const template = parseTemplate('Hi {{ account.name }}, {{usage.exports.percent}}% used.');
    expect(template).toEqual({
      literals: ['Hi ', ', ', '% used.'],
      variables: ['account.name', 'usage.exports.percent'],
    });
    expect(renderTemplate(template, data).text).toBe('Hi Acme Corp, 85% used.');
    expect(parseTemplate('no variables')).toEqual({ literals: ['no variables'], variables: [] });
  });

  it('does not render object values or the prototype', () => {
    const r = render(
      '{{account.attributes}}{{account.attributes.constructor}}{{account.attributes.__proto__}}',
      data,
    );
    expect(r.text).toBe('');
    expect(r.unresolved).toHaveLength(3);
  });
});

describe('ROI variables', () => {
  const roi = { hoursSavedPerSeatPerWeek: 5, hourlyRate: { amount: 7_500, currency: 'USD' } };
  const twelveSeats = makeState({ account: { seats: 12 } });
  const line = '{{roi.hoursPerWeek}} h/week, {{roi.hoursPerYear}} hours a year — about {{roi.valuePerYear}}';

  it("computes hours and value from the campaign's ROI model and the account's seats", () => {
    expect(render(line, { ...data, locale: 'en', state: twelveSeats, roi })).toEqual({
      text: '60 h/week, 3,120 hours a year — about $234,000.00',
      unresolved: [],
    });
    expect(render(line, { ...data, locale: 'de-DE', state: twelveSeats, roi }).text).toMatch(
      /^60 h\/week, 3\.120 hours a year — about 234\.000,00\s\$$/,
    );
    const halfHour = { hoursSavedPerSeatPerWeek: 0.5 };
    const threeSeats = makeState({ account: { seats: 3 } });
    expect(render('{{roi.hoursPerWeek}}', { ...data, state: threeSeats, roi: halfHour }).text).toBe('1.5');
  });

  it('has no value without a model, without an hourly rate, or for an account with no seats', () => {
    expect(render(line, { ...data, state: twelveSeats }).unresolved).toEqual([
      'roi.hoursPerWeek',
      'roi.hoursPerYear',
      'roi.valuePerYear',
    ]);
    const noRate = { hoursSavedPerSeatPerWeek: 5 };
    expect(render(line, { ...data, state: twelveSeats, roi: noRate })).toEqual({
      text: '60 h/week, 3,120 hours a year — about ',
      unresolved: ['roi.valuePerYear'],
    });
    const noSeats = makeState({ account: { seats: 0 } });
    expect(render(line, { ...data, state: noSeats, roi }).unresolved).toHaveLength(3);
    expect(render('{{roi.hoursPerYear.x}}{{roi.savings}}', { ...data, roi }).unresolved).toHaveLength(2);
  });
});

describe('template variables', () => {
  it('reads metric names that contain dots', () => {
    expect(render('{{usage.api.calls.percent}}% of {{usage.api.calls.limit}}', data).text).toBe('50% of 10');
  });

  it('lists variables no account could fill, for validating copy on save', () => {
    const text =
      '{{account.seats}} {{usage.x.percent}} {{usage.x}} {{product.price}} {{offer.price}} {{foo.bar}} {{foo.bar}}';
    expect(unknownVariables(text)).toEqual(['usage.x', 'product.price', 'foo.bar']);
    expect(
      unknownVariables('{{roi.hoursPerWeek}} {{roi.hoursPerYear}} {{roi.valuePerYear}} {{roi.value}}'),
    ).toEqual(['roi.value']);
  });

  it('lists placeholders that are not variables at all: there is no fallback syntax to rely on', () => {
    expect(
      unknownVariables('Hi {{ account.name | there }}, {{ }} {{offer.prize}} {single} {{account.name'),
    ).toEqual(['account.name | there', '', 'offer.prize']);
  });
});
