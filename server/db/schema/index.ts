export * from './accounts.ts';
export * from './campaigns.ts';
export * from './catalog.ts';
export * from './console.ts';
export * from './events.ts';
export * from './money.ts';
export * from './webhooks.ts';
export * from './workspaces.ts';
