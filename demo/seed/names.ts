import type { Rng } from './prng.ts';

const words = (text: string) => text.split(' ');

const COMPANY_FIRST = words(
  'Northwind Bluefin Cobalt Granite Juniper Harbor Summit Lantern Copper Meridian Orchid Pioneer Quartz ' +
    'Redwood Sable Tidal Umber Vertex Willow Zephyr Atlas Beacon Cedar Delta Ember Falcon Glacier Helix Ion Kestrel',
);
const COMPANY_SECOND = words(
  'Labs Systems Health Logistics Retail Capital Media Works Cloud Foods Energy Mobility Learning Robotics ' +
    'Partners Supply Studio Networks Bio Group',
);
const FIRST_NAMES = words(
  'Ada Ben Chloe Dev Elena Farid Grace Hiro Ines Jonas Kemi Luca Maya Noah Olga Priya Quinn Rosa Sam Tariq ' +
    'Uma Victor Wen Yara Zoe',
);
const LAST_NAMES = words(
  'Adeyemi Berg Castro Dubois Eriksen Fischer Garcia Haddad Ivanova Jensen Kim Lopez Moreau Nakamura Okafor ' +
    'Patel Rossi Schmidt Tanaka Novak',
);

export const INDUSTRIES = words('saas fintech ecommerce healthcare media logistics education manufacturing');

export function companyName(rng: Rng): string {
  return `${rng.pick(COMPANY_FIRST)} ${rng.pick(COMPANY_SECOND)}`;
}

export function personName(rng: Rng): { first: string; last: string } {
  return { first: rng.pick(FIRST_NAMES), last: rng.pick(LAST_NAMES) };
}

/** A mail domain from the company name, made unique by the account id. */
export function mailDomain(company: string, accountId: string): string {
  const base = company.toLowerCase().replace(/[^a-z]+/g, '');
  return `${base}-${accountId.replace(/[^a-z0-9]/gi, '').toLowerCase()}.example`;
}
