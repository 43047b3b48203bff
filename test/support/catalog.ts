/** Builders for catalogue bodies: `productBody('insights', { role: 'anchor' })`. */
export function productBody(key: string, overrides: Record<string, unknown> = {}) {
  return {
    key,
    name: `Product ${key}`,
    role: 'attach',
    price: { amount: 4900, currency: 'USD', interval: 'month' },
    ...overrides,
  };
}

export function bundleBody(key: string, productKeys: string[], overrides: Record<string, unknown> = {}) {
  return { key, name: `Bundle ${key}`, productKeys, ...overrides };
}
